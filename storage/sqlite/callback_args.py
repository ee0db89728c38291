"""Short ids for texts that do not fit into 64 bytes of callback_data (queries, topics, file descriptions)."""

from __future__ import annotations

import aiosqlite

from storage.repositories import CallbackArgs


class SqliteCallbackArgs(CallbackArgs):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def remember(self, text: str) -> int:
        await self.conn.execute("INSERT OR IGNORE INTO callback_args (text) VALUES (?)", (text,))
        return (await self.conn.execute_fetchall("SELECT id FROM callback_args WHERE text = ?", (text,)))[0][0]

    async def known(self, text: str) -> int | None:
        rows = await self.conn.execute_fetchall("SELECT id FROM callback_args WHERE text = ?", (text,))
        return rows[0][0] if rows else None

    async def recall(self, arg_id: int) -> str | None:
        rows = await self.conn.execute_fetchall("SELECT text FROM callback_args WHERE id = ?", (arg_id,))
        return rows[0][0] if rows else None
