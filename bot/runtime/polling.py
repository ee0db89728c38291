"""Long polling against the Bot API: wait until the API answers, seed, set the menu, run the notifier, stop cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiogram import Bot
from aiogram.exceptions import TelegramNotFound, TelegramUnauthorizedError

from bot.app import build_bot, build_dispatcher
from bot.config import Settings
from bot.services import Services
from bot.services.analysis_process import AnalysisProcess
from bot.services.notifier import Notifier
from bot.services.sources import seed_if_empty
from bot.views.notifications import notification_message
from bot.views.start import COMMANDS
from storage import open_store

log = logging.getLogger(__name__)

RETRY_FIRST_S = 1.0
RETRY_MAX_S = 60.0


class TokenRejected(Exception):
    """Telegram says the token is not a bot's: waiting will not help."""


async def wait_for_api(bot: Bot, stop: asyncio.Event) -> bool:
    """Ask getMe until the Bot API answers (True), backing off while it is unreachable; False when stopped."""
    delay = RETRY_FIRST_S
    while not stop.is_set():
        try:
            await bot.me()
            return True
        except (TelegramUnauthorizedError, TelegramNotFound) as exc:
            raise TokenRejected(type(exc).__name__) from None
        except Exception as exc:  # noqa: BLE001 - network, 5xx, an HTML error page: all mean «try again later»
            log.warning("Bot API is unreachable (%s); trying again in %.0f s", type(exc).__name__, delay)
        try:
            await asyncio.wait_for(stop.wait(), delay)
        except TimeoutError:
            pass
        delay = min(delay * 2, RETRY_MAX_S)
    return False


def stop_on_signals() -> asyncio.Event:
    """SIGTERM/SIGINT set the returned event until polling installs its own handlers."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def run_polling(settings: Settings) -> None:
    store = await open_store(settings.database)
    analysis = AnalysisProcess()
    try:
        services = Services.create(store, default_timezone=settings.default_timezone, analysis=analysis)
        bot = build_bot(settings)
        try:
            if await wait_for_api(bot, stop_on_signals()):
                await _poll(settings, services, bot)
        finally:
            await bot.session.close()
    finally:
        analysis.shutdown(cancel_futures=True)
        await store.close()


async def _poll(settings: Settings, services: Services, bot: Bot) -> None:
    dp = build_dispatcher(settings, services)
    notifier = Notifier(
        bot, services.store, notification_message, wakeup=services.wakeup, digests=services.digests,
        rate=settings.notify_rate, retry_horizon=settings.notify_retry_hours * 3600,
        lease=settings.notify_lease_seconds,
    )

    async def on_startup() -> None:
        notifier.start()  # pending notifications (e.g. from before a crash) go out right away
        await seed_if_empty(services.ingest, settings.seeds_dir)
        try:
            await bot.set_my_commands(COMMANDS)
        except Exception as exc:  # noqa: BLE001 - the menu is a nicety: any failure leaves it as it was
            log.warning("setMyCommands failed (the menu stays as it was): %s", type(exc).__name__)

    async def on_shutdown() -> None:
        await notifier.stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    log.info("polling %s (database %s)", settings.telegram_api_base, services.store.location)
    await dp.start_polling(bot, handle_signals=True, close_bot_session=False)
