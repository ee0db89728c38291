"""``webhook``: serve Telegram's updates over HTTP (several instances may share one database)."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings

MISSING = {
    "BOT_TOKEN": "укажите токен от @BotFather",
    "WEBHOOK_URL": "укажите публичный адрес HTTPS, на который Telegram будет слать обновления",
    "WEBHOOK_SECRET": "без секрета сервер принимал бы обновления от кого угодно; задайте 1–256 символов A-Z, a-z, 0-9, _ и -",
}


async def main(settings: Settings, args: argparse.Namespace) -> int:
    values = {"BOT_TOKEN": settings.bot_token, "WEBHOOK_URL": settings.webhook_url,
              "WEBHOOK_SECRET": settings.webhook_secret}
    for name, value in values.items():
        if value is None:
            print(f"{name} не задан: {MISSING[name]}.", file=sys.stderr)
            return 2
    from bot.runtime.webhook import run_webhook

    try:
        await run_webhook(settings)
    except OSError as exc:
        print(f"Не удалось слушать {settings.webhook_host}:{settings.webhook_port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    return 0
