"""Archive counts for `python -m bot stats` and the admins' /stats."""

from __future__ import annotations

from storage.repositories import Stats
from storage.sqlite.db import Connection

_COUNTS: dict[str, str] = {
    "articles": "SELECT count(*) FROM articles",
    "speakers": "SELECT count(*) FROM speakers",
    "quotes": "SELECT count(*) FROM quotes",
    "subscriptions": "SELECT count(*) FROM subscriptions",
    "subscribers": "SELECT count(DISTINCT chat_id) FROM subscriptions",
    "notifications_pending": "SELECT count(*) FROM outbox WHERE status = 'pending'",
    "notifications_sent": "SELECT count(*) FROM outbox WHERE status = 'sent'",
    "notifications_failed": "SELECT count(*) FROM outbox WHERE status = 'failed'",
    "inactive_chats": "SELECT count(*) FROM chats WHERE active = 0",
}


class SqliteStats(Stats):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for name, sql in _COUNTS.items():
            result[name] = (await self.conn.execute_fetchall(sql))[0][0]
        return result
