"""Counts for `python -m bot stats` and the admins' /stats: one name -> value each."""

from __future__ import annotations

import aiosqlite

# name -> SQL returning one number; features add their own rows here.
_COUNTS: dict[str, str] = {
    "articles": "SELECT count(*) FROM articles",
    # quotes (issue 3) — added for the admins' /stats (issue 5)
    "speakers": "SELECT count(*) FROM speakers",
    "quotes": "SELECT count(*) FROM quotes",
    # subscriptions (issue 6)
    "subscriptions": "SELECT count(*) FROM subscriptions",
    "subscribers": "SELECT count(DISTINCT chat_id) FROM subscriptions",
    "notifications_pending": "SELECT count(*) FROM outbox WHERE status = 'pending'",
    "notifications_sent": "SELECT count(*) FROM outbox WHERE status = 'sent'",
    "notifications_failed": "SELECT count(*) FROM outbox WHERE status = 'failed'",
    "inactive_chats": "SELECT count(*) FROM chats WHERE active = 0",
}


async def counts(conn: aiosqlite.Connection) -> dict[str, int]:
    result: dict[str, int] = {}
    for name, sql in _COUNTS.items():
        async with conn.execute(sql) as cur:
            result[name] = (await cur.fetchone())[0]
    return result
