"""Articles, their sentences and their row in the lemma index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import asyncpg

from bot.news.analysis import Analysis
from bot.news.records import StoredArticle
from storage.postgres.db import Db, fits
from storage.postgres.lexemes import token_count
from storage.repositories import Articles

COLUMNS = "a.id, a.date, a.title, a.body, a.extra, a.lead, a.source, a.external_id, a.url"


def row_to_article(row: asyncpg.Record) -> StoredArticle:
    return StoredArticle(
        id=row["id"], date=row["date"], title=row["title"], body=row["body"], extra=row["extra"], lead=row["lead"],
        source=row["source"], external_id=row["external_id"], url=row["url"],
    )


class PgArticles(Articles):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def find_duplicate(self, content_hash: str, external_id: str | None) -> int | None:
        return await self.db.fetchval(
            "SELECT id FROM articles WHERE content_hash = $1"
            " OR ($2::text IS NOT NULL AND md5(external_id) = md5($2) AND external_id = $2) LIMIT 1",
            content_hash, external_id,
        )

    async def insert_new(
        self, analysis: Analysis, *, source: str = "", uploader: int | None = None,
        external_id: str | None = None, url: str | None = None,
    ) -> int | None:
        article = analysis.article
        article_id = await self.db.fetchval(
            "INSERT INTO articles (date, title, body, extra, lead, source, uploader, external_id, url, content_hash)"
            " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE NOT EXISTS (SELECT 1 FROM articles"
            "  WHERE content_hash = $10 OR ($8::text IS NOT NULL AND md5(external_id) = md5($8) AND external_id = $8))"
            " ON CONFLICT DO NOTHING RETURNING id",
            article.date, article.title, article.body, article.extra, analysis.lead, source,
            uploader, external_id, url, article.content_hash,
        )
        if article_id is None:
            return None
        await self._insert_derived(article_id, analysis)
        return article_id

    async def _insert_derived(self, article_id: int, analysis: Analysis) -> None:
        await self.db.executemany(
            "INSERT INTO sentences (article_id, idx, start_pos, end_pos, lemmas) VALUES ($1, $2, $3, $4, $5)",
            [(article_id, i, s.start, s.end, s.lemmas) for i, s in enumerate(analysis.sentences)],
        )
        title, lead, body = analysis.title_lemmas, analysis.lead_lemmas, analysis.body_lemmas
        await self.db.execute(
            "INSERT INTO article_index (article_id, title, lead, body, title_tokens, lead_tokens, body_tokens)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7)",
            article_id, title, lead, body, token_count(title), token_count(lead), token_count(body),
        )

    async def replace_analysis(self, article_id: int, analysis: Analysis) -> bool:
        if not fits(article_id):
            return False
        status = await self.db.execute("UPDATE articles SET lead = $1 WHERE id = $2", analysis.lead, article_id)
        if status.endswith(" 0"):
            return False
        await self.db.execute("DELETE FROM sentences WHERE article_id = $1", article_id)
        await self.db.execute("DELETE FROM article_index WHERE article_id = $1", article_id)
        await self._insert_derived(article_id, analysis)
        return True

    async def delete(self, article_id: int) -> bool:
        if not fits(article_id):
            return False
        status = await self.db.execute("DELETE FROM articles WHERE id = $1", article_id)
        return not status.endswith(" 0")

    async def get(self, article_id: int) -> StoredArticle | None:
        if not fits(article_id):
            return None
        row = await self.db.fetchrow(f"SELECT {COLUMNS} FROM articles a WHERE a.id = $1", article_id)
        return row_to_article(row) if row else None

    async def get_many(self, ids: Sequence[int]) -> dict[int, StoredArticle]:
        ids = [i for i in ids if fits(i)]
        if not ids:
            return {}
        rows = await self.db.fetch(f"SELECT {COLUMNS} FROM articles a WHERE a.id = ANY($1::bigint[])", ids)
        return {row["id"]: row_to_article(row) for row in rows}

    async def count(self) -> int:
        return await self.db.fetchval("SELECT articles FROM archive_stats WHERE id = 1") or 0

    async def latest_page(self, limit: int, offset: int, total: int | None = None) -> list[StoredArticle]:
        # The date holding the page's first article comes from the counts per date (article_days); the date
        # index is walked from there, skipping only that date's newer articles, and only the page's rows are read.
        if limit <= 0 or offset < 0 or not fits(limit, offset) or (total is not None and offset >= total):
            return []
        rows = await self.db.fetch(
            "WITH day AS (SELECT date, before FROM (SELECT date, articles,"
            "  sum(articles) OVER (ORDER BY date DESC) - articles AS before FROM article_days) AS d"
            " WHERE before + articles > $2 ORDER BY date DESC LIMIT 1)"
            f" SELECT {COLUMNS} FROM (SELECT id FROM articles WHERE date <= (SELECT date FROM day)"
            "  ORDER BY date DESC, id DESC LIMIT $1 OFFSET $2 - (SELECT before FROM day))"
            " AS page JOIN articles a USING (id) ORDER BY a.date DESC, a.id DESC",
            limit, offset,
        )
        return [row_to_article(row) for row in rows]

    async def page_by_id(self, after_id: int, limit: int) -> list[StoredArticle]:
        rows = await self.db.fetch(
            f"SELECT {COLUMNS} FROM articles a WHERE a.id > $1 ORDER BY a.id LIMIT $2", after_id, limit
        )
        return [row_to_article(row) for row in rows]

    async def version(self) -> tuple[int, int]:
        row = await self.db.fetchrow("SELECT changes, articles FROM archive_stats WHERE id = 1")
        return row[0] or 0, row[1] or 0

    async def newest_date(self) -> dt.date | None:
        return await self.db.fetchval("SELECT max(date) FROM articles")

    async def count_since(self, since: dt.date, cap: int) -> int:
        return await self.db.fetchval(
            "SELECT count(*) FROM (SELECT 1 FROM articles WHERE date >= $1 LIMIT $2) AS recent", since, cap
        )
