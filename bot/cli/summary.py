"""``summary "words"``: the /topic summary on the terminal; ``summary --jsonl``: a batch of {"query"} lines.

--jsonl writes {"query", "sentences": [{"text", "external_id"}], "articles": [{"external_id", "title"}]} per
line; external_id is the id of the JSON Lines record an article came from.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.config import Settings
from bot.news.furniture import clean_title
from bot.news.records import NoMatch
from bot.news.summarize import TopicSummary
from bot.services.articles import ArticleService
from bot.services.topics import TopicService
from storage import open_store

USAGE = 'Пустая тема: python -m bot summary "энергетика"'


async def main(settings: Settings, args: argparse.Namespace) -> int:
    query = " ".join(" ".join(args.words).split())
    if not args.jsonl and not query:
        print(USAGE, file=sys.stderr)
        return 2
    store = await open_store(settings.database)
    try:
        topics, articles = TopicService(store), ArticleService(store)
        if args.jsonl:
            for line in sys.stdin:
                if line.strip():
                    print(json.dumps(await _record(topics, articles, _query_of(line)), ensure_ascii=False), flush=True)
            return 0
        result = await topics.summary(query)
    finally:
        await store.close()
    if isinstance(result, NoMatch):
        print(f"По теме «{query}» в архиве ничего не нашлось.")
        for _, label in result.suggestions:
            print(f"  - {label}")
        return 1
    print(_terminal(result))
    return 0


def _query_of(line: str) -> str:
    try:
        return " ".join(str(json.loads(line).get("query", "")).split())
    except (json.JSONDecodeError, AttributeError):
        return ""


async def _record(topics: TopicService, articles: ArticleService, query: str) -> dict:
    result = await topics.summary(query)
    out: dict = {"query": query, "sentences": [], "articles": []}
    if isinstance(result, TopicSummary):
        stored = {a.id: a for a in [await articles.get(s.id) for s in result.articles] if a is not None}

        def external(article_id: int) -> str | None:
            found = stored.get(article_id)
            return found.external_id if found else None

        out["sentences"] = [{"text": c.text, "external_id": external(c.article_id)} for c in result.sentences]
        out["articles"] = [{"external_id": external(a.id), "title": clean_title(a.title)} for a in result.articles]
    return out


def _terminal(summary: TopicSummary) -> str:
    lines = [f"Тема «{summary.query}» — статей: {summary.total}, сюжетов: {len(summary.stories) + summary.more_stories}"]
    for n, digest in enumerate(summary.stories, 1):
        story = digest.story
        span = f"{story.first:%d.%m.%Y}–{story.last:%d.%m.%Y}" if story.first != story.last else f"{story.last:%d.%m.%Y}"
        lines += ["", f"{n}. {digest.title} ({span}, статей: {story.size})"]
        lines += [f"{c.text} [{c.ref}]" for c in digest.sentences]
    lines += ["", "Источники"]
    lines += [f"[{n}] {clean_title(a.title)} — {a.date:%d.%m.%Y}" for n, a in enumerate(summary.articles, 1)]
    return "\n".join(lines)
