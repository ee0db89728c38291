"""Subscription repository: a chat's topics (words + lemma terms), the inverted term index, chat state."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.news.analysis import Analysis

MAX_PER_CHAT = 50
MAX_TOPIC_CHARS = 100


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    chat_id: int
    words: str
    terms: tuple[str, ...]


class LimitReached(Exception):
    """The chat already has MAX_PER_CHAT subscriptions."""


def normal_terms(terms: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Sorted distinct terms: «экология мусор» and «мусор экологии» are the same subscription."""
    return tuple(sorted({t for t in terms if t}))


def article_terms(analysis: Analysis) -> list[str]:
    """Distinct lemmas of an article's title and body (what subscriptions are matched against)."""
    return sorted(set(analysis.title_lemmas.split()) | set(analysis.body_lemmas.split()))


def _row(row: aiosqlite.Row) -> Subscription:
    return Subscription(row["id"], row["chat_id"], row["words"], tuple(row["terms"].split()))


async def add(conn: aiosqlite.Connection, chat_id: int, words: str, terms: list[str]) -> tuple[Subscription, bool]:
    """Subscribe (inside the caller's transaction). Returns (subscription, created); an equal one is reused.

    Raises LimitReached when the chat is full. Subscribing also (re)activates the chat.
    """
    key = normal_terms(terms)
    if not key:
        raise ValueError("a subscription needs at least one term")
    await set_active(conn, chat_id)
    existing = await find(conn, chat_id, key)
    if existing is not None:
        return existing, False
    if await count_for_chat(conn, chat_id) >= MAX_PER_CHAT:
        raise LimitReached
    cur = await conn.execute(
        "INSERT INTO subscriptions (chat_id, words, terms, n_terms) VALUES (?, ?, ?, ?)",
        (chat_id, words, " ".join(key), len(key)),
    )
    sub_id = cur.lastrowid
    await conn.executemany(
        "INSERT INTO subscription_terms (term, subscription_id) VALUES (?, ?)", [(t, sub_id) for t in key]
    )
    return Subscription(sub_id, chat_id, words, key), True


async def add_many(conn: aiosqlite.Connection, rows: list[tuple[int, str, list[str]]]) -> int:
    """Bulk insert (chat_id, words, terms) without limits (repeats skipped); for benchmarks and fixtures."""
    async with conn.execute("SELECT coalesce(max(id), 0) FROM subscriptions") as cur:
        last = (await cur.fetchone())[0]
    keyed = [(chat_id, words, normal_terms(terms)) for chat_id, words, terms in rows]
    await conn.executemany(
        "INSERT OR IGNORE INTO subscriptions (chat_id, words, terms, n_terms) VALUES (?, ?, ?, ?)",
        [(chat_id, words, " ".join(key), len(key)) for chat_id, words, key in keyed if key],
    )
    async with conn.execute("SELECT id, terms FROM subscriptions WHERE id > ?", (last,)) as cur:
        added = await cur.fetchall()
    await conn.executemany(
        "INSERT INTO subscription_terms (term, subscription_id) VALUES (?, ?)",
        [(term, row[0]) for row in added for term in row[1].split()],
    )
    return len(added)


async def find(conn: aiosqlite.Connection, chat_id: int, terms: list[str] | tuple[str, ...]) -> Subscription | None:
    key = " ".join(normal_terms(terms))
    async with conn.execute(
        "SELECT id, chat_id, words, terms FROM subscriptions WHERE chat_id = ? AND terms = ?", (chat_id, key)
    ) as cur:
        row = await cur.fetchone()
    return _row(row) if row else None


async def get(conn: aiosqlite.Connection, sub_id: int) -> Subscription | None:
    async with conn.execute("SELECT id, chat_id, words, terms FROM subscriptions WHERE id = ?", (sub_id,)) as cur:
        row = await cur.fetchone()
    return _row(row) if row else None


async def list_for_chat(conn: aiosqlite.Connection, chat_id: int) -> list[Subscription]:
    async with conn.execute(
        "SELECT id, chat_id, words, terms FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,)
    ) as cur:
        return [_row(row) for row in await cur.fetchall()]


async def count_for_chat(conn: aiosqlite.Connection, chat_id: int) -> int:
    async with conn.execute("SELECT count(*) FROM subscriptions WHERE chat_id = ?", (chat_id,)) as cur:
        return (await cur.fetchone())[0]


async def remove(conn: aiosqlite.Connection, chat_id: int, sub_id: int) -> bool:
    """Delete one subscription of this chat (never another chat's); its terms go by cascade."""
    cur = await conn.execute("DELETE FROM subscriptions WHERE id = ? AND chat_id = ?", (sub_id, chat_id))
    return cur.rowcount > 0


async def set_active(conn: aiosqlite.Connection, chat_id: int) -> None:
    await conn.execute(
        "INSERT INTO chats (id, active) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET active = 1, reason = '',"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE active = 0",
        (chat_id,),
    )


async def set_inactive(conn: aiosqlite.Connection, chat_id: int, reason: str) -> None:
    await conn.execute(
        "INSERT INTO chats (id, active, reason) VALUES (?, 0, ?) ON CONFLICT (id) DO UPDATE SET active = 0,"
        " reason = excluded.reason, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        (chat_id, reason),
    )


async def is_active(conn: aiosqlite.Connection, chat_id: int) -> bool:
    async with conn.execute("SELECT active FROM chats WHERE id = ?", (chat_id,)) as cur:
        row = await cur.fetchone()
    return row is None or bool(row[0])


async def move_chat(conn: aiosqlite.Connection, old_id: int, new_id: int) -> int:
    """A group became a supergroup: its subscriptions follow it (ones it already has are merged)."""
    cur = await conn.execute("UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
    moved = cur.rowcount
    await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
    await set_inactive(conn, old_id, f"migrated to {new_id}")
    await set_active(conn, new_id)
    return moved
