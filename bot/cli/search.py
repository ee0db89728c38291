"""``search "words"``: ranked results for a person; ``search --jsonl``: a batch of {"query"} lines on stdin."""

from __future__ import annotations

import argparse
import json
import sys

from bot.config import Settings
from bot.services.search import SearchService
from storage import open_store


async def main(settings: Settings, args: argparse.Namespace) -> int:
    limit = max(1, min(args.limit, 100))
    query = " ".join(args.words)
    if not args.jsonl and not query.strip():
        print('Пустой запрос: python -m bot search "слова"', file=sys.stderr)
        return 2
    store = await open_store(settings.database)
    try:
        search = SearchService(store)
        if args.jsonl:
            await _batch(search, limit)
            return 0
        result = await search.search(query, limit)
        if not result.terms:
            print('Пустой запрос: python -m bot search "слова"', file=sys.stderr)
            return 2
        print(f"«{query}»: найдено {result.ranking.total}, леммы: {' '.join(result.terms)}")
        for n, hit in enumerate(result.hits, start=1):
            print(f"{n:2}. [{hit.score:6.2f}] №{hit.article.id} {hit.article.date.isoformat()} {hit.article.title}")
    finally:
        await store.close()
    return 0


async def _batch(search: SearchService, limit: int) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            query = str(json.loads(line).get("query", ""))
        except (json.JSONDecodeError, AttributeError):
            query = ""
        result = await search.search(query, limit)
        results = [
            {"id": h.article.id, "external_id": h.article.external_id, "title": h.article.title,
             "date": h.article.date.isoformat(), "score": round(h.score, 4)}
            for h in result.hits
        ]
        print(json.dumps({"query": query, "results": results}, ensure_ascii=False), flush=True)
