"""Notification outbox: one row per (chat, article), written at ingest in the article's own transaction.

States: pending -> sent (Telegram accepted it) | failed (gave up, reason kept) | dropped (chat inactive).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import asyncpg

from bot.news.records import DigestItem, Notification
from storage.postgres.db import Db, clean, row_count
from storage.repositories import Outbox

PENDING, SENT, FAILED, DROPPED = "pending", "sent", "failed", "dropped"

# Matching uses the inverted index (subscription_terms), never a scan of all subscriptions.
_MATCHING = """
SELECT s.chat_id, array_agg(s.words ORDER BY s.id) AS topics
FROM (
    SELECT st.subscription_id AS sid, count(*) AS hits
    FROM subscription_terms st
    WHERE st.term = ANY($2::text[])
    GROUP BY st.subscription_id
) AS m
JOIN subscriptions s ON s.id = m.sid AND s.n_terms = m.hits AND s.mode = $3
WHERE NOT EXISTS (SELECT 1 FROM chats c WHERE c.id = s.chat_id AND NOT c.active)
GROUP BY s.chat_id
ORDER BY s.chat_id
"""
ENQUEUE_SQL = f"""
INSERT INTO outbox (chat_id, article_id, topics)
SELECT chat_id, $1, topics FROM ({_MATCHING}) AS d
ON CONFLICT (chat_id, article_id) DO NOTHING
"""
COLLECT_SQL = f"""
INSERT INTO digest_items (chat_id, article_id, topics)
SELECT chat_id, $1, topics FROM ({_MATCHING}) AS d
WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.chat_id = d.chat_id AND o.article_id = $1)
ON CONFLICT (chat_id, article_id) DO NOTHING
"""

_NOTIFICATION = (
    "o.id, o.chat_id, o.article_id, o.topics, o.attempts, coalesce(a.title, ''), coalesce(a.lead, ''),"
    " o.first_failed_at, o.kind, o.payload"
)


def _notification(r: asyncpg.Record) -> Notification:
    return Notification(r[0], r[1], r[2], tuple(r[3]), r[4], r[5], r[6], r[7], r[8], r[9])


class PgOutbox(Outbox):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def enqueue_matches(self, article_id: int, lemmas: Sequence[str]) -> int:
        distinct = sorted(set(lemmas))
        if not distinct:
            return 0
        return row_count(await self.db.execute(ENQUEUE_SQL, article_id, distinct, "instant"))

    async def collect_for_digests(self, article_id: int, lemmas: Sequence[str]) -> int:
        distinct = sorted(set(lemmas))
        if not distinct:
            return 0
        return row_count(await self.db.execute(COLLECT_SQL, article_id, distinct, "digest"))

    async def take_digest_items(self, chat_ids: Sequence[int]) -> dict[int, list[DigestItem]]:
        found: dict[int, list[DigestItem]] = {chat_id: [] for chat_id in chat_ids}
        if not chat_ids:
            return found
        rows = await self.db.fetch(
            "DELETE FROM digest_items WHERE chat_id = ANY($1::bigint[]) RETURNING chat_id, article_id, topics",
            list(chat_ids),
        )
        for chat_id, article_id, topics in sorted((r[0], r[1], tuple(r[2])) for r in rows):
            found[chat_id].append(DigestItem(article_id, topics))
        return found

    async def enqueue_digests(self, digests: Sequence[tuple[int, str, str, Sequence[str]]]) -> int:
        added = await self.db.execute(
            "INSERT INTO outbox (chat_id, kind, digest_date, payload, topics)"
            " SELECT d.chat_id, 'digest', d.day, d.payload, ARRAY(SELECT jsonb_array_elements_text(d.topics))"
            " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[]) AS d(chat_id, day, payload, topics)"
            " ON CONFLICT (chat_id, digest_date) WHERE digest_date IS NOT NULL DO NOTHING",
            [d[0] for d in digests], [d[1] for d in digests], [clean(d[2]) for d in digests],
            [json.dumps([clean(t) for t in d[3]], ensure_ascii=False) for d in digests],
        )
        return row_count(added)

    async def due(self, now: float, limit: int, skip_chats: Sequence[int] = ()) -> list[Notification]:
        rows = await self.db.fetch(
            f"SELECT {_NOTIFICATION} FROM outbox o LEFT JOIN articles a ON a.id = o.article_id"
            " WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND o.chat_id <> ALL($2::bigint[])"
            " ORDER BY o.id LIMIT $3",
            now, list(skip_chats), limit,
        )
        return [_notification(r) for r in rows]

    async def next_due_at(self) -> float | None:
        return await self.db.fetchval(
            "SELECT min(greatest(next_attempt_at, coalesce(lease_until, 0))) FROM outbox WHERE status = 'pending'"
        )

    async def mark_sent(self, ids: Sequence[int]) -> None:
        await self.db.execute(
            "UPDATE outbox SET status = 'sent', attempts = attempts + 1, reason = '', sent_at = now()"
            " WHERE id = ANY($1::bigint[]) AND status = 'pending'",
            list(ids),
        )

    async def retry_later(self, row_id: int, at: float, reason: str, first_failed_at: float) -> None:
        await self.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, reason = $2,"
            " first_failed_at = coalesce(first_failed_at, $3) WHERE id = $4",
            at, clean(reason), first_failed_at, row_id,
        )

    async def resume(self) -> int:
        return row_count(await self.db.execute(
            "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending' AND next_attempt_at > 0"
        ))

    async def mark_failed(self, row_id: int, reason: str) -> None:
        await self.db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, reason = $1 WHERE id = $2",
            clean(reason), row_id,
        )

    async def drop_chat(self, chat_id: int, reason: str) -> int:
        return row_count(await self.db.execute(
            "UPDATE outbox SET status = 'dropped', reason = $1 WHERE chat_id = $2 AND status = 'pending'",
            clean(reason), chat_id,
        ))

    async def move_chat(self, old_id: int, new_id: int) -> int:
        """Pending rows of a migrated group go to its new id (due now); rows it already has there are dropped."""
        moved = row_count(await self.db.execute(
            "UPDATE outbox o SET chat_id = $1, next_attempt_at = 0 WHERE o.chat_id = $2 AND o.status = 'pending'"
            " AND NOT EXISTS (SELECT 1 FROM outbox t WHERE t.chat_id = $1"
            " AND (t.article_id = o.article_id OR t.digest_date = o.digest_date))",
            new_id, old_id,
        ))
        await self.drop_chat(old_id, f"migrated to {new_id}")
        return moved

    async def counts(self) -> dict[str, int]:
        rows = await self.db.fetch("SELECT status, count(*) FROM outbox GROUP BY status")
        found = {row[0]: row[1] for row in rows}
        return {status: found.get(status, 0) for status in (PENDING, SENT, FAILED, DROPPED)}

    async def status(self, chat_id: int, article_id: int) -> tuple[str, str] | None:
        row = await self.db.fetchrow(
            "SELECT status, reason FROM outbox WHERE chat_id = $1 AND article_id = $2", chat_id, article_id
        )
        return (row[0], row[1]) if row else None

    async def claim(
        self, worker: str, now: float, lease: float, limit: int, skip_chats: Sequence[int] = ()
    ) -> list[Notification]:
        rows = await self.db.fetch(
            f"WITH picked AS (SELECT o.id FROM outbox o"
            "  WHERE o.status = 'pending' AND o.next_attempt_at <= $2"
            "  AND (o.lease_until IS NULL OR o.lease_until <= $2 OR o.claimed_by = $1)"
            "  AND o.chat_id <> ALL($5::bigint[])"
            "  AND NOT EXISTS (SELECT 1 FROM outbox h WHERE h.chat_id = o.chat_id AND h.lease_until > $2"
            "   AND h.claimed_by <> $1)"
            "  ORDER BY o.id LIMIT $4 FOR UPDATE SKIP LOCKED),"
            " leased AS (UPDATE outbox o SET claimed_by = $1, lease_until = $2 + $3 FROM picked"
            "  WHERE o.id = picked.id RETURNING o.*)"
            f" SELECT {_NOTIFICATION} FROM leased o LEFT JOIN articles a ON a.id = o.article_id ORDER BY o.id",
            worker, now, lease, limit, list(skip_chats),
        )
        return [_notification(r) for r in rows]

    async def extend(self, worker: str, ids: Sequence[int], until: float) -> None:
        await self.db.execute(
            "UPDATE outbox SET lease_until = $1 WHERE id = ANY($2::bigint[]) AND claimed_by = $3"
            " AND status = 'pending'",
            until, list(ids), worker,
        )

    async def release(self, worker: str, ids: Sequence[int]) -> None:
        await self.db.execute(
            "UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = ANY($1::bigint[])"
            " AND claimed_by = $2 AND status = 'pending'",
            list(ids), worker,
        )

    async def hold(self, worker: str, sent: Sequence[tuple[int, float]]) -> None:
        await self.db.execute(
            "UPDATE outbox o SET claimed_by = $1, lease_until = h.until"
            " FROM unnest($2::bigint[], $3::float8[]) AS h (id, until) WHERE o.id = h.id",
            worker, [i for i, _ in sent], [u for _, u in sent],
        )

    async def reserve_sends(self, now: float, count: int, interval: float) -> float:
        return await self.db.fetchval(
            "UPDATE send_budget SET tat = greatest(tat, $1) + $2 WHERE id = 1 RETURNING tat - $2",
            now, count * interval,
        )

    async def pause_sends(self, until: float) -> None:
        await self.db.execute("UPDATE send_budget SET tat = greatest(tat, $1) WHERE id = 1", until)
