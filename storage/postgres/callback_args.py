"""Short ids for texts that do not fit into 64 bytes of callback_data (queries, topics, file descriptions)."""

from __future__ import annotations

from storage.postgres.db import Db, clean, fits, row_count
from storage.repositories import CallbackArgs


class PgCallbackArgs(CallbackArgs):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def remember(self, chat_id: int, text: str, now: float) -> int:
        return await self.db.fetchval(
            "INSERT INTO callback_args (chat_id, text, created_at) VALUES ($1, $2, $3)"
            " ON CONFLICT (chat_id, md5(text)) DO UPDATE SET created_at = excluded.created_at RETURNING id",
            chat_id, clean(text), now,
        )

    async def known(self, chat_id: int, text: str, fresh_after: float) -> int | None:
        return await self.db.fetchval(
            "SELECT id FROM callback_args WHERE chat_id = $1 AND md5(text) = md5($2) AND created_at > $3",
            chat_id, clean(text), fresh_after,
        )

    async def recall(self, arg_id: int, chat_id: int, valid_after: float) -> str | None:
        if not fits(arg_id):
            return None
        return await self.db.fetchval(
            "SELECT text FROM callback_args WHERE id = $1 AND chat_id = $2 AND created_at > $3",
            arg_id, chat_id, valid_after,
        )

    async def forget_before(self, before: float) -> int:
        return row_count(await self.db.execute("DELETE FROM callback_args WHERE created_at < $1", before))
