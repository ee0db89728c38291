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
    """Articles of one file, each with its meta; a problem comes back as an error naming its line (0 for the
    whole file, e.g. one that cannot be read)."""
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ArticleFormatError(0, unreadable(exc)), Meta(source=path.name)
        return
    try:
        parsed = parse_each(data)
    except ArticleFormatError as exc:
        yield exc, Meta(source=path.name)
        return
    for item in parsed:
        yield item, Meta(source=path.name)


def _read_jsonl(path: Path) -> Iterator[tuple[Article | ArticleFormatError, Meta]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record: JsonlRecord = parse_jsonl_line(raw, number)
            except ArticleFormatError as exc:
                yield exc, Meta(source=path.name)
                continue
            yield record.article, Meta(source=record.source or path.name, external_id=record.external_id, url=record.url)


def unreadable(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "нет доступа"
    if isinstance(exc, FileNotFoundError):
        return "файл не найден"
    if isinstance(exc, IsADirectoryError):
        return "это папка, а не файл"
    return "не удалось прочитать файл"


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
