"""Subscriptions (a chat's topic words and their lemma terms), the inverted term index, and chat state."""

from __future__ import annotations

import json
from collections.abc import Sequence

import aiosqlite

from bot.news.records import ChatSchedule, Subscription
from storage.repositories import Subscriptions
from storage.sqlite.db import Connection, fits

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


_COLUMNS = "id, chat_id, words, terms, mode"


def _row(row: aiosqlite.Row) -> Subscription:
    return Subscription(row[0], row[1], row[2], tuple(row[3].split()), row[4])


def _schedule(chat_id: int, row: aiosqlite.Row | None) -> ChatSchedule:
    return ChatSchedule(chat_id, *(row if row else (None, None, None)))


class SqliteSubscriptions(Subscriptions):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def add(self, chat_id: int, words: str, terms: tuple[str, ...], mode: str = "instant") -> Subscription:
        await self.set_active(chat_id)
        cur = await self.conn.execute(
            "INSERT INTO subscriptions (chat_id, words, terms, n_terms, mode) VALUES (?, ?, ?, ?, ?)",
            (chat_id, words, " ".join(terms), len(terms), mode),
        )
        sub_id = cur.lastrowid
        assert sub_id is not None
        await self.conn.executemany(
            "INSERT INTO subscription_terms (term, subscription_id) VALUES (?, ?)", [(t, sub_id) for t in terms]
        )
        return Subscription(sub_id, chat_id, words, terms, mode)

    async def add_many(self, rows: Sequence[tuple[int, str, tuple[str, ...]]], mode: str = "instant") -> int:
        last = (await self.conn.execute_fetchall("SELECT coalesce(max(id), 0) FROM subscriptions"))[0][0]
        await self.conn.executemany(
            "INSERT OR IGNORE INTO subscriptions (chat_id, words, terms, n_terms, mode) VALUES (?, ?, ?, ?, ?)",
            [(chat_id, words, " ".join(terms), len(terms), mode) for chat_id, words, terms in rows if terms],
        )
        added = await self.conn.execute_fetchall("SELECT id, terms FROM subscriptions WHERE id > ?", (last,))
        await self.conn.executemany(
            "INSERT INTO subscription_terms (term, subscription_id) VALUES (?, ?)",
            [(term, row[0]) for row in added for term in row[1].split()],
        )
        return len(added)

    async def find(self, chat_id: int, terms: tuple[str, ...]) -> Subscription | None:
        rows = await self.conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? AND terms = ?",
            (chat_id, " ".join(terms)),
        )
        return _row(rows[0]) if rows else None

    async def get(self, sub_id: int) -> Subscription | None:
        if not fits(sub_id):
            return None
        rows = await self.conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE id = ?", (sub_id,)
        )
        return _row(rows[0]) if rows else None

    async def list_for_chat(self, chat_id: int) -> list[Subscription]:
        rows = await self.conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return [_row(row) for row in rows]

    async def count_for_chat(self, chat_id: int) -> int:
        rows = await self.conn.execute_fetchall("SELECT count(*) FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return rows[0][0]

    async def remove(self, chat_id: int, sub_id: int) -> bool:
        if not fits(sub_id):
            return False
        cur = await self.conn.execute("DELETE FROM subscriptions WHERE id = ? AND chat_id = ?", (sub_id, chat_id))
        return cur.rowcount > 0

    async def set_active(self, chat_id: int) -> None:
        await self.conn.execute(
            "INSERT INTO chats (id, active) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET active = 1, reason = '',"
            f" updated_at = {_NOW} WHERE active = 0",
            (chat_id,),
        )

    async def set_inactive(self, chat_id: int, reason: str) -> None:
        await self.conn.execute(
            "INSERT INTO chats (id, active, reason) VALUES (?, 0, ?) ON CONFLICT (id) DO UPDATE SET active = 0,"
            f" reason = excluded.reason, updated_at = {_NOW}",
            (chat_id, reason),
        )

    async def is_active(self, chat_id: int) -> bool:
        rows = await self.conn.execute_fetchall("SELECT active FROM chats WHERE id = ?", (chat_id,))
        return not rows or bool(rows[0][0])

    async def move_chat(self, old_id: int, new_id: int) -> int:
        cur = await self.conn.execute(
            "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?", (new_id, old_id)
        )
        moved = cur.rowcount
        await self.conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
        await self.set_inactive(old_id, f"migrated to {new_id}")
        await self.set_active(new_id)
        return moved

    async def set_mode(self, chat_id: int, sub_id: int | None, mode: str) -> int:
        if sub_id is not None and not fits(sub_id):
            return 0
        cur = await self.conn.execute(
            "UPDATE subscriptions SET mode = ? WHERE chat_id = ? AND (? IS NULL OR id = ?)",
            (mode, chat_id, sub_id, sub_id),
        )
        return cur.rowcount

    async def schedule(self, chat_id: int) -> ChatSchedule:
        rows = await self.conn.execute_fetchall(
            "SELECT timezone, digest_at, digest_due FROM chats WHERE id = ?", (chat_id,)
        )
        return _schedule(chat_id, rows[0] if rows else None)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self.conn.execute(
            "INSERT INTO chats (id, timezone) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET timezone = excluded.timezone",
            (chat_id, timezone),
        )

    async def set_digest(self, chat_id: int, at: str | None, due: float | None) -> None:
        await self.conn.execute(
            "INSERT INTO chats (id, digest_at, digest_due) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " digest_at = excluded.digest_at, digest_due = excluded.digest_due",
            (chat_id, at, due),
        )

    async def due_digests(self, now: float, limit: int) -> list[ChatSchedule]:
        rows = await self.conn.execute_fetchall(
            "SELECT id, timezone, digest_at, digest_due FROM chats"
            " WHERE digest_due IS NOT NULL AND digest_due <= ? AND active = 1 ORDER BY digest_due, id LIMIT ?",
            (now, limit),
        )
        return [ChatSchedule(row[0], row[1], row[2], row[3]) for row in rows]

    async def next_digest_due(self) -> float | None:
        rows = await self.conn.execute_fetchall(
            "SELECT min(digest_due) FROM chats WHERE digest_due IS NOT NULL AND active = 1"
        )
        return rows[0][0]

    async def reschedule_digests(self, moves: Sequence[tuple[int, float, float]]) -> set[int]:
        # Inside the write transaction nobody else can move them: compare, then move ours in one batch.
        rows = await self.conn.execute_fetchall(
            "SELECT id, digest_due FROM chats WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps([chat_id for chat_id, _, _ in moves]),),
        )
        current = {row[0]: row[1] for row in rows}
        mine = [(due, chat_id) for chat_id, was_due, due in moves if current.get(chat_id) == was_due]
        await self.conn.executemany("UPDATE chats SET digest_due = ? WHERE id = ?", mine)
        return {chat_id for _, chat_id in mine}
