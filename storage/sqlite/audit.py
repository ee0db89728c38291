"""Audit trail of admin actions (who, what, when, result)."""

from __future__ import annotations

import datetime as dt

from bot.news.records import AuditEntry
from storage.repositories import Audit
from storage.sqlite.db import Connection

MAX_FIELD_CHARS = 500


class SqliteAudit(Audit):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def record(self, user_id: int, action: str, detail: str = "", result: str = "") -> int:
        cur = await self.conn.execute(
            "INSERT INTO audit (user_id, action, detail, result) VALUES (?, ?, ?, ?)",
            (user_id, action[:MAX_FIELD_CHARS], detail[:MAX_FIELD_CHARS], result[:MAX_FIELD_CHARS]),
        )
        return cur.lastrowid or 0

    async def recent(self, limit: int = 20) -> list[AuditEntry]:
        rows = await self.conn.execute_fetchall(
            "SELECT id, at, user_id, action, detail, result FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [
            AuditEntry(
                id=row[0],
                at=dt.datetime.strptime(row[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC),
                user_id=row[2],
                action=row[3],
                detail=row[4],
                result=row[5],
            )
            for row in rows
        ]
