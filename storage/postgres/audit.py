"""Audit trail of admin actions (who, what, when, result)."""

from __future__ import annotations

from bot.news.records import AuditEntry
from storage.postgres.db import Db, clean
from storage.repositories import Audit

MAX_FIELD_CHARS = 500


class PgAudit(Audit):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def record(self, user_id: int, action: str, detail: str = "", result: str = "") -> int:
        return await self.db.fetchval(
            "INSERT INTO audit (user_id, action, detail, result) VALUES ($1, $2, $3, $4) RETURNING id",
            user_id, clean(action[:MAX_FIELD_CHARS]), clean(detail[:MAX_FIELD_CHARS]), clean(result[:MAX_FIELD_CHARS]),
        )

    async def recent(self, limit: int = 20) -> list[AuditEntry]:
        rows = await self.db.fetch(
            "SELECT id, at, user_id, action, detail, result FROM audit ORDER BY id DESC LIMIT $1", limit
        )
        return [AuditEntry(id=r[0], at=r[1], user_id=r[2], action=r[3], detail=r[4], result=r[5]) for r in rows]
