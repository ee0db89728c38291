"""Delivery worker mode: the notifier alone, one of several sharing the outbox (leases) and the global rate."""

from __future__ import annotations

import logging
import os
import socket

from aiogram import Bot

from bot.app import build_bot
from bot.config import Settings
from bot.runtime.polling import stop_on_signals, wait_for_api
from bot.services.digests import DigestService
from bot.services.notifier import Notifier
from bot.views.notifications import notification_message
from storage import Store, open_store

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 1.0  # no wake-up from ingest in another process: look at the outbox this often when idle


def worker_name() -> str:
    """Unique per process: a restarted worker waits for the leases of the one it replaces to end."""
    return f"worker@{socket.gethostname()}:{os.getpid()}"


async def run_worker(settings: Settings) -> None:
    store = await open_store(settings.database)
    try:
        bot = build_bot(settings)
        try:
            stop = stop_on_signals()
            if not await wait_for_api(bot, stop):
                return
            notifier = delivery_notifier(settings, bot, store, worker_name())
            notifier.start()
            log.info("worker delivering from %s", store.location)
            await stop.wait()
            await notifier.stop()
        finally:
            await bot.session.close()
    finally:
        await store.close()


def delivery_notifier(settings: Settings, bot: Bot, store: Store, worker: str) -> Notifier:
    """A worker's notifier: instant notifications and the daily digests that fall due, under its own lease."""
    return Notifier(
        bot, store, notification_message, digests=DigestService(store, settings.default_timezone),
        rate=settings.notify_rate, retry_horizon=settings.notify_retry_hours * 3600, worker=worker,
        lease=settings.notify_lease_seconds, poll_interval=POLL_INTERVAL_S,
    )
