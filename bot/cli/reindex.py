"""``reindex``: re-analyse the whole archive after an upgrade of the analysis."""

from __future__ import annotations

import argparse

from bot.cli.progress import Progress
from bot.cli.workers import analysis_pool
from bot.config import Settings
from bot.services.articles import ArticleService
from bot.services.reindex import reindex
from storage import open_store


async def main(settings: Settings, args: argparse.Namespace) -> int:
    store = await open_store(settings.database)
    try:
        total = await ArticleService(store).count()
        executor = analysis_pool(args.workers, total)
        progress = Progress(total, "reindex")

        async def advance(done: int, total: int) -> None:
            progress.advance()

        try:
            count = await reindex(store, advance, executor=executor)
        finally:
            progress.close()
            if executor is not None:
                executor.shutdown()
    finally:
        await store.close()
    print(f"переиндексировано статей: {count}")
    return 0
