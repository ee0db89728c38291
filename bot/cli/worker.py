"""``worker``: deliver subscription notifications (several workers may share one database)."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings


async def main(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.has_token:
        print("BOT_TOKEN не задан: укажите токен от @BotFather.", file=sys.stderr)
        return 2
    from bot.runtime.polling import TokenRejected
    from bot.runtime.worker import run_worker

    try:
        await run_worker(settings)
    except TokenRejected as exc:
        print(f"Telegram не принял BOT_TOKEN ({exc}): проверьте токен у @BotFather", file=sys.stderr)
        return 2
    return 0
