"""Articles, their sentences and their row in the lemma index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import aiosqlite

from bot.news.records import StoredArticle
from storage.repositories import Articles, date_walk
from storage.sqlite.changes import CommitWatch
from storage.sqlite.db import Connection, fits

if TYPE_CHECKING:
    from bot.news.analysis import Analysis

COLUMNS = "a.id, a.date, a.title, a.body, a.extra, a.lead, a.source, a.external_id, a.url"


def row_to_article(row: aiosqlite.Row) -> StoredArticle:
    return StoredArticle(
        id=row["id"],
        date=dt.date.fromisoformat(row["date"]),
        title=row["title"],
        body=row["body"],
        extra=row["extra"],
        lead=row["lead"],
        source=row["source"],
        external_id=row["external_id"],
        url=row["url"],
    )


class SqliteArticles(Articles):
    def __init__(self, conn: Connection, watch: CommitWatch | None = None) -> None:
        self.conn = conn
        self._watch = watch  # the reader's: its version is read again only after a commit
        self._known: tuple[int, tuple[int, int]] | None = None  # (commit mark, version) of the last read

    async def find_duplicate(self, content_hash: str, external_id: str | None) -> int | None:
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM articles WHERE content_hash = ? OR (? IS NOT NULL AND external_id = ?) LIMIT 1",
            (content_hash, external_id, external_id),
        )
        return rows[0][0] if rows else None

    async def insert_new(
        self, analysis: Analysis, *, source: str = "", uploader: int | None = None,
        external_id: str | None = None, url: str | None = None,
    ) -> int | None:
        # The duplicate check is part of the INSERT: a new article costs one statement less (ingest's hot path).
        article = analysis.article
        cur = await self.conn.execute(
            "INSERT INTO articles (date, title, body, extra, lead, source, uploader, external_id, url, content_hash)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM articles WHERE content_hash = ? OR (? IS NOT NULL AND external_id = ?))",
            (
                article.date.isoformat(), article.title, article.body, article.extra, analysis.lead, source,
                uploader, external_id, url, article.content_hash, article.content_hash, external_id, external_id,
            ),
        )
        if cur.rowcount <= 0:
            return None
        article_id = cur.lastrowid
        assert article_id is not None
        await self._insert_derived(article_id, analysis)
        return article_id

    async def _insert_derived(self, article_id: int, analysis: Analysis) -> None:
        await self.conn.executemany(
            "INSERT INTO sentences (article_id, idx, start, end, lemmas) VALUES (?, ?, ?, ?, ?)",
            [(article_id, i, s.start, s.end, s.lemmas) for i, s in enumerate(analysis.sentences)],
        )
        await self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
            (article_id, analysis.title_lemmas, analysis.lead_lemmas, analysis.body_lemmas),
        )

    async def replace_analysis(self, article_id: int, analysis: Analysis) -> bool:
        cur = await self.conn.execute("UPDATE articles SET lead = ? WHERE id = ?", (analysis.lead, article_id))
        if cur.rowcount == 0:
            return False
        await self.conn.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
        await self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        await self._insert_derived(article_id, analysis)
        return True

    async def delete(self, article_id: int) -> bool:
        if not fits(article_id):
            return False
        cur = await self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cur.rowcount > 0

    async def get(self, article_id: int) -> StoredArticle | None:
        if not fits(article_id):
            return None
        rows = await self.conn.execute_fetchall(f"SELECT {COLUMNS} FROM articles a WHERE a.id = ?", (article_id,))
        return row_to_article(rows[0]) if rows else None

    async def get_many(self, ids: Sequence[int]) -> dict[int, StoredArticle]:
        ids = [i for i in ids if fits(i)]
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.conn.execute_fetchall(f"SELECT {COLUMNS} FROM articles a WHERE a.id IN ({marks})", list(ids))
        return {row["id"]: row_to_article(row) for row in rows}

    async def count(self) -> int:
        # the trigger-kept counter (migration 0007): count(*) walks a whole index
        rows = await self.conn.execute_fetchall("SELECT articles FROM archive_stats WHERE id = 1")
        return rows[0][0] if rows else 0

    async def latest_page(self, limit: int, offset: int, total: int | None = None) -> list[StoredArticle]:
        # The page's ids come from the date index alone, then only its rows are read: skipping thousands of wide
        # rows to a deep page cost tens of milliseconds.
        if total is None:
            total = await self.count()
        walk = date_walk(limit, offset, total) if fits(limit, offset) else None
        if walk is None:
            return []
        rows = await self.conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM (SELECT id FROM articles ORDER BY date {walk[0]}, id {walk[0]} LIMIT ? OFFSET ?)"
            " AS page JOIN articles a USING (id) ORDER BY a.date DESC, a.id DESC",
            (walk[1], walk[2]),
        )
        return [row_to_article(row) for row in rows]

    async def page_by_id(self, after_id: int, limit: int) -> list[StoredArticle]:
        rows = await self.conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?", (after_id, limit)
        )
        return [row_to_article(row) for row in rows]

    async def version(self) -> tuple[int, int]:
        mark = self._watch.mark() if self._watch is not None else None
        if mark is not None and self._known is not None and self._known[0] == mark:
            return self._known[1]
        rows = await self.conn.execute_fetchall("SELECT changes, articles FROM archive_stats WHERE id = 1")
        version = rows[0][0] or 0, rows[0][1] or 0
        if mark is not None:  # marked before the read: a commit in between makes the next call read again
            self._known = (mark, version)
        return version

    async def newest_date(self) -> dt.date | None:
        rows = await self.conn.execute_fetchall("SELECT max(date) FROM articles")
        return dt.date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    async def count_since(self, since: dt.date, cap: int) -> int:
        rows = await self.conn.execute_fetchall(
            "SELECT count(*) FROM (SELECT 1 FROM articles WHERE date >= ? LIMIT ?)", (since.isoformat(), cap)
        )
        return rows[0][0]
