"""Long polling against the Bot API with start-up seeding, the command menu, the notifier and a clean shutdown."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiohttp import ClientError

from bot.app import build_bot, build_dispatcher
from bot.config import Settings
from bot.services import Services
from bot.services.notifier import Notifier
from bot.services.sources import seed_if_empty
from bot.views.notifications import notification_message
from bot.views.start import COMMANDS
from storage import open_store

log = logging.getLogger(__name__)


async def run_polling(settings: Settings) -> None:
    store = await open_store(settings.database_path)
    services = Services.create(store)
    bot = build_bot(settings)
    dp = build_dispatcher(settings, services)
    notifier = Notifier(bot, store, notification_message, wakeup=services.wakeup, rate=settings.notify_rate)

    async def on_startup() -> None:
        notifier.start()  # pending notifications (e.g. from before a crash) go out right away
        await seed_if_empty(services.ingest, settings.seeds_dir)
        try:
            await bot.set_my_commands(COMMANDS)
        except (TelegramAPIError, ClientError, TimeoutError) as exc:
            log.warning("setMyCommands failed (the menu stays as it was): %s", exc)

    async def on_shutdown() -> None:
        await notifier.stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    try:
        log.info("polling %s (database %s)", settings.telegram_api_base, store.location)
        await dp.start_polling(bot, handle_signals=True, close_bot_session=True)
    finally:
        await store.close()
