"""Where articles come from on disk: files and folders of the upload format or JSON Lines, and first-start seeding."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.news.article import Article, ArticleFormatError, parse_each
from bot.news.jsonl import JsonlRecord, parse_jsonl_line
from bot.services.ingest import ADDED, DUPLICATE, FAILED, IngestService, Meta, Summary

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".jsonl"})


def iter_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files named directly, plus every .txt/.jsonl file inside named folders (sorted, recursive)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
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
                yield record.article, Meta(source=record.source or source, external_id=record.external_id, url=record.url)
        return
    try:
        parsed = parse_each(path.read_bytes())
    except ArticleFormatError as exc:
        yield exc, Meta(source=source)
        return
    for item in parsed:
        yield item, Meta(source=source)


async def seed_if_empty(ingest: IngestService, seeds_dir: str) -> Summary | None:
    """Ingest SEEDS_DIR when the archive has no articles yet (first start); None when nothing was done."""
    if await ingest.store.reader.articles.count() > 0:
        return None
    folder = Path(seeds_dir)
    if not folder.is_dir():
        log.info("archive is empty and seeds folder %s does not exist", folder)
        return None
    items = []
    for path in iter_paths([str(folder)]):
        for item, meta in read_file(path):
            if isinstance(item, ArticleFormatError):
                log.warning("seed %s:%s: %s", path, item.line, item.reason)
            else:
                items.append((item, meta))
    summary = Summary(await ingest.ingest(items))
    log.info(
        "seeded the archive from %s: %d added, %d duplicates, %d failed",
        folder, summary.count(ADDED), summary.count(DUPLICATE), summary.count(FAILED),
    )
    return summary
