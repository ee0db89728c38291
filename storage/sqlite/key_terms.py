"""Document frequencies of every term and each article's key terms.

``term_df`` holds the document frequency of every term; its row with term = '' counts the articles.
``article_vocab`` keeps the terms an article counted, so deleting it gives the counts back (a trigger).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from bot.news.records import TopicRow
from storage.repositories import KeyTerms
from storage.sqlite.db import Connection

DOCS = ""
_CHUNK = 900  # SQL variables per IN (...) list


class SqliteKeyTerms(KeyTerms):
    def __init__(self, conn: Connection, scans: Connection) -> None:
        self.conn = conn
        self.scans = scans  # the recent topics' terms of many articles

    async def count_article(self, article_id: int, keys: Sequence[str]) -> tuple[int, dict[str, int]]:
        vocab_json = json.dumps([DOCS, *keys], ensure_ascii=False)
        # Count the terms and read their new frequencies in one statement.
        counted = await self.conn.execute_fetchall(
            "INSERT INTO term_df (term, df) SELECT value, 1 FROM json_each(?) WHERE true"
            " ON CONFLICT (term) DO UPDATE SET df = df + 1 RETURNING term, df",
            (vocab_json,),
        )
        await self.conn.execute(
            "INSERT INTO article_vocab (article_id, terms) VALUES (?, ?)", (article_id, vocab_json)
        )
        df = {row[0]: row[1] - 1 for row in counted}
        return df.pop(DOCS, 0), df

    async def add_key_terms(self, article_id: int, terms: Sequence[tuple[str, float, str]]) -> None:
        await self.conn.executemany(
            "INSERT INTO article_terms (article_id, term, weight, label) VALUES (?, ?, ?, ?)",
            [(article_id, key, weight, label) for key, weight, label in terms],
        )

    async def forget_article(self, article_id: int) -> None:
        await self.conn.execute("DELETE FROM article_vocab WHERE article_id = ?", (article_id,))
        await self.conn.execute("DELETE FROM article_terms WHERE article_id = ?", (article_id,))

    async def of_article(self, article_id: int) -> list[tuple[str, str, float]]:
        rows = await self.conn.execute_fetchall(
            "SELECT term, label, weight FROM article_terms WHERE article_id = ? ORDER BY weight DESC, term",
            (article_id,),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def set_story_terms(self, article_id: int, terms: Sequence[tuple[str, float]]) -> None:
        await self.conn.execute(
            "INSERT OR REPLACE INTO article_story_terms (article_id, terms) VALUES (?, ?)",
            (article_id, json.dumps([[term, weight] for term, weight in terms], ensure_ascii=False)),
        )

    async def story_terms(self, ids: Sequence[int]) -> dict[int, list[tuple[str, float]]]:
        found: dict[int, list[tuple[str, float]]] = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = await self.conn.execute_fetchall(
                f"SELECT article_id, terms FROM article_story_terms WHERE article_id IN ({marks})", chunk
            )
            for article_id, terms in rows:
                found[article_id] = [(term, weight) for term, weight in json.loads(terms)]
        return found

    async def document_frequencies(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        wanted = sorted(set(terms) | {DOCS})
        found: dict[str, int] = {}
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = await self.conn.execute_fetchall(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk)
            found.update({row[0]: row[1] for row in rows})
        return found.pop(DOCS, 0), found

    async def with_prefix(self, prefix: str, limit: int) -> list[str]:
        rows = await self.conn.execute_fetchall(
            "SELECT term FROM term_df WHERE term >= ? AND term < ? ORDER BY df DESC, term LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [row[0] for row in rows]

    async def key_terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, str]]:
        rows = await self.conn.execute_fetchall(
            "SELECT term, min(label), count(*) AS n FROM article_terms WHERE term >= ? AND term < ?"
            " GROUP BY term ORDER BY n DESC, term LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [(row[0], row[1]) for row in rows]

    async def recent_topics(
        self, since: dt.date | None, newest: dt.date, sample: int, min_articles: int, limit: int
    ) -> list[TopicRow]:
        if since is not None:
            recent = "SELECT id, date FROM articles WHERE date >= ? ORDER BY date DESC, id DESC LIMIT ?"
            params: tuple = (since.isoformat(), sample)
        else:
            recent = "SELECT id, date FROM articles ORDER BY date DESC, id DESC LIMIT ?"
            params = (sample,)
        rows = await self.scans.execute_fetchall(
            f"WITH recent AS ({recent})"
            " SELECT t.term, min(t.label), count(*) AS n,"
            "  sum(1.0 / (1.0 + (julianday(?) - julianday(r.date)) / 7.0)) AS score"
            " FROM recent r JOIN article_terms t ON t.article_id = r.id"
            " GROUP BY t.term HAVING n >= ? ORDER BY score DESC, n DESC, t.term LIMIT ?",
            (*params, newest.isoformat(), min_articles, limit),
        )
        return [TopicRow(r[0], r[1], r[2], r[3]) for r in rows]
