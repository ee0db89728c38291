"""Re-analyse every stored article after an upgrade of the analysis and replace its derived rows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor

from bot.news import analysis as analysis_mod
from bot.news.analysis import Analysis
from bot.news.article import Article
from bot.services.speakers import store_quotes
from bot.services.topics import store_key_terms
from storage import Repositories, Store

Progress = Callable[[int, int], Awaitable[None]]
PAGE = 50


async def reindex(store: Store, progress: Progress | None = None, *, executor: Executor | None = None) -> int:
    """One transaction per article, so readers keep working and an interruption leaves every article consistent.

    ``progress(done, total)`` is awaited after each article. Returns how many articles were re-analysed.
    """
    loop = asyncio.get_running_loop()
    total = await store.reader.articles.count()
    done = replaced = after = 0
    while page := await store.reader.articles.page_by_id(after, PAGE):
        after = page[-1].id
        items = [Article(date=a.date, title=a.title, body=a.body, extra=a.extra) for a in page]
        if executor is not None:  # a process pool: the whole page in parallel
            futures = [loop.run_in_executor(executor, analysis_mod.analyse, item) for item in items]
        for i, stored in enumerate(page):
            if executor is not None:
                analysis = await futures[i]
            else:  # one at a time in a thread: the models are not shared between threads
                analysis = await loop.run_in_executor(None, analysis_mod.analyse, items[i])
            async with store.transaction() as tx:
                replaced += await _replace_derived(tx, stored.id, analysis)
            done += 1
            if progress is not None:
                await progress(done, max(total, done))
    return replaced


async def _replace_derived(tx: Repositories, article_id: int, analysis: Analysis) -> bool:
    if not await tx.articles.replace_analysis(article_id, analysis):
        return False  # deleted meanwhile: nothing to attach derived rows to
    await tx.quotes.delete_for_article(article_id)
    await store_quotes(tx, article_id, analysis.quotes)
    await tx.key_terms.forget_article(article_id)
    await store_key_terms(tx, article_id, analysis.terms)
    return True
