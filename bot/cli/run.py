"""``run``: long polling with BOT_TOKEN."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings


async def main(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.has_token:
        print("BOT_TOKEN не задан: укажите токен в окружении или .env (офлайн-режим: python -m bot console)",
              file=sys.stderr)
        return 2
    from bot.runtime.polling import TokenRejected, run_polling

    try:
        await run_polling(settings)
    except TokenRejected as exc:
        print(f"Telegram не принял BOT_TOKEN ({exc}): проверьте токен у @BotFather", file=sys.stderr)
        return 2
    return 0
