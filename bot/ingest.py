"""parse -> analyse -> store: one transaction per article, duplicates recognised, errors reported per article."""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from bot.news import analysis as analysis_mod
from bot.news.analysis import Analysis
from bot.news.article import Article, ArticleFormatError, parse_each
from bot.news.jsonl import JsonlRecord, parse_jsonl_line
from storage import articles as articles_repo
from storage import outbox as outbox_repo
from storage import quotes as quotes_repo
from storage import subscriptions as subscriptions_repo
from storage import topics as topics_repo
from storage.db import Database

log = logging.getLogger(__name__)

ADDED, DUPLICATE, FAILED = "added", "duplicate", "failed"


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
    notified: int = 0  # chats with a matching subscription (notifications enqueued)


@dataclass(slots=True)
class Summary:
    results: list[IngestResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def line(self) -> str:
        return (
            f"ingested: {self.count(ADDED)}, duplicates: {self.count(DUPLICATE)}, failed: {self.count(FAILED)}"
        )


async def store(db: Database, analysis: Analysis, meta: Meta) -> IngestResult:
    """Store one analysed article atomically, unless the same text (or external id) is already there."""
    article = analysis.article
    result = IngestResult(ADDED, line=article.line, title=article.title, date=article.date.isoformat())
    async with db.transaction() as conn:
        article_id = await articles_repo.insert_new(
            conn,
            analysis,
            source=meta.source,
            uploader=meta.uploader,
            external_id=meta.external_id,
            url=meta.url,
        )
        if article_id is None:
            existing = await articles_repo.find_duplicate(conn, article.content_hash, meta.external_id)
            result.status, result.article_id = DUPLICATE, existing
            return result
        result.article_id = article_id
        await quotes_repo.insert_quotes(conn, result.article_id, analysis.quotes)
        await topics_repo.add_article(conn, result.article_id, analysis.terms)
        result.notified = await outbox_repo.enqueue_matches(
            conn, result.article_id, subscriptions_repo.article_terms(analysis)
        )
    if result.notified:
        outbox_repo.announce()
    result.quotes = len(analysis.quotes)
    result.speakers = tuple(dict.fromkeys(q.speaker for q in analysis.quotes))
    return result


BATCH = 8  # articles per call into a process pool: less pickling and inter-process traffic per article
IN_FLIGHT = 64  # articles submitted ahead of the one being stored


def analyse_batch(articles: list[Article]) -> list[Analysis | str]:
    """Analyse several articles in one executor call; a failed one comes back as its formatted traceback."""
    outcomes: list[Analysis | str] = []
    for article in articles:
        try:
            outcomes.append(analysis_mod.analyse(article))
        except Exception:  # noqa: BLE001 - one article's analysis bug must not stop the others
            outcomes.append(traceback.format_exc())
    return outcomes


async def ingest_articles(
    db: Database,
    items: Iterable[tuple[Article, Meta]],
    *,
    executor: Executor | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Analyse (in ``executor`` when given, e.g. a process pool) and store articles in order."""
    loop = asyncio.get_running_loop()
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
                    result = await store(db, outcome, meta)
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


async def ingest_upload(db: Database, data: str | bytes, meta: Meta) -> list[IngestResult]:
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
    stored = await ingest_articles(db, [(article, meta) for _, article in good])
    for (i, _), result in zip(good, stored, strict=True):
        results[i] = result
    return results


ReindexProgress = Callable[[int, int], Awaitable[None]]
REINDEX_BATCH = 50


async def reindex(
    db: Database, progress_cb: ReindexProgress | None = None, *, executor: Executor | None = None
) -> int:
    """Re-analyse every stored article (after an upgrade of the analysis) and replace its derived rows.

    One transaction per article, so readers keep working and an interruption leaves every article consistent.
    ``progress_cb(done, total)`` is awaited after each article. Returns how many articles were re-analysed.
    """
    loop = asyncio.get_running_loop()
    total = await articles_repo.count(db.read)
    done = replaced = after = 0
    while page := await articles_repo.page_by_id(db.read, after, REINDEX_BATCH):
        after = page[-1].id
        items = [Article(date=a.date, title=a.title, body=a.body, extra=a.extra) for a in page]
        if executor is not None:  # a process pool: analyse the whole page in parallel
            futures = [loop.run_in_executor(executor, analysis_mod.analyse, item) for item in items]
        for i, stored in enumerate(page):
            if executor is not None:
                analysis = await futures[i]
            else:
                analysis = await loop.run_in_executor(None, analysis_mod.analyse, items[i])
            async with db.transaction() as conn:
                replaced += await _replace_derived(conn, stored.id, analysis)
            done += 1
            if progress_cb is not None:
                await progress_cb(done, max(total, done))
    return replaced


async def _replace_derived(conn: aiosqlite.Connection, article_id: int, analysis: Analysis) -> bool:
    """Every feature's derived rows of one article, inside the caller's transaction (features add theirs)."""
    if not await articles_repo.replace_analysis(conn, article_id, analysis):
        return False  # deleted meanwhile: nothing to attach derived rows to
    await quotes_repo.delete_for_article(conn, article_id)
    await quotes_repo.insert_quotes(conn, article_id, analysis.quotes)
    await topics_repo.replace_article(conn, article_id, analysis.terms)
    return True


def iter_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files named directly, plus every .txt/.jsonl file inside named folders (sorted, recursive)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in {".txt", ".jsonl"} and p.is_file())
        else:
            yield path


def read_file(path: Path) -> Iterator[tuple[Article | ArticleFormatError, Meta]]:
    """Articles of one file, each with its meta; a problem comes back as an error naming its line."""
    source = path.name
    if path.suffix.lower() == ".jsonl":
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    record: JsonlRecord = parse_jsonl_line(raw, number)
                except ArticleFormatError as exc:
                    yield exc, Meta(source=source)
                    continue
                meta = Meta(source=record.source or source, external_id=record.external_id, url=record.url)
                yield record.article, meta
        return
    try:
        parsed = parse_each(path.read_bytes())
    except ArticleFormatError as exc:
        yield exc, Meta(source=source)
        return
    for item in parsed:
        yield item, Meta(source=source)


def json_dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
