"""python -m bench --articles N --subscribers M [--backend postgres] --json PATH

Generates a deterministic corpus from seeds/, ingests it through the bot's ingest service (analysis in a process pool),
then measures every command through the real dispatcher, updates over HTTP through one and two webhook processes,
the subscription fan-out and the notifier, and writes the figures as one JSON object (and a table on stdout).
Progress goes to stderr. ``--backend postgres`` uses the (empty) database at DATABASE_URL instead of a SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

KEYS = (
    "articles", "ingest_articles_per_s", "latest_p95_ms", "article_p95_ms", "search_p95_ms", "quotes_p95_ms",
    "topic_p95_ms", "topics_p95_ms", "trend_p95_ms", "trend_cached_p95_ms", "updates_per_s",
    "bare_aiogram_updates_per_s", "webhook_updates_per_s", "webhooks2_updates_per_s",
    "fanout_enqueue_s", "delivery_msgs_per_s", "digest_build_s", "ingest_rss_mb", "rss_mb", "db_mb",
)
TARGETS = {
    "ingest_articles_per_s": (">=", 100), "latest_p95_ms": ("<=", 10), "article_p95_ms": ("<=", 30),
    "search_p95_ms": ("<=", 30), "quotes_p95_ms": ("<=", 30), "topic_p95_ms": ("<=", 150),
    "topics_p95_ms": ("<=", 50), "trend_p95_ms": ("<=", 300), "trend_cached_p95_ms": ("<=", 10),
    "updates_per_s": (">=", 1000), "fanout_enqueue_s": ("<=", 2), "delivery_msgs_per_s": (">=", 500),
    "digest_build_s": ("<=", 5), "ingest_rss_mb": ("<=", 1200), "rss_mb": ("<=", 450),
}
REPO = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--json", dest="json_path", help="write the figures here")
    parser.add_argument("--seeds", default=str(REPO / "seeds"), help="folder of seed articles to recombine")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite",
                        help="postgres: the empty database at DATABASE_URL (kept afterwards)")
    parser.add_argument("--db", help="SQLite database file (default: a temporary one, deleted afterwards)")
    parser.add_argument(
        "--reuse", action="store_true",
        help="--db already holds the archive (built by an earlier run with the same --articles and --seed): skip"
        " the ingest and measure a temporary copy of it, so the archive itself stays unchanged",
    )
    parser.add_argument("--workers", type=int, default=0, help="analysis processes (0 = one per core)")
    parser.add_argument("--seed", type=int, default=20250929, help="corpus random seed")
    return parser


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    kb = resource.getrusage(who).ru_maxrss  # kilobytes on Linux
    return round(kb / 1024, 1)


def peak_rss_of(pid: int) -> float:
    """A live process's peak resident memory (VmHWM), in MB; 0 when it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def corpus_sample(args: argparse.Namespace) -> list[str]:
    """The first texts of the corpus (the workload draws its query words from them)."""
    from .corpus import CorpusGenerator, load_seeds

    generator = CorpusGenerator(load_seeds(Path(args.seeds)), seed=args.seed)
    return [generator.article(i) for i in range(min(args.articles, 300))]


async def ingest(services: Any, args: argparse.Namespace) -> tuple[float, int, list[str], list[float]]:
    """Generate and ingest the corpus; returns (articles/s, added, a sample of texts for the workload, the peak
    RSS of each analysis worker process in MB)."""
    from bot.cli.progress import Progress
    from bot.news.article import parse
    from bot.services.ingest import ADDED, IngestResult, Meta

    from .corpus import CorpusGenerator, load_seeds

    generator = CorpusGenerator(load_seeds(Path(args.seeds)), seed=args.seed)
    sample = [generator.article(i) for i in range(min(args.articles, 300))]
    added = 0
    progress = Progress(args.articles, "ingest", min_total=1)

    def on_result(result: IngestResult) -> None:
        nonlocal added
        added += result.status == ADDED
        progress.advance()

    def items():
        for text in generator.texts(args.articles):
            [article] = parse(text)
            yield article, meta

    meta = Meta(source="bench")
    workers = args.workers or os.cpu_count() or 1
    executor = None
    if workers > 1:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))
    started = time.perf_counter()
    workers_rss: list[float] = []
    try:
        await services.ingest.ingest(items(), executor=executor, on_result=on_result)
    finally:
        progress.close()
        if executor is not None:
            # read before shutdown, while the workers live; the pool keeps no public list of its processes
            workers_rss = [peak_rss_of(pid) for pid in sorted(getattr(executor, "_processes", {}) or {})]
            executor.shutdown()
    rate = added / (time.perf_counter() - started) if added else 0.0
    return round(rate, 1), added, sample, workers_rss


