"""``stats``: archive counts, one ``name: value`` per line."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.services.articles import ArticleService
from storage import open_store


async def main(settings: Settings, args: argparse.Namespace) -> int:
    store = await open_store(settings.database)
    try:
        counts, _ = await ArticleService(store).stats()
    finally:
        await store.close()
    for name, value in counts.items():
        print(f"{name}: {value}")
    return 0
