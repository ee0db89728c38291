"""Notification outbox: one row per (chat, article), written at ingest in the article's own transaction.

States: pending -> sent (Telegram accepted it) | failed (gave up, reason kept) | dropped (chat inactive).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import aiosqlite

from bot.news.records import DigestItem, Notification
from storage.repositories import Outbox
from storage.sqlite.db import Connection

PENDING, SENT, FAILED, DROPPED = "pending", "sent", "failed", "dropped"

# Matching uses the inverted index (subscription_terms), never a scan of all subscriptions.
_MATCHING = """
SELECT s.chat_id, json_group_array(s.words) AS topics
FROM (
    SELECT st.subscription_id AS sid, count(*) AS hits
    FROM subscription_terms st
    WHERE st.term IN (SELECT value FROM json_each(:terms))
    GROUP BY st.subscription_id
) AS m
JOIN subscriptions s ON s.id = m.sid AND s.n_terms = m.hits AND s.mode = :mode
WHERE NOT EXISTS (SELECT 1 FROM chats c WHERE c.id = s.chat_id AND c.active = 0)
GROUP BY s.chat_id
ORDER BY s.chat_id
"""
ENQUEUE_SQL = f"""
INSERT OR IGNORE INTO outbox (chat_id, article_id, topics)
SELECT chat_id, :article, topics FROM ({_MATCHING})
"""
COLLECT_SQL = f"""
INSERT OR IGNORE INTO digest_items (chat_id, article_id, topics)
SELECT chat_id, :article, topics FROM ({_MATCHING}) AS d
WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.chat_id = d.chat_id AND o.article_id = :article)
"""


_NOTIFICATION = (
    "o.id, o.chat_id, o.article_id, o.topics, o.attempts, coalesce(a.title, ''), coalesce(a.lead, ''),"
    " o.first_failed_at, o.kind, o.payload"
)


def _notification(r: aiosqlite.Row) -> Notification:
    return Notification(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6], r[7], r[8], r[9])


class SqliteOutbox(Outbox):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def enqueue_matches(self, article_id: int, lemmas: Sequence[str]) -> int:
        distinct = sorted(set(lemmas))
        if not distinct:
            return 0
        cur = await self.conn.execute(
            ENQUEUE_SQL, {"article": article_id, "terms": json.dumps(distinct, ensure_ascii=False), "mode": "instant"}
        )
        return max(cur.rowcount, 0)

    async def collect_for_digests(self, article_id: int, lemmas: Sequence[str]) -> int:
        distinct = sorted(set(lemmas))
        if not distinct:
            return 0
        cur = await self.conn.execute(
            COLLECT_SQL, {"article": article_id, "terms": json.dumps(distinct, ensure_ascii=False), "mode": "digest"}
        )
        return max(cur.rowcount, 0)

    async def take_digest_items(self, chat_ids: Sequence[int]) -> dict[int, list[DigestItem]]:
        found: dict[int, list[DigestItem]] = {chat_id: [] for chat_id in chat_ids}
        if not chat_ids:
            return found
        wanted = json.dumps(list(chat_ids))
        rows = await self.conn.execute_fetchall(
            "DELETE FROM digest_items WHERE chat_id IN (SELECT value FROM json_each(?))"
            " RETURNING chat_id, article_id, topics",
            (wanted,),
        )
        for chat_id, article_id, topics in sorted(tuple(row) for row in rows):
            found[chat_id].append(DigestItem(article_id, tuple(json.loads(topics))))
        return found

    async def enqueue_digests(self, digests: Sequence[tuple[int, str, str, Sequence[str]]]) -> int:
        before = self.conn.total_changes
        await self.conn.executemany(
            "INSERT OR IGNORE INTO outbox (chat_id, kind, digest_date, payload, topics) VALUES (?, 'digest', ?, ?, ?)",
            [(chat_id, day, payload, json.dumps(list(topics), ensure_ascii=False))
             for chat_id, day, payload, topics in digests],
        )
        return self.conn.total_changes - before

    async def due(self, now: float, limit: int, skip_chats: Sequence[int] = ()) -> list[Notification]:
        rows = await self.conn.execute_fetchall(
            f"SELECT {_NOTIFICATION} FROM outbox o LEFT JOIN articles a ON a.id = o.article_id"
            " WHERE o.status = 'pending' AND o.next_attempt_at <= ?"
            " AND o.chat_id NOT IN (SELECT value FROM json_each(?))"
            " ORDER BY o.id LIMIT ?",
            (now, json.dumps(list(skip_chats)), limit),
        )
        return [_notification(r) for r in rows]

    async def next_due_at(self) -> float | None:
        rows = await self.conn.execute_fetchall(
            "SELECT min(max(next_attempt_at, coalesce(lease_until, 0))) FROM outbox WHERE status = 'pending'"
        )
        return rows[0][0]

    async def mark_sent(self, ids: Sequence[int]) -> None:
        await self.conn.executemany(
            "UPDATE outbox SET status = 'sent', attempts = attempts + 1, reason = '',"
            " sent_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ? AND status = 'pending'",
            [(i,) for i in ids],
        )

    async def retry_later(self, row_id: int, at: float, reason: str, first_failed_at: float) -> None:
        await self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, reason = ?,"
            " first_failed_at = coalesce(first_failed_at, ?) WHERE id = ?",
            (at, reason, first_failed_at, row_id),
        )

    async def resume(self) -> int:
        cur = await self.conn.execute(
            "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending' AND next_attempt_at > 0"
        )
        return cur.rowcount

    async def mark_failed(self, row_id: int, reason: str) -> None:
        await self.conn.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, reason = ? WHERE id = ?", (reason, row_id)
        )

    async def drop_chat(self, chat_id: int, reason: str) -> int:
        cur = await self.conn.execute(
            "UPDATE outbox SET status = 'dropped', reason = ? WHERE chat_id = ? AND status = 'pending'",
            (reason, chat_id),
        )
        return cur.rowcount

    async def move_chat(self, old_id: int, new_id: int) -> int:
        """Pending rows of a migrated group go to its new id (due now); rows it already has there are dropped."""
        cur = await self.conn.execute(
            "UPDATE OR IGNORE outbox SET chat_id = ?, next_attempt_at = 0 WHERE chat_id = ? AND status = 'pending'",
            (new_id, old_id),
        )
        await self.drop_chat(old_id, f"migrated to {new_id}")
        return cur.rowcount

    async def counts(self) -> dict[str, int]:
        rows = await self.conn.execute_fetchall("SELECT status, count(*) FROM outbox GROUP BY status")
        found = {row[0]: row[1] for row in rows}
        return {status: found.get(status, 0) for status in (PENDING, SENT, FAILED, DROPPED)}

    async def status(self, chat_id: int, article_id: int) -> tuple[str, str] | None:
        rows = await self.conn.execute_fetchall(
            "SELECT status, reason FROM outbox WHERE chat_id = ? AND article_id = ?", (chat_id, article_id)
        )
        return (rows[0][0], rows[0][1]) if rows else None

    async def claim(
        self, worker: str, now: float, lease: float, limit: int, skip_chats: Sequence[int] = ()
    ) -> list[Notification]:
        # Runs inside a write transaction: SQLite's write lock makes the pick and the lease one step.
        rows = await self.conn.execute_fetchall(
            f"SELECT {_NOTIFICATION} FROM outbox o LEFT JOIN articles a ON a.id = o.article_id"
            " WHERE o.status = 'pending' AND o.next_attempt_at <= :now"
            " AND (o.lease_until IS NULL OR o.lease_until <= :now OR o.claimed_by = :worker)"
            " AND o.chat_id NOT IN (SELECT value FROM json_each(:skip))"
            " AND NOT EXISTS (SELECT 1 FROM outbox h WHERE h.chat_id = o.chat_id AND h.lease_until > :now"
            "  AND h.claimed_by <> :worker)"
            " ORDER BY o.id LIMIT :limit",
            {"now": now, "worker": worker, "skip": json.dumps(list(skip_chats)), "limit": limit},
        )
        await self.conn.executemany(
            "UPDATE outbox SET claimed_by = ?, lease_until = ? WHERE id = ?", [(worker, now + lease, r[0]) for r in rows]
        )
        return [_notification(r) for r in rows]

    async def extend(self, worker: str, ids: Sequence[int], until: float) -> None:
        await self.conn.executemany(
            "UPDATE outbox SET lease_until = ? WHERE id = ? AND claimed_by = ? AND status = 'pending'",
            [(until, i, worker) for i in ids],
        )

    async def release(self, worker: str, ids: Sequence[int]) -> None:
        await self.conn.executemany(
            "UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = ? AND claimed_by = ?"
            " AND status = 'pending'",
            [(i, worker) for i in ids],
        )

    async def hold(self, worker: str, sent: Sequence[tuple[int, float]]) -> None:
        await self.conn.executemany(
            "UPDATE outbox SET claimed_by = ?, lease_until = ? WHERE id = ?", [(worker, until, i) for i, until in sent]
        )

    async def reserve_sends(self, now: float, count: int, interval: float) -> float:
        rows = await self.conn.execute_fetchall(
            "UPDATE send_budget SET tat = max(tat, ?) + ? WHERE id = 1 RETURNING tat", (now, count * interval)
        )
        return rows[0][0] - count * interval

    async def pause_sends(self, until: float) -> None:
        await self.conn.execute("UPDATE send_budget SET tat = max(tat, ?) WHERE id = 1", (until,))
