"""``console``: the offline chat on the local archive (seeded on first start)."""

from __future__ import annotations

import argparse
import logging

from bot.config import Settings


async def main(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime.console import CONSOLE_USER, Console
    from bot.services import Services
    from bot.services.sources import seed_if_empty
    from storage import open_store

    if logging.getLogger().level < logging.WARNING and settings.log_level.upper() != "DEBUG":
        logging.getLogger().setLevel(logging.WARNING)  # keep the chat readable

    if getattr(args, "admin", False):
        settings = settings.model_copy(update={"admin_ids": settings.admin_ids | {CONSOLE_USER}})
    store = await open_store(settings.database)
    try:
        services = Services.create(store, default_timezone=settings.default_timezone)
        await seed_if_empty(services.ingest, settings.seeds_dir)
        await Console(settings, services).run()
    finally:
        await store.close()
    return 0
