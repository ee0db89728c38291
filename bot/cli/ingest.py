"""``ingest PATH...``: add articles from files and folders; one line per problem, a summary line, exit 1 on any."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.progress import Progress
from bot.cli.workers import analysis_pool
from bot.config import Settings
from bot.news.article import ArticleFormatError
from bot.services import Services
from bot.services.ingest import ADDED, DUPLICATE, FAILED, IngestResult, Summary
from bot.services.sources import iter_paths, read_file
from storage import open_store


def where(path_name: str, line: int) -> str:
    """``FILE:LINE`` for a problem in one article, ``FILE`` for one about the whole file."""
    return f"{path_name}:{line}" if line else path_name


def _report(path_name: str, result: IngestResult) -> None:
    if result.status == FAILED:
        print(f"{where(path_name, result.line)}: {result.reason}")
    elif result.status == DUPLICATE:
        print(f"{where(path_name, result.line)}: уже есть (статья №{result.article_id})")


def _estimate_articles(path: Path) -> int:
    """Cheap article count for the progress bar: lines of a .jsonl, `date` lines of a text file."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    if path.suffix.lower() == ".jsonl":
        return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(1, data.count(b"\ndate ") + 1)


def summary_line(summary: Summary) -> str:
    return (
        f"добавлено: {summary.count(ADDED)}, уже было: {summary.count(DUPLICATE)}, с ошибками: {summary.count(FAILED)}"
    )


async def main(settings: Settings, args: argparse.Namespace) -> int:
    summary = Summary()
    files = list(iter_paths(args.paths))
    for path in files:
        if not path.is_file():
            print(f"{path}: файл не найден")
            summary.results.append(IngestResult(FAILED, reason="файл не найден"))
    files = [p for p in files if p.is_file()]
    expected = sum(_estimate_articles(p) for p in files)
    store = await open_store(settings.database)
    executor = analysis_pool(args.workers, expected)
    progress = Progress(expected, "ingest")
    try:
        ingest = Services.create(store).ingest
        for path in files:
            items = []
            for item, meta in read_file(path):
                if isinstance(item, ArticleFormatError):
                    print(f"{where(str(path), item.line)}: {item.reason}")
                    summary.results.append(IngestResult(FAILED, line=item.line, reason=item.reason))
                    progress.advance()
                else:
                    items.append((item, meta))

            def on_result(result: IngestResult, name: str = str(path)) -> None:
                _report(name, result)
                progress.advance()

            summary.results += await ingest.ingest(items, executor=executor, on_result=on_result)
    finally:
        progress.close()
        if executor is not None:
            executor.shutdown()
        await store.close()
    print(summary_line(summary))
    return 0 if summary.count(FAILED) == 0 else 1
