"""Audit trail of admin actions (who, what, when, result)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

MAX_FIELD_CHARS = 500


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    user_id: int
    action: str
    detail: str
    result: str


async def record(conn: aiosqlite.Connection, user_id: int, action: str, detail: str = "", result: str = "") -> int:
    """Append one entry; the caller owns the transaction. Long texts are cut, so the log stays small."""
    cur = await conn.execute(
        "INSERT INTO audit (user_id, action, detail, result) VALUES (?, ?, ?, ?)",
        (user_id, action[:MAX_FIELD_CHARS], detail[:MAX_FIELD_CHARS], result[:MAX_FIELD_CHARS]),
    )
    return cur.lastrowid or 0


async def recent(conn: aiosqlite.Connection, limit: int = 20) -> list[AuditEntry]:
    """Newest first."""
    async with conn.execute(
        "SELECT id, at, user_id, action, detail, result FROM audit ORDER BY id DESC LIMIT ?", (limit,)
    ) as cur:
        rows = await cur.fetchall()
    return [
        AuditEntry(
            id=row["id"],
            at=dt.datetime.strptime(row["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC),
            user_id=row["user_id"],
            action=row["action"],
            detail=row["detail"],
            result=row["result"],
        )
        for row in rows
    ]


async def count(conn: aiosqlite.Connection) -> int:
    async with conn.execute("SELECT count(*) FROM audit") as cur:
        return (await cur.fetchone())[0]
