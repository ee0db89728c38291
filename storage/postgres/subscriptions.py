"""Subscriptions (a chat's topic words and their lemma terms), the inverted term index, and chat state."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from bot.news.records import ChatSchedule, Subscription
from storage.postgres.db import Db, clean, fits, row_count
from storage.repositories import Subscriptions

_COLUMNS = "id, chat_id, words, terms, mode"


def _row(row: asyncpg.Record) -> Subscription:
    return Subscription(row[0], row[1], row[2], tuple(row[3].split()), row[4])


class PgSubscriptions(Subscriptions):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def add(self, chat_id: int, words: str, terms: tuple[str, ...], mode: str = "instant") -> Subscription:
        await self.set_active(chat_id)
        sub_id = await self.db.fetchval(
            "INSERT INTO subscriptions (chat_id, words, terms, n_terms, mode) VALUES ($1, $2, $3, $4, $5)"
            " RETURNING id",
            chat_id, clean(words), " ".join(terms), len(terms), mode,
        )
        await self.db.executemany(
            "INSERT INTO subscription_terms (term, subscription_id) VALUES ($1, $2)", [(t, sub_id) for t in terms]
        )
        return Subscription(sub_id, chat_id, words, terms, mode)

    async def add_many(self, rows: Sequence[tuple[int, str, tuple[str, ...]]], mode: str = "instant") -> int:
        wanted = [(chat_id, clean(words), " ".join(terms), len(terms)) for chat_id, words, terms in rows if terms]
        if not wanted:
            return 0
        added = await self.db.fetch(
            "INSERT INTO subscriptions (chat_id, words, terms, n_terms, mode)"
            " SELECT *, $5 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[])"
            " ON CONFLICT DO NOTHING RETURNING id, terms",
            *[list(column) for column in zip(*wanted, strict=True)], mode,
        )
        pairs = [(term, row[0]) for row in added for term in row[1].split()]
        await self.db.execute(
            "INSERT INTO subscription_terms (term, subscription_id) SELECT * FROM unnest($1::text[], $2::bigint[])",
            [p[0] for p in pairs], [p[1] for p in pairs],
        )
        return len(added)

    async def find(self, chat_id: int, terms: tuple[str, ...]) -> Subscription | None:
        row = await self.db.fetchrow(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = $1 AND terms = $2",
            chat_id, " ".join(terms),
        )
        return _row(row) if row else None

    async def get(self, sub_id: int) -> Subscription | None:
        if not fits(sub_id):
            return None
        row = await self.db.fetchrow(f"SELECT {_COLUMNS} FROM subscriptions WHERE id = $1", sub_id)
        return _row(row) if row else None

    async def list_for_chat(self, chat_id: int) -> list[Subscription]:
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = $1 ORDER BY id", chat_id
        )
        return [_row(row) for row in rows]

    async def count_for_chat(self, chat_id: int) -> int:
        return await self.db.fetchval("SELECT count(*) FROM subscriptions WHERE chat_id = $1", chat_id)

    async def remove(self, chat_id: int, sub_id: int) -> bool:
        if not fits(sub_id):
            return False
        return row_count(await self.db.execute(
            "DELETE FROM subscriptions WHERE id = $1 AND chat_id = $2", sub_id, chat_id
        )) > 0

    async def set_active(self, chat_id: int) -> None:
        await self.db.execute(
            "INSERT INTO chats (id, active) VALUES ($1, true) ON CONFLICT (id) DO UPDATE SET active = true,"
            " reason = '', updated_at = now() WHERE NOT chats.active",
            chat_id,
        )

    async def set_inactive(self, chat_id: int, reason: str) -> None:
        await self.db.execute(
            "INSERT INTO chats (id, active, reason) VALUES ($1, false, $2) ON CONFLICT (id) DO UPDATE SET"
            " active = false, reason = excluded.reason, updated_at = now()",
            chat_id, clean(reason),
        )

    async def is_active(self, chat_id: int) -> bool:
        active = await self.db.fetchval("SELECT active FROM chats WHERE id = $1", chat_id)
        return active is None or active

    async def move_chat(self, old_id: int, new_id: int) -> int:
        moved = row_count(await self.db.execute(
            "UPDATE subscriptions s SET chat_id = $1 WHERE s.chat_id = $2"
            " AND NOT EXISTS (SELECT 1 FROM subscriptions t WHERE t.chat_id = $1 AND t.terms = s.terms)",
            new_id, old_id,
        ))
        await self.db.execute("DELETE FROM subscriptions WHERE chat_id = $1", old_id)
        await self.set_inactive(old_id, f"migrated to {new_id}")
        await self.set_active(new_id)
        return moved

    async def set_mode(self, chat_id: int, sub_id: int | None, mode: str) -> int:
        if sub_id is not None and not fits(sub_id):
            return 0
        return row_count(await self.db.execute(
            "UPDATE subscriptions SET mode = $1 WHERE chat_id = $2 AND ($3::bigint IS NULL OR id = $3)",
            mode, chat_id, sub_id,
        ))

    async def schedule(self, chat_id: int) -> ChatSchedule:
        row = await self.db.fetchrow("SELECT timezone, digest_at, digest_due FROM chats WHERE id = $1", chat_id)
        return ChatSchedule(chat_id, *(row if row else (None, None, None)))

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self.db.execute(
            "INSERT INTO chats (id, timezone) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET timezone = excluded.timezone",
            chat_id, clean(timezone),
        )

    async def set_digest(self, chat_id: int, at: str | None, due: float | None) -> None:
        await self.db.execute(
            "INSERT INTO chats (id, digest_at, digest_due) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET"
            " digest_at = excluded.digest_at, digest_due = excluded.digest_due",
            chat_id, at, due,
        )

    async def due_digests(self, now: float, limit: int) -> list[ChatSchedule]:
        rows = await self.db.fetch(
            "SELECT id, timezone, digest_at, digest_due FROM chats"
            " WHERE digest_due IS NOT NULL AND digest_due <= $1 AND active ORDER BY digest_due, id LIMIT $2",
            now, limit,
        )
        return [ChatSchedule(row[0], row[1], row[2], row[3]) for row in rows]

    async def next_digest_due(self) -> float | None:
        return await self.db.fetchval("SELECT min(digest_due) FROM chats WHERE digest_due IS NOT NULL AND active")

    async def reschedule_digests(self, moves: Sequence[tuple[int, float, float]]) -> set[int]:
        rows = await self.db.fetch(
            "UPDATE chats c SET digest_due = m.due"
            " FROM unnest($1::bigint[], $2::float8[], $3::float8[]) AS m(id, was_due, due)"
            " WHERE c.id = m.id AND c.digest_due = m.was_due RETURNING c.id",
            [m[0] for m in moves], [m[1] for m in moves], [m[2] for m in moves],
        )
        return {row[0] for row in rows}
