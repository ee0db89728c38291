"""Subscriptions (a chat's topic words and their lemma terms), the inverted term index, and chat state."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.news.records import Subscription
from storage.repositories import Subscriptions
from storage.sqlite.db import fits

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def _row(row: aiosqlite.Row) -> Subscription:
    return Subscription(row[0], row[1], row[2], tuple(row[3].split()))


class SqliteSubscriptions(Subscriptions):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def add(self, chat_id: int, words: str, terms: tuple[str, ...]) -> Subscription:
        await self.set_active(chat_id)
        cur = await self.conn.execute(
            "INSERT INTO subscriptions (chat_id, words, terms, n_terms) VALUES (?, ?, ?, ?)",
            (chat_id, words, " ".join(terms), len(terms)),
        )
        sub_id = cur.lastrowid
        assert sub_id is not None
        await self.conn.executemany(
            "INSERT INTO subscription_terms (term, subscription_id) VALUES (?, ?)", [(t, sub_id) for t in terms]
        )
        return Subscription(sub_id, chat_id, words, terms)

    async def add_many(self, rows: Sequence[tuple[int, str, tuple[str, ...]]]) -> int:
        last = (await self.conn.execute_fetchall("SELECT coalesce(max(id), 0) FROM subscriptions"))[0][0]
        await self.conn.executemany(
            "INSERT OR IGNORE INTO subscriptions (chat_id, words, terms, n_terms) VALUES (?, ?, ?, ?)",
            [(chat_id, words, " ".join(terms), len(terms)) for chat_id, words, terms in rows if terms],
        )
        added = await self.conn.execute_fetchall("SELECT id, terms FROM subscriptions WHERE id > ?", (last,))
        await self.conn.executemany(
            "INSERT INTO subscription_terms (term, subscription_id) VALUES (?, ?)",
            [(term, row[0]) for row in added for term in row[1].split()],
        )
        return len(added)

    async def find(self, chat_id: int, terms: tuple[str, ...]) -> Subscription | None:
        rows = await self.conn.execute_fetchall(
            "SELECT id, chat_id, words, terms FROM subscriptions WHERE chat_id = ? AND terms = ?",
            (chat_id, " ".join(terms)),
        )
        return _row(rows[0]) if rows else None

    async def get(self, sub_id: int) -> Subscription | None:
        if not fits(sub_id):
            return None
        rows = await self.conn.execute_fetchall(
            "SELECT id, chat_id, words, terms FROM subscriptions WHERE id = ?", (sub_id,)
        )
        return _row(rows[0]) if rows else None

    async def list_for_chat(self, chat_id: int) -> list[Subscription]:
        rows = await self.conn.execute_fetchall(
            "SELECT id, chat_id, words, terms FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,)
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