def workload(articles: int, sample: list[str]) -> Any:
    import random

    from .corpus import person_pool
    from .measure import Workload, words_of

    people = person_pool(random.Random(20250929))
    return Workload(
        articles=articles,
        words=words_of(sample),
        surnames=sorted({p.last for p in people}),
        full_names=sorted({p.name for p in people}),
    )


async def run(args: argparse.Namespace, db_path: Path, url: str | None) -> dict[str, Any]:
    from bot.config import Settings
    from bot.services import Services
    from bot.services.analysis_process import AnalysisProcess
    from storage import open_store

    from . import digests, fanout
    from .measure import HANDLER_MEASURES, new_harness, update_mix
    from .webhooks import measure_webhooks

    settings = Settings(
        _env_file=None, bot_token=None, admin_ids=frozenset({1}), database_path=str(db_path), database_url=url,
        seeds_dir=str(db_path.parent / "no-seeds"),
    )
    figures: dict[str, Any] = dict.fromkeys(KEYS)
    notes: list[str] = []
    store = await open_store(settings.database)
    analysis = AnalysisProcess()  # the serving process's upload worker: the NER models never load in this one
    services = Services.create(store, analysis=analysis)
    try:
        if not args.reuse and await store.reader.articles.count():
            raise SystemExit(f"{store.location} already holds articles: the benchmark needs an empty database")
        if args.reuse:
            added, sample = await services.articles.count(), corpus_sample(args)
            figures["articles"] = added
            notes.append("ingest_articles_per_s: not measured (--reuse of an existing archive)")
            log(f"reusing an archive of {added} articles (rss {current_rss_mb()} MB)")
        else:
            rate, added, sample, workers_rss = await ingest(services, args)
            figures["articles"], figures["ingest_articles_per_s"] = added, rate
            main_rss = peak_rss_mb()
            figures["ingest_rss_mb"] = round(main_rss + sum(workers_rss), 1)
            figures["_ingest_processes_mb"] = [main_rss, *workers_rss]
            log(f"ingested {added} articles at {rate} articles/s (rss {current_rss_mb()} MB, workers {workers_rss})")
        harness = new_harness(settings, services)
        work = workload(added, sample)
        try:
            for key, measure in HANDLER_MEASURES:
                began = time.perf_counter()
                figures[key] = await measure(harness, work)
                state = "not available in this bot" if figures[key] is None else f"{figures[key]}"
                log(f"{key}: {state} ({time.perf_counter() - began:.1f}s, rss {current_rss_mb()} MB)")
                if figures[key] is None:
                    notes.append(f"{key}: the command is not in the bot yet")
            database = {"DATABASE_URL": url} if url else {"DATABASE_PATH": str(db_path)}
            mix = update_mix(harness, work, 3000)
            for key, instances in (("webhook_updates_per_s", 1), ("webhooks2_updates_per_s", 2)):
                figures[key] = await measure_webhooks(database, mix, instances)
                log(f"{key}: {figures[key]} (rss {current_rss_mb()} MB)")
        finally:
            await harness.close()
        log(f"fan-out: {args.subscribers} subscriptions ...")
        figures["fanout_enqueue_s"], notified = await fanout.measure_fanout(services, args.subscribers, analysis)
        log(f"fanout_enqueue_s: {figures['fanout_enqueue_s']} ({notified} chats notified, rss {current_rss_mb()} MB)")
        figures["delivery_msgs_per_s"], sent = await fanout.measure_delivery(services)
        log(f"delivery_msgs_per_s: {figures['delivery_msgs_per_s']} ({sent} messages)")
        figures["digest_build_s"], built = await digests.measure_digest_build(services, args.subscribers, analysis)
        log(f"digest_build_s: {figures['digest_build_s']} ({built} digests built, rss {current_rss_mb()} MB)")
        if figures["digest_build_s"] is not None and built != args.subscribers:
            notes.append(f"digests: {built} built for {args.subscribers} chats due")
        if figures["fanout_enqueue_s"] is None:
            notes.append("fanout_enqueue_s / delivery_msgs_per_s: subscriptions or notifier not in the bot yet")
        elif notified != args.subscribers:
            notes.append(f"fan-out notified {notified} chats of {args.subscribers} subscribers")
        checkpoint = getattr(store, "checkpoint", None)  # SQLite: fold the write-ahead log into the file
        if checkpoint is not None:
            await checkpoint()
        figures["db_mb"] = round(await store.size_bytes() / 2**20, 1)
    finally:
        analysis.shutdown()
        await store.close()
    figures["rss_mb"] = peak_rss_mb()
    figures["_notes"] = notes
    figures["_backend"] = "postgres" if url else "sqlite"
    return figures


