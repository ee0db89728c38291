"""The asynchronous CLI commands behind ``python -m bot``; each returns the process exit code."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor

from bot.config import Settings
from bot.ingest import DUPLICATE, FAILED, IngestResult, Summary, ingest_articles, iter_paths, read_file
from bot.news.article import ArticleFormatError
from bot.news.search import query_terms
from bot.progress import Progress
from storage import search as search_repo
from storage import stats as stats_repo
from storage.db import connect

log = logging.getLogger(__name__)

PARALLEL_THRESHOLD = 500  # below this, starting worker processes costs more than it saves


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.has_token:
        print("BOT_TOKEN не задан: укажите токен в окружении или .env (офлайн-режим: python -m bot console)",
              file=sys.stderr)
        return 2
    from bot.runner import run_polling

    await run_polling(settings)
    return 0


async def console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import seed_if_empty
    from bot.console import Console

    if logging.getLogger().level < logging.WARNING and settings.log_level.upper() != "DEBUG":
        logging.getLogger().setLevel(logging.WARNING)  # keep the chat readable

    db = await connect(settings.database_path)
    try:
        await seed_if_empty(db, settings.seeds_dir)
        await Console(settings, db).run()
    finally:
        await db.close()
    return 0


def _executor(workers: int, expected: int) -> Executor | None:
    if workers == 1 or (workers == 0 and expected < PARALLEL_THRESHOLD):
        return None
    count = workers or max(1, min(os.cpu_count() or 1, 4))
    return ProcessPoolExecutor(max_workers=count)


def _report(path_name: str, result: IngestResult) -> None:
    if result.status == FAILED:
        print(f"{path_name}:{result.line}: {result.reason}")
    elif result.status == DUPLICATE:
        print(f"{path_name}:{result.line}: уже есть (статья №{result.article_id})")


async def ingest(settings: Settings, args: argparse.Namespace) -> int:
    summary = Summary()
    files = list(iter_paths(args.paths))
    missing = [p for p in files if not p.is_file()]
    for path in missing:
        print(f"{path}:0: файл не найден")
        summary.results.append(IngestResult(FAILED, reason="файл не найден"))
    files = [p for p in files if p.is_file()]
    expected = sum(_estimate_articles(p) for p in files)
    db = await connect(settings.database_path)
    executor = _executor(args.workers, expected)
    progress = Progress(expected, "ingest")
    try:
        for path in files:
            items = []
            for item, meta in read_file(path):
                if isinstance(item, ArticleFormatError):
                    print(f"{path}:{item.line}: {item.reason}")
                    summary.results.append(IngestResult(FAILED, line=item.line, reason=item.reason))
                    progress.advance()
                else:
                    items.append((item, meta))

            def on_result(result: IngestResult, name: str = str(path)) -> None:
                _report(name, result)
                progress.advance()

            summary.results += await ingest_articles(db, items, executor=executor, on_result=on_result)
    finally:
        progress.close()
        if executor is not None:
            executor.shutdown()
        await db.close()
    print(summary.line())
    return 0 if summary.count(FAILED) == 0 else 1


def _estimate_articles(path) -> int:
    """Cheap article count for the progress bar: lines of a .jsonl, `date` lines of a text file."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    if path.suffix.lower() == ".jsonl":
        return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(1, data.count(b"\ndate ") + 1)


async def stats(settings: Settings, args: argparse.Namespace) -> int:
    db = await connect(settings.database_path)
    try:
        for name, value in (await stats_repo.counts(db.read)).items():
            print(f"{name}: {value}")
    finally:
        await db.close()
    return 0


async def search(settings: Settings, args: argparse.Namespace) -> int:
    limit = max(1, min(args.limit, 100))
    db = await connect(settings.database_path)
    try:
        if args.jsonl:
            for line in sys.stdin:
                if not line.strip():
                    continue
                try:
                    query = str(json.loads(line).get("query", ""))
                except (json.JSONDecodeError, AttributeError):
                    query = ""
                hits, _ = await search_repo.search(db.read, query_terms(query), limit)
                results = [
                    {"id": h.article.id, "external_id": h.article.external_id, "title": h.article.title,
                     "date": h.article.date.isoformat(), "score": round(h.score, 4)}
                    for h in hits
                ]
                print(json.dumps({"query": query, "results": results}, ensure_ascii=False), flush=True)
            return 0
        query = " ".join(args.words)
        terms = query_terms(query)
        if not terms:
            print("Пустой запрос: python -m bot search \"слова\"", file=sys.stderr)
            return 2
        hits, total = await search_repo.search(db.read, terms, limit)
        print(f"«{query}»: найдено {total}, леммы: {' '.join(terms)}")
        for n, hit in enumerate(hits, start=1):
            print(f"{n:2}. [{hit.score:6.2f}] №{hit.article.id} {hit.article.date.isoformat()} {hit.article.title}")
    finally:
        await db.close()
    return 0


async def summary(settings: Settings, args: argparse.Namespace) -> int:
    from bot.summary_cli import main as summary_main

    return await summary_main(settings, args)


async def reindex(settings: Settings, args: argparse.Namespace) -> int:
    from bot.ingest import reindex as reindex_archive
    from storage import articles as articles_repo

    db = await connect(settings.database_path)
    try:
        total = await articles_repo.count(db.read)
        executor = _executor(args.workers, total)
        progress = Progress(total, "reindex")

        async def advance(done: int, total: int) -> None:
            progress.advance()

        try:
            count = await reindex_archive(db, advance, executor=executor)
        finally:
            progress.close()
            if executor is not None:
                executor.shutdown()
    finally:
        await db.close()
    print(f"reindexed: {count}")
    return 0


__all__ = ["run", "console", "ingest", "stats", "search", "summary", "reindex"]
