"""Reading the archive page by page for /latest, with costs that do not grow with its size where avoidable.

``article_count`` reads the trigger-kept counter (migration 0007) instead of count(*). ``latest_page`` walks the
date index from whichever end is nearer to the page, so a deep page costs at most half an index scan.
"""

from __future__ import annotations

import aiosqlite

from storage.articles import _COLUMNS, StoredArticle, _row_to_article


async def article_count(conn: aiosqlite.Connection) -> int:
    rows = await conn.execute_fetchall("SELECT articles FROM archive_stats WHERE id = 1")
    return rows[0][0] if rows else 0


async def latest_page(conn: aiosqlite.Connection, limit: int, offset: int, total: int) -> list[StoredArticle]:
    """Newest first (by date, then by arrival), as ``storage.articles.latest``; ``total`` is the article count."""
    if offset <= total // 2:
        rows = await conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM articles a ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?", (limit, offset)
        )
        return [_row_to_article(row) for row in rows]
    # the oldest end is nearer: the page is rows [offset, offset + limit) counted from the newest
    end = min(offset + limit, total)
    if end <= offset:
        return []
    rows = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM articles a ORDER BY a.date ASC, a.id ASC LIMIT ? OFFSET ?",
        (end - offset, total - end),
    )
    return [_row_to_article(row) for row in reversed(rows)]
