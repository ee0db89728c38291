"""Short ids for texts that do not fit into 64 bytes of callback_data (queries, topics, names)."""

from __future__ import annotations

import aiosqlite


async def remember(conn: aiosqlite.Connection, text: str) -> int:
    await conn.execute("INSERT OR IGNORE INTO callback_args (text) VALUES (?)", (text,))
    async with conn.execute("SELECT id FROM callback_args WHERE text = ?", (text,)) as cur:
        return (await cur.fetchone())[0]


async def recall(conn: aiosqlite.Connection, arg_id: int) -> str | None:
    async with conn.execute("SELECT text FROM callback_args WHERE id = ?", (arg_id,)) as cur:
        row = await cur.fetchone()
    return row[0] if row else None