def reuse_copy(source: Path, folder: Path) -> Path:
    """A consistent copy of an existing archive (checkpointed first), measured instead of the original."""
    import shutil
    import sqlite3

    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = folder / "bench.db"
    shutil.copyfile(source, target)
    from .fanout import FIRST_CHAT

    with sqlite3.connect(target) as conn:  # undo the fan-out step of the run that built it (cascades)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM articles WHERE source = ?", ("bench-fanout",))
        conn.execute("DELETE FROM subscriptions WHERE chat_id >= ?", (FIRST_CHAT,))
        conn.execute("DELETE FROM outbox WHERE chat_id >= ?", (FIRST_CHAT,))  # the digests' rows too
        conn.execute("DELETE FROM digest_items WHERE chat_id >= ?", (FIRST_CHAT,))
        conn.execute("DELETE FROM chats WHERE id >= ?", (FIRST_CHAT,))
    return target


def verdict(key: str, value: Any) -> str:
    if key not in TARGETS or value is None:
        return ""
    op, target = TARGETS[key]
    ok = value >= target if op == ">=" else value <= target
    return f"{op} {target}  {'ok' if ok else 'MISSED'}"


def table(figures: dict[str, Any], seconds: float) -> str:
    lines = [f"{'figure':<24}{'value':>12}   target", "-" * 52]
    for key in KEYS:
        value = figures[key]
        shown = "null" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
        lines.append(f"{key:<24}{shown:>12}   {verdict(key, value)}")
    lines.append("-" * 52)
    processes = figures.get("_ingest_processes_mb") or []
    if processes:
        shown = ", ".join(f"{mb:g}" for mb in processes[1:]) or "none"
        lines.append(f"ingest peak RSS per process, MB: main {processes[0]:g}; analysis workers {shown}")
    lines.append(f"total time {seconds:.0f}s")
    lines.append(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    lines.append(f"backend: {figures['_backend']}")
    lines += [f"note: {n}" for n in figures["_notes"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.articles < 1 or args.subscribers < 0:
        log("--articles must be >= 1 and --subscribers >= 0")
        return 2
    url = os.environ.get("DATABASE_URL", "").strip() or None
    if args.backend == "postgres" and (url is None or args.db or args.reuse):
        log("--backend postgres needs DATABASE_URL (an empty database) and takes neither --db nor --reuse")
        return 2
    if args.backend == "sqlite":
        url = None
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        if args.reuse:
            if not db_path.exists():
                log(f"--reuse: {db_path} does not exist; build it first with --db {db_path}")
                return 2
            db_path = reuse_copy(db_path, Path(tmp))
        elif db_path.exists():
            log(f"{db_path} exists: the benchmark needs a fresh database (or --reuse)")
            return 2
        figures = asyncio.run(run(args, db_path, url))
    seconds = time.perf_counter() - started
    print(table(figures, seconds))
    result = {key: figures[key] for key in KEYS}
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
