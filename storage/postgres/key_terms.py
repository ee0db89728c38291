"""Document frequencies of every term and each article's key terms.

``term_df`` holds the document frequency of every term; its row with term = '' counts the articles.
``article_vocab`` keeps the terms an article counted, so deleting it gives the counts back (a trigger).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from bot.news.records import TopicRow
from storage.postgres.db import Db
from storage.repositories import KeyTerms

DOCS = ""


class PgKeyTerms(KeyTerms):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def count_article(self, article_id: int, keys: Sequence[str]) -> tuple[int, dict[str, int]]:
        vocab = list(dict.fromkeys([DOCS, *keys]))
        # Count the terms and read their new frequencies in one statement (in key order: rows lock in one order).
        counted = await self.db.fetch(
            "INSERT INTO term_df (term, df) SELECT term, 1 FROM unnest($1::text[]) AS term ORDER BY term"
            " ON CONFLICT (term) DO UPDATE SET df = term_df.df + 1 RETURNING term, df",
            vocab,
        )
        await self.db.execute("INSERT INTO article_vocab (article_id, terms) VALUES ($1, $2)", article_id, vocab)
        df = {row[0]: row[1] - 1 for row in counted}
        return df.pop(DOCS, 0), df

    async def set_story_terms(self, article_id: int, terms: Sequence[tuple[str, float]]) -> None:
        await self.db.execute(
            "INSERT INTO article_story_terms (article_id, terms) VALUES ($1, $2::jsonb)"
            " ON CONFLICT (article_id) DO UPDATE SET terms = excluded.terms",
            article_id, json.dumps([[term, weight] for term, weight in terms], ensure_ascii=False),
        )

    async def story_terms(self, ids: Sequence[int]) -> dict[int, list[tuple[str, float]]]:
        rows = await self.db.fetch(
            "SELECT article_id, terms::text FROM article_story_terms WHERE article_id = ANY($1::bigint[])", list(ids)
        )
        return {row[0]: [(term, weight) for term, weight in json.loads(row[1])] for row in rows}

    async def add_key_terms(self, article_id: int, terms: Sequence[tuple[str, float, str]]) -> None:
        await self.db.executemany(
            "INSERT INTO article_terms (article_id, term, weight, label) VALUES ($1, $2, $3, $4)",
            [(article_id, key, weight, label) for key, weight, label in terms],
        )

    async def forget_article(self, article_id: int) -> None:
        await self.db.execute("DELETE FROM article_vocab WHERE article_id = $1", article_id)
        await self.db.execute("DELETE FROM article_terms WHERE article_id = $1", article_id)

    async def of_article(self, article_id: int) -> list[tuple[str, str, float]]:
        rows = await self.db.fetch(
            "SELECT term, label, weight FROM article_terms WHERE article_id = $1 ORDER BY weight DESC, term",
            article_id,
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def document_frequencies(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        rows = await self.db.fetch(
            "SELECT term, df FROM term_df WHERE term = ANY($1::text[])", sorted(set(terms) | {DOCS})
        )
        found = {row[0]: row[1] for row in rows}
        return found.pop(DOCS, 0), found

    async def with_prefix(self, prefix: str, limit: int) -> list[str]:
        rows = await self.db.fetch(
            "SELECT term FROM term_df WHERE term >= $1 AND term < $2 ORDER BY df DESC, term LIMIT $3",
            prefix, prefix + "\uffff", limit,
        )
        return [row[0] for row in rows]

    async def key_terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, str]]:
        rows = await self.db.fetch(
            "SELECT term, min(label COLLATE \"C\"), count(*) AS n FROM article_terms WHERE term >= $1 AND term < $2"
            " GROUP BY term ORDER BY n DESC, term LIMIT $3",
            prefix, prefix + "\uffff", limit,
        )
        return [(row[0], row[1]) for row in rows]

    async def recent_topics(
        self, since: dt.date | None, newest: dt.date, sample: int, min_articles: int, limit: int
    ) -> list[TopicRow]:
        rows = await self.db.fetch(
            "WITH recent AS (SELECT id, date FROM articles WHERE $1::date IS NULL OR date >= $1"
            "  ORDER BY date DESC, id DESC LIMIT $2)"
            " SELECT t.term, min(t.label COLLATE \"C\"), count(*) AS n,"
            "  sum(1.0 / (1.0 + ($3::date - r.date) / 7.0::float8)) AS score"
            " FROM recent r JOIN article_terms t ON t.article_id = r.id"
            " GROUP BY t.term HAVING count(*) >= $4 ORDER BY score DESC, n DESC, t.term LIMIT $5",
            since, sample, newest, min_articles, limit,
        )
        return [TopicRow(r[0], r[1], r[2], r[3]) for r in rows]
