"""Counts for `python -m bot stats` and the admins' /stats: one name -> value each."""

from __future__ import annotations

import aiosqlite

# name -> SQL returning one number; features add their own rows here.
_COUNTS: dict[str, str] = {
    "articles": "SELECT count(*) FROM articles",
}


async def counts(conn: aiosqlite.Connection) -> dict[str, int]:
    result: dict[str, int] = {}
    for name, sql in _COUNTS.items():
        async with conn.execute(sql) as cur:
            result[name] = (await cur.fetchone())[0]
    return result
