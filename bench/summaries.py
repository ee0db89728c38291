"""Topic summaries side by side, and /topic, /topics latency at handler level.

    python -m bench.summaries                      # seeds/ into a temporary archive, 5 topics compared
    python -m bench.summaries --db archive.db --timing 50 --topics энергетика "природный газ"

For each topic it prints our summary (the main stories, or the one story in full), Lead-3 (the first three
sentences of the newest matching article) and a plain LexRank over the newest matching articles (no query bias,
no sentence filters, no MMR), so a reader can judge.
``--timing N`` feeds N rounds of /topic and /topics through the real dispatcher (recording session, no
network) and prints p50/p95 in milliseconds, plus one JSON line for scripts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.config import Settings
from bot.news import keyterms
from bot.news.records import NoMatch
from bot.news.summarize import TopicSummary, lead3, plain_lexrank
from bot.services import Services
from storage import open_store

SEED_TOPICS = ["энергетика", "экология", "выбросы", "больница", "контейнерный поезд", "марафон"]
BASELINE_ARTICLES = 30  # the newest matching articles the baselines read


def _block(title: str, lines: list[str]) -> str:
    return "\n".join([f"  -- {title}", *(f"     {line}" for line in lines or ["(пусто)"])])


async def compare(services: Services, topic: str) -> str:
    result = await services.topics.summary(topic)
    found = await services.topics.grouped(topic)
    if not isinstance(result, TopicSummary) or isinstance(found, NoMatch):
        return f"== {topic}: нет совпадений"
    ids = sorted((aid for story in found.stories for aid in story.ids), reverse=True)[:BASELINE_ARTICLES]
    articles = await services.store.reader.index.sources(ids)
    docs, df = await services.store.reader.key_terms.document_frequencies(
        sorted({lem for a in articles for s in a.sentences for lem in s.lemmas})
    )

    def idf(lem: str) -> float:
        return keyterms.idf(df.get(lem, 0), docs)

    ours = [f"{c.text} [{c.ref}]" for c in result.sentences]
    stories = len(result.stories) + result.more_stories
    newest = max(articles, key=lambda a: (a.date, a.id)) if articles else None
    return "\n".join(
        [
            f"== {topic} — статей: {result.total}, сюжетов: {stories}, в сводке: {len(result.articles)}",
            _block("наша сводка", ours),
            _block("Lead-3 (новейшая статья)", lead3(newest) if newest else []),
            _block("LexRank без запроса", plain_lexrank(articles, idf, 4)),
        ]
    )


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


async def timing(
    settings: Settings, services: Services, topics: list[str], rounds: int
) -> dict[str, dict[str, float]]:

    from bot.app import build_dispatcher, new_bot
    from bot.runtime.local_session import LocalSession
    from bot.runtime.updates import UpdateFactory

    session = LocalSession()
    bot = new_bot("123456:bench-offline-token-000000000000", session)
    dp = build_dispatcher(settings, services)
    updates = UpdateFactory(user_id=4242)
    figures: dict[str, list[float]] = {"topic": [], "topics": []}
    try:
        for command in ["/topics", *(f"/topic {t}" for t in topics)]:  # warm caches and lazy imports
            await dp.feed_update(bot, updates.message(command))
        for _ in range(rounds):
            for topic in topics:
                start = time.perf_counter()
                await dp.feed_update(bot, updates.message(f"/topic {topic}"))
                figures["topic"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            await dp.feed_update(bot, updates.message("/topics"))
            figures["topics"].append((time.perf_counter() - start) * 1000)
    finally:
        await bot.session.close()
    return {name: _percentiles(samples) for name, samples in figures.items()}


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.summaries", description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="an existing archive (default: seeds/ into a temporary one)")
    parser.add_argument("--seeds", default=str(Path(__file__).resolve().parent.parent / "seeds"))
    parser.add_argument("--topics", nargs="+", default=SEED_TOPICS)
    parser.add_argument("--timing", type=int, default=0, metavar="ROUNDS")
    parser.add_argument("--quiet", action="store_true", help="timing only, no side-by-side texts")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "bench.db")
        settings = Settings(_env_file=None, bot_token=None, database_path=path, seeds_dir=args.seeds)
        store = await open_store(path)
        services = Services.create(store)
        try:
            if not args.db:
                from bot.services.sources import seed_if_empty

                await seed_if_empty(services.ingest, args.seeds)
            if not args.quiet:
                for topic in args.topics:
                    print(await compare(services, topic), end="\n\n")
            if args.timing:
                count = await services.articles.count()
                figures = await timing(settings, services, args.topics, args.timing)
                for name, fig in figures.items():
                    print(f"/{name}: p50 {fig['p50']} ms, p95 {fig['p95']} ms (n={fig['n']}, archive {count})")
                print(json.dumps({"bench": "summaries", "articles": count, **figures}, ensure_ascii=False))
        finally:
            await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
