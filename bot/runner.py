"""Long polling against the Bot API with start-up seeding, the command menu and a clean shutdown."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiohttp import ClientError

from bot.app import COMMANDS, build_bot, build_dispatcher, seed_if_empty
from bot.config import Settings
from bot.notifier import Notifier
from storage.db import connect

log = logging.getLogger(__name__)


async def run_polling(settings: Settings) -> None:
    db = await connect(settings.database_path)
    bot = build_bot(settings)
    dp = build_dispatcher(settings, db)
    notifier = Notifier(bot, db, rate=settings.notify_rate)

    async def on_startup() -> None:
        notifier.start()  # pending notifications (e.g. from before a crash) go out right away
        await seed_if_empty(db, settings.seeds_dir)
        try:
            await bot.set_my_commands(COMMANDS)
        except (TelegramAPIError, ClientError, TimeoutError) as exc:
            log.warning("setMyCommands failed (the menu stays as it was): %s", exc)

    async def on_shutdown() -> None:
        await notifier.stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    try:
        log.info("polling %s (database %s)", settings.telegram_api_base, settings.database_path)
        await dp.start_polling(bot, handle_signals=True, close_bot_session=True)
    finally:
        await db.close()
