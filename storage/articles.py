"""Article repository: insert (inside a caller's transaction), read, page, delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from bot.news.analysis import Analysis

_COLUMNS = "a.id, a.date, a.title, a.body, a.extra, a.lead, a.source, a.external_id, a.url"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    date: dt.date
    title: str
    body: str
    extra: str
    lead: str
    source: str
    external_id: str | None
    url: str | None


def _row_to_article(row: aiosqlite.Row) -> StoredArticle:
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


async def find_duplicate(conn: aiosqlite.Connection, content_hash: str, external_id: str | None) -> int | None:
    """Id of an article with the same text (or the same external id), if one is stored."""
    rows = await conn.execute_fetchall(
        "SELECT id FROM articles WHERE content_hash = ? OR (? IS NOT NULL AND external_id = ?) LIMIT 1",
        (content_hash, external_id, external_id),
    )
    return rows[0][0] if rows else None


async def insert_new(
    conn: aiosqlite.Connection,
    analysis: Analysis,
    *,
    source: str = "",
    uploader: int | None = None,
    external_id: str | None = None,
    url: str | None = None,
) -> int | None:
    """Store an analysed article, its sentences and its index row, unless the same text (or external id) is
    stored already: then None. The caller owns the transaction.

    The duplicate check is part of the INSERT, so a new article costs one statement less (ingest's hot path).
    """
    article = analysis.article
    cur = await conn.execute(
        "INSERT INTO articles (date, title, body, extra, lead, source, uploader, external_id, url, content_hash)"
        " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM articles WHERE content_hash = ? OR (? IS NOT NULL AND external_id = ?))",
        (
            article.date.isoformat(),
            article.title,
            article.body,
            article.extra,
            analysis.lead,
            source,
            uploader,
            external_id,
            url,
            article.content_hash,
            article.content_hash,
            external_id,
            external_id,
        ),
    )
    if cur.rowcount <= 0:
        return None
    article_id = cur.lastrowid
    await _insert_derived(conn, article_id, analysis)
    return article_id


async def _insert_derived(conn: aiosqlite.Connection, article_id: int, analysis: Analysis) -> None:
    await conn.executemany(
        "INSERT INTO sentences (article_id, idx, start, end, lemmas) VALUES (?, ?, ?, ?, ?)",
        [(article_id, i, s.start, s.end, s.lemmas) for i, s in enumerate(analysis.sentences)],
    )
    await conn.execute(
        "INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
        (article_id, analysis.title_lemmas, analysis.lead_lemmas, analysis.body_lemmas),
    )


async def delete(conn: aiosqlite.Connection, article_id: int) -> bool:
    cur = await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    return cur.rowcount > 0


async def get(conn: aiosqlite.Connection, article_id: int) -> StoredArticle | None:
    async with conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)) as cur:
        row = await cur.fetchone()
    return _row_to_article(row) if row else None


async def get_many(conn: aiosqlite.Connection, ids: list[int]) -> dict[int, StoredArticle]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    async with conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE a.id IN ({marks})", ids) as cur:
        return {row["id"]: _row_to_article(row) for row in await cur.fetchall()}


async def count(conn: aiosqlite.Connection) -> int:
    async with conn.execute("SELECT count(*) FROM articles") as cur:
        return (await cur.fetchone())[0]


async def latest(conn: aiosqlite.Connection, limit: int, offset: int = 0) -> list[StoredArticle]:
    """Newest first (by date, then by arrival)."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM articles a ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?", (limit, offset)
    ) as cur:
        return [_row_to_article(row) for row in await cur.fetchall()]


async def page_by_id(conn: aiosqlite.Connection, after_id: int, limit: int) -> list[StoredArticle]:
    """Articles with id > ``after_id`` in id order: a stable walk over the archive (used by reindex)."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?", (after_id, limit)
    ) as cur:
        return [_row_to_article(row) for row in await cur.fetchall()]


async def replace_analysis(conn: aiosqlite.Connection, article_id: int, analysis: Analysis) -> bool:
    """Replace the derived rows of a stored article (lead, sentences, index row); the caller owns the
    transaction. False when the article is gone (deleted meanwhile)."""
    cur = await conn.execute("UPDATE articles SET lead = ? WHERE id = ?", (analysis.lead, article_id))
    if cur.rowcount == 0:
        return False
    await conn.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
    await conn.executemany(
        "INSERT INTO sentences (article_id, idx, start, end, lemmas) VALUES (?, ?, ?, ?, ?)",
        [(article_id, i, s.start, s.end, s.lemmas) for i, s in enumerate(analysis.sentences)],
    )
    await conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
    await conn.execute(
        "INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
        (article_id, analysis.title_lemmas, analysis.lead_lemmas, analysis.body_lemmas),
    )
    return True
