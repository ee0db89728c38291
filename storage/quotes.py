"""Speakers and their quotes: written in the ingest transaction, read by /quotes and /speakers.

Identity across the archive: one normalised full name is one speaker; a bare surname joins the full name
with the same surname key when exactly one such person is known (and is merged into it when that person
appears later).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.news.people import speaker_key, surname_matches
from bot.news.quotes import Quote


@dataclass(frozen=True, slots=True)
class Speaker:
    id: int
    name: str
    role: str | None
    quote_count: int


@dataclass(frozen=True, slots=True)
class StoredQuote:
    id: int
    article_id: int
    article_title: str
    article_date: dt.date
    kind: str
    role: str | None
    text: str


def _is_full_name(name: str) -> bool:
    return len(name.split()) > 1


async def insert_quotes(conn: aiosqlite.Connection, article_id: int, quotes: Sequence[Quote]) -> int:
    """Store the quotes of one article (inside the caller's transaction); returns how many were stored.

    Speaker rules are in the module docstring; the article's speakers are read in one query and the quotes and
    role changes written in one statement each (ingest's hot path: fewer round trips).
    """
    if not quotes:
        return 0
    book = await _SpeakerBook.load(conn, {speaker_key(q.speaker) for q in quotes})
    pending: list[list] = []  # [speaker_id, quote]
    for quote in quotes:
        pending.append([await book.speaker_id(conn, quote.speaker, quote.role, pending), quote])
    if book.changed_roles:
        await conn.executemany(
            "UPDATE speakers SET role = ? WHERE id = ?", [(role, sid) for sid, role in book.changed_roles.items()]
        )
    await conn.executemany(
        "INSERT INTO quotes (article_id, speaker_id, kind, role, text, start, end) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(article_id, sid, q.kind, q.role, q.text, q.start, q.end) for sid, q in pending],
    )
    return len(quotes)


class _SpeakerBook:
    """The speakers one article's quotes can join, in memory while the article is stored."""

    def __init__(self, by_key: dict[str, list[tuple[int, str]]], roles: dict[int, str | None]) -> None:
        self.by_key = by_key  # key -> [(id, name)] in id order
        self.roles = roles
        self.changed_roles: dict[int, str] = {}

    @classmethod
    async def load(cls, conn: aiosqlite.Connection, keys: set[str]) -> _SpeakerBook:
        wanted = sorted(keys)
        marks = ",".join("?" * len(wanted))
        rows = await conn.execute_fetchall(
            f"SELECT id, name, key, role FROM speakers WHERE key IN ({marks}) ORDER BY id", wanted
        )
        by_key: dict[str, list[tuple[int, str]]] = {key: [] for key in wanted}
        for sid, name, key, _ in rows:
            by_key[key].append((sid, name))
        return cls(by_key, {row[0]: row[3] for row in rows})

    async def speaker_id(self, conn: aiosqlite.Connection, name: str, role: str | None, pending: list[list]) -> int:
        key = speaker_key(name)
        same_key = self.by_key.setdefault(key, [])
        exact = next((sid for sid, existing in same_key if existing == name), None)
        full = [(sid, existing) for sid, existing in same_key if _is_full_name(existing)]
        if exact is None and not _is_full_name(name) and len(full) == 1:
            exact = full[0][0]  # a bare surname joins the one full name known with it
        if exact is None:
            cur = await conn.execute("INSERT INTO speakers (name, key, role) VALUES (?, ?, ?)", (name, key, role))
            exact = cur.lastrowid
            if _is_full_name(name) and not full:
                await self._absorb(conn, exact, name, same_key, pending)
            same_key.append((exact, name))
            self.roles[exact] = role
        elif role:
            current = self.roles.get(exact)
            if current is None or role.casefold() not in current.casefold():
                self.roles[exact] = self.changed_roles[exact] = role
        return exact

    async def _absorb(
        self, conn: aiosqlite.Connection, speaker_id: int, name: str, same_key: list[tuple[int, str]],
        pending: list[list],
    ) -> None:
        """The first full name for a surname takes over the quotes stored under the bare surname (also this
        article's quotes not written yet)."""
        for sid, existing in list(same_key):
            if not _is_full_name(existing) and surname_matches(existing, name):
                await conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (speaker_id, sid))
                await conn.execute("DELETE FROM speakers WHERE id = ?", (sid,))
                same_key.remove((sid, existing))
                self.roles.pop(sid, None)
                self.changed_roles.pop(sid, None)
                for item in pending:
                    if item[0] == sid:
                        item[0] = speaker_id


async def delete_for_article(conn: aiosqlite.Connection, article_id: int) -> None:
    await conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    await drop_unquoted_speakers(conn)


async def drop_unquoted_speakers(conn: aiosqlite.Connection) -> None:
    await conn.execute("DELETE FROM speakers WHERE quote_count <= 0")


def _speaker(row: aiosqlite.Row) -> Speaker:
    return Speaker(row["id"], row["name"], row["role"], row["quote_count"])


async def find_speakers(conn: aiosqlite.Connection, query: str) -> list[Speaker]:
    """Speakers a user's name query can mean: any case or inflection, surname alone or with the first name."""
    key = speaker_key(query)
    if not key:
        return []
    async with conn.execute(
        "SELECT id, name, role, quote_count FROM speakers WHERE key = ? AND quote_count > 0"
        " ORDER BY quote_count DESC, id",
        (key,),
    ) as cur:
        rows = [_speaker(row) for row in await cur.fetchall()]
    return [s for s in rows if surname_matches(query, s.name)] or (rows if len(query.split()) == 1 else [])


async def get_speaker(conn: aiosqlite.Connection, speaker_id: int) -> Speaker | None:
    async with conn.execute(
        "SELECT id, name, role, quote_count FROM speakers WHERE id = ?", (speaker_id,)
    ) as cur:
        row = await cur.fetchone()
    return _speaker(row) if row else None


async def top_speakers(conn: aiosqlite.Connection, limit: int) -> list[Speaker]:
    async with conn.execute(
        "SELECT id, name, role, quote_count FROM speakers WHERE quote_count > 0"
        " ORDER BY quote_count DESC, id LIMIT ?",
        (limit,),
    ) as cur:
        return [_speaker(row) for row in await cur.fetchall()]


async def similar_speakers(conn: aiosqlite.Connection, query: str, limit: int = 5) -> list[Speaker]:
    """Close names for an unknown query: speakers whose surname key shares the query's first letters."""
    key = speaker_key(query)
    for prefix_len in (5, 4, 3):
        if len(key) < prefix_len:
            continue
        prefix = key[:prefix_len]
        async with conn.execute(
            "SELECT id, name, role, quote_count FROM speakers WHERE key >= ? AND key < ? AND quote_count > 0"
            " ORDER BY quote_count DESC, id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        ) as cur:
            rows = [_speaker(row) for row in await cur.fetchall()]
        if rows:
            return rows
    return []


async def quotes_of(
    conn: aiosqlite.Connection, speaker_id: int, limit: int, offset: int = 0
) -> list[StoredQuote]:
    """Newest first (article date, then order in the article)."""
    async with conn.execute(
        "SELECT q.id, q.article_id, a.title, a.date, q.kind, q.role, q.text FROM quotes q"
        " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?"
        " ORDER BY a.date DESC, q.article_id DESC, q.start LIMIT ? OFFSET ?",
        (speaker_id, limit, offset),
    ) as cur:
        return [
            StoredQuote(row[0], row[1], row[2], dt.date.fromisoformat(row[3]), row[4], row[5], row[6])
            for row in await cur.fetchall()
        ]


async def quotes_in_article(conn: aiosqlite.Connection, article_id: int) -> list[tuple[str, StoredQuote]]:
    async with conn.execute(
        "SELECT s.name, q.id, q.article_id, a.title, a.date, q.kind, q.role, q.text FROM quotes q"
        " JOIN speakers s ON s.id = q.speaker_id JOIN articles a ON a.id = q.article_id"
        " WHERE q.article_id = ? ORDER BY q.start",
        (article_id,),
    ) as cur:
        return [
            (row[0], StoredQuote(row[1], row[2], row[3], dt.date.fromisoformat(row[4]), row[5], row[6], row[7]))
            for row in await cur.fetchall()
        ]
