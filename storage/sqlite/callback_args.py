"""Short ids for texts that do not fit into 64 bytes of callback_data (queries, topics, file descriptions)."""

from __future__ import annotations

from storage.repositories import CallbackArgs
from storage.sqlite.db import Connection, fits


class SqliteCallbackArgs(CallbackArgs):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def remember(self, chat_id: int, text: str, now: float) -> int:
        rows = await self.conn.execute_fetchall(
            "INSERT INTO callback_args (chat_id, text, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, text) DO UPDATE SET created_at = excluded.created_at RETURNING id",
            (chat_id, text, now),
        )
        return rows[0][0]

    async def known(self, chat_id: int, text: str, fresh_after: float) -> int | None:
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM callback_args WHERE chat_id = ? AND text = ? AND created_at > ?",
            (chat_id, text, fresh_after),
        )
        return rows[0][0] if rows else None

    async def recall(self, arg_id: int, chat_id: int, valid_after: float) -> str | None:
        if not fits(arg_id):
            return None
        rows = await self.conn.execute_fetchall(
            "SELECT text FROM callback_args WHERE id = ? AND chat_id = ? AND created_at > ?",
            (arg_id, chat_id, valid_after),
        )
        return rows[0][0] if rows else None

    async def forget_before(self, before: float) -> int:
        cur = await self.conn.execute("DELETE FROM callback_args WHERE created_at < ?", (before,))
        return cur.rowcount
