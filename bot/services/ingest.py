"""parse -> analyse -> store: one transaction per article, duplicates recognised, errors reported per article."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field

from bot.news import analysis as analysis_mod
from bot.news.analysis import Analysis, article_lemmas
from bot.news.article import Article, ArticleFormatError, parse_each
from bot.services.speakers import store_quotes
from bot.services.topics import store_key_terms
from bot.services.wakeup import Wakeup
from storage import Store

log = logging.getLogger(__name__)

ADDED, DUPLICATE, FAILED = "added", "duplicate", "failed"
BATCH = 8  # articles per call into a process pool: less pickling and inter-process traffic per article
IN_FLIGHT = 64  # articles submitted ahead of the one being stored


@dataclass(frozen=True, slots=True)
class Meta:
    """Where an article came from (not part of its content)."""

    source: str = ""
    uploader: int | None = None
    external_id: str | None = None
    url: str | None = None


@dataclass(slots=True)
class IngestResult:
    status: str  # ADDED | DUPLICATE | FAILED
    line: int = 0
    reason: str = ""
    article_id: int | None = None
    title: str = ""
    date: str = ""
    quotes: int = 0  # quotes found in an added article
    speakers: tuple[str, ...] = ()  # who is quoted, in order of first quote
    notified: int = 0  # chats with a matching instant subscription (notifications enqueued)
    digests: int = 0  # chats whose next digest will hold it


@dataclass(slots=True)
class Summary:
    results: list[IngestResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)


def analyse_batch(articles: list[Article]) -> list[Analysis | str]:
    """Analyse several articles in one executor call; a failed one comes back as its formatted traceback."""
    outcomes: list[Analysis | str] = []
    for article in articles:
        try:
            outcomes.append(analysis_mod.analyse(article))
        except Exception:  # noqa: BLE001 - one article's analysis bug must not stop the others
            outcomes.append(traceback.format_exc())
    return outcomes


class IngestService:
    def __init__(self, store: Store, wakeup: Wakeup | None = None, analysis: Executor | None = None) -> None:
        """``analysis``: where articles are analysed unless a caller brings its own executor (the serving
        processes give an ``AnalysisProcess``); None: a thread of this process."""
        self.store = store
        self.wakeup = wakeup
        self.analysis = analysis

    async def store_analysis(self, analysis: Analysis, meta: Meta) -> IngestResult:
        """Store one analysed article atomically, unless the same text (or external id) is already there.

        Its quotes, key terms and subscription notifications are written in the same transaction.
        """
        article = analysis.article
        result = IngestResult(ADDED, line=article.line, title=article.title, date=article.date.isoformat())
        async with self.store.transaction() as tx:
            article_id = await tx.articles.insert_new(
                analysis, source=meta.source, uploader=meta.uploader, external_id=meta.external_id, url=meta.url
            )
            if article_id is None:
                result.status = DUPLICATE
                result.article_id = await tx.articles.find_duplicate(article.content_hash, meta.external_id)
                return result
            result.article_id = article_id
            await store_quotes(tx, article_id, analysis.quotes)
            await store_key_terms(tx, article_id, analysis.terms)
            lemmas = article_lemmas(analysis)
            result.notified = await tx.outbox.enqueue_matches(article_id, lemmas)
            result.digests = await tx.outbox.collect_for_digests(article_id, lemmas)
        if result.notified and self.wakeup is not None:
            self.wakeup.notify()
        result.quotes = len(analysis.quotes)
        result.speakers = tuple(dict.fromkeys(q.speaker for q in analysis.quotes))
        return result

    async def ingest(
        self,
        items: Iterable[tuple[Article, Meta]],
        *,
        executor: Executor | None = None,
        on_result: Callable[[IngestResult], None] | None = None,
    ) -> list[IngestResult]:
        """Analyse (in ``executor`` when given, e.g. a process pool) and store articles in order."""
        loop = asyncio.get_running_loop()
        executor = executor or self.analysis
        results: list[IngestResult] = []
        pending: deque[tuple[asyncio.Future[list[Analysis | str]], list[tuple[Article, Meta]]]] = deque()
        batch_size = BATCH if executor is not None else 1
        window = IN_FLIGHT // BATCH if executor is not None else 1

        async def drain(keep: int) -> None:
            while len(pending) > keep:
                future, batch = pending.popleft()
                try:
                    outcomes = await future
                except Exception:  # noqa: BLE001 - e.g. a worker process died: these articles fail, not the run
                    log.exception("analysis failed for %d articles", len(batch))
                    outcomes = ["" for _ in batch]
                for (article, meta), outcome in zip(batch, outcomes, strict=True):
                    if isinstance(outcome, str):
                        log.error("analysis failed: %s (%s)\n%s", article.title, meta.source or "upload", outcome)
                        result = IngestResult(
                            FAILED, line=article.line, title=article.title,
                            reason="внутренняя ошибка анализа статьи, она не сохранена",
                        )
                    else:
                        result = await self.store_analysis(outcome, meta)
                    results.append(result)
                    if on_result:
                        on_result(result)

        def submit(batch: list[tuple[Article, Meta]]) -> None:
            future = loop.run_in_executor(executor, analyse_batch, [article for article, _ in batch])
            pending.append((future, batch))

        batch: list[tuple[Article, Meta]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                submit(batch)
                batch = []
                await drain(window - 1)
        if batch:
            submit(batch)
        await drain(0)
        return results

    async def ingest_text(self, data: str | bytes, meta: Meta) -> list[IngestResult]:
        """An upload (file or message) with one or more articles; a broken one does not stop the others."""
        try:
            parsed = parse_each(data)
        except ArticleFormatError as exc:
            return [IngestResult(FAILED, line=exc.line, reason=exc.reason)]
        results: list[IngestResult] = []
        good: list[tuple[int, Article]] = []
        for i, item in enumerate(parsed):
            if isinstance(item, ArticleFormatError):
                results.append(IngestResult(FAILED, line=item.line, reason=item.reason))
            else:
                good.append((i, item))
                results.append(IngestResult(FAILED))  # placeholder, replaced below
        stored = await self.ingest([(article, meta) for _, article in good])
        for (i, _), result in zip(good, stored, strict=True):
            results[i] = result
        return results
