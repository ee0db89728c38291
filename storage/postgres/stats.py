"""Archive counts for `python -m bot stats` and the admins' /stats."""

from __future__ import annotations

from storage.postgres.db import Db
from storage.repositories import Stats

_COUNTS = """
SELECT (SELECT articles FROM archive_stats WHERE id = 1),
       (SELECT count(*) FROM speakers),
       (SELECT count(*) FROM quotes),
       (SELECT count(*) FROM subscriptions),
       (SELECT count(DISTINCT chat_id) FROM subscriptions),
       (SELECT count(*) FROM outbox WHERE status = 'pending'),
       (SELECT count(*) FROM outbox WHERE status = 'sent'),
       (SELECT count(*) FROM outbox WHERE status = 'failed'),
       (SELECT count(*) FROM chats WHERE NOT active)
"""
NAMES = ("articles", "speakers", "quotes", "subscriptions", "subscribers", "notifications_pending",
         "notifications_sent", "notifications_failed", "inactive_chats")


class PgStats(Stats):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def counts(self) -> dict[str, int]:
        row = await self.db.fetchrow(_COUNTS)
        return dict(zip(NAMES, (int(v) for v in row), strict=True))
