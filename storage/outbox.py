"""Notification outbox: one row per (chat, article), written at ingest, delivered by bot.notifier.

States: pending -> sent (Telegram accepted it) | failed (gave up, reason kept) | dropped (chat inactive).
Rows are written in the article's own transaction, so an article and its notifications exist together or not
at all; a row leaves ``pending`` only after the outcome is known, so a restart resends whatever was in flight.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import aiosqlite

PENDING, SENT, FAILED, DROPPED = "pending", "sent", "failed", "dropped"

_listeners: list[Callable[[], None]] = []

_ENQUEUE_SQL = """
INSERT OR IGNORE INTO outbox (chat_id, article_id, topics)
SELECT s.chat_id, :article, json_group_array(s.words)
FROM (
    SELECT st.subscription_id AS sid, count(*) AS hits
    FROM subscription_terms st
    WHERE st.term IN (SELECT value FROM json_each(:terms))
    GROUP BY st.subscription_id
) AS m
JOIN subscriptions s ON s.id = m.sid AND s.n_terms = m.hits
WHERE NOT EXISTS (SELECT 1 FROM chats c WHERE c.id = s.chat_id AND c.active = 0)
GROUP BY s.chat_id
ORDER BY s.chat_id
"""


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    chat_id: int
    article_id: int
    topics: tuple[str, ...]
    attempts: int
    title: str
    lead: str


# ---- wake-up hooks (the delivery worker registers one; ingest calls announce() after commit) --------------

def add_listener(callback: Callable[[], None]) -> None:
    _listeners.append(callback)


def remove_listener(callback: Callable[[], None]) -> None:
    if callback in _listeners:
        _listeners.remove(callback)


def announce() -> None:
    """New rows were committed: wake the delivery worker(s) of this process."""
    for callback in list(_listeners):
        callback()


# ---- writing at ingest ---------------------------------------------------------------------------------------

async def enqueue_matches(conn: aiosqlite.Connection, article_id: int, terms: list[str]) -> int:
    """One pending row per active chat with a subscription whose terms all occur in ``terms``.

    Inside the caller's transaction; uses the inverted index (subscription_terms), never a scan of all
    subscriptions. Returns the number of chats notified.
    """
    distinct = sorted(set(terms))
    if not distinct:
        return 0
    cur = await conn.execute(_ENQUEUE_SQL, {"article": article_id, "terms": json.dumps(distinct, ensure_ascii=False)})
    return max(cur.rowcount, 0)


# ---- delivery ------------------------------------------------------------------------------------------------

async def due(
    conn: aiosqlite.Connection, now: float, limit: int, skip_chats: list[int] | None = None
) -> list[Notification]:
    """Oldest pending rows whose time has come, skipping chats that may not receive a message right now."""
    async with conn.execute(
        "SELECT o.id, o.chat_id, o.article_id, o.topics, o.attempts, a.title, a.lead"
        " FROM outbox o JOIN articles a ON a.id = o.article_id"
        " WHERE o.status = 'pending' AND o.next_attempt_at <= ?"
        " AND o.chat_id NOT IN (SELECT value FROM json_each(?))"
        " ORDER BY o.id LIMIT ?",
        (now, json.dumps(skip_chats or []), limit),
    ) as cur:
        rows = await cur.fetchall()
    return [
        Notification(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6])
        for r in rows
    ]


async def next_due_at(conn: aiosqlite.Connection) -> float | None:
    """Earliest next_attempt_at among pending rows (None when nothing is pending)."""
    async with conn.execute("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'") as cur:
        row = await cur.fetchone()
    return row[0]


async def mark_sent(conn: aiosqlite.Connection, ids: list[int]) -> None:
    await conn.executemany(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, reason = '',"
        " sent_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ? AND status = 'pending'",
        [(i,) for i in ids],
    )


async def retry_later(conn: aiosqlite.Connection, row_id: int, at: float, reason: str) -> None:
    await conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, reason = ? WHERE id = ?",
        (at, reason, row_id),
    )


async def mark_failed(conn: aiosqlite.Connection, row_id: int, reason: str) -> None:
    await conn.execute(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, reason = ? WHERE id = ?", (reason, row_id)
    )


async def drop_chat(conn: aiosqlite.Connection, chat_id: int, reason: str) -> int:
    """The chat is gone or blocked the bot: its pending rows will never be sent."""
    cur = await conn.execute(
        "UPDATE outbox SET status = 'dropped', reason = ? WHERE chat_id = ? AND status = 'pending'",
        (reason, chat_id),
    )
    return cur.rowcount


async def move_chat(conn: aiosqlite.Connection, old_id: int, new_id: int) -> int:
    """Pending rows of a migrated group go to its new id (due now); rows it already has there are dropped."""
    cur = await conn.execute(
        "UPDATE OR IGNORE outbox SET chat_id = ?, next_attempt_at = 0 WHERE chat_id = ? AND status = 'pending'",
        (new_id, old_id),
    )
    await drop_chat(conn, old_id, f"migrated to {new_id}")
    return cur.rowcount


async def counts(conn: aiosqlite.Connection) -> dict[str, int]:
    async with conn.execute("SELECT status, count(*) FROM outbox GROUP BY status") as cur:
        found = {row[0]: row[1] for row in await cur.fetchall()}
    return {status: found.get(status, 0) for status in (PENDING, SENT, FAILED, DROPPED)}


async def get_status(conn: aiosqlite.Connection, chat_id: int, article_id: int) -> tuple[str, str] | None:
    async with conn.execute(
        "SELECT status, reason FROM outbox WHERE chat_id = ? AND article_id = ?", (chat_id, article_id)
    ) as cur:
        row = await cur.fetchone()
    return (row[0], row[1]) if row else None
