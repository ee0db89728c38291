"""Speakers and their quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import aiosqlite

from bot.news.records import Speaker, SpeakerRow, StoredQuote
from bot.news.speech import QuoteSpan
from storage.repositories import Quotes
from storage.sqlite.db import Connection, fits

if TYPE_CHECKING:
    from bot.news.quotes import Quote

_SPEAKER = "SELECT id, name, role, quote_count FROM speakers"


def _speaker(row: aiosqlite.Row) -> Speaker:
    return Speaker(row[0], row[1], row[2], row[3])


class SqliteQuotes(Quotes):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def speakers_with_keys(self, keys: Sequence[str]) -> list[SpeakerRow]:
        wanted = sorted(set(keys))
        marks = ",".join("?" * len(wanted))
        rows = await self.conn.execute_fetchall(
            f"SELECT id, name, key, role FROM speakers WHERE key IN ({marks}) ORDER BY id", wanted
        )
        return [SpeakerRow(row[0], row[1], row[2], row[3]) for row in rows]

    async def add_speaker(self, name: str, key: str, role: str | None) -> int:
        cur = await self.conn.execute("INSERT INTO speakers (name, key, role) VALUES (?, ?, ?)", (name, key, role))
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def set_roles(self, roles: dict[int, str]) -> None:
        if roles:
            await self.conn.executemany("UPDATE speakers SET role = ? WHERE id = ?", [(r, i) for i, r in roles.items()])

    async def merge_speaker(self, from_id: int, into_id: int) -> None:
        await self.conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (into_id, from_id))
        await self.conn.execute("DELETE FROM speakers WHERE id = ?", (from_id,))

    async def insert(self, article_id: int, quotes: Sequence[tuple[int, Quote]]) -> None:
        await self.conn.executemany(
            "INSERT INTO quotes (article_id, article_date, speaker_id, kind, role, text, start, end)"
            " SELECT id, date, ?, ?, ?, ?, ?, ? FROM articles WHERE id = ?",
            [(sid, q.kind, q.role, q.text, q.start, q.end, article_id) for sid, q in quotes],
        )

    async def delete_for_article(self, article_id: int) -> None:
        await self.conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        await self.conn.execute("DELETE FROM speakers WHERE quote_count <= 0")

    async def speakers_by_key(self, key: str) -> list[Speaker]:
        rows = await self.conn.execute_fetchall(
            f"{_SPEAKER} WHERE key = ? AND quote_count > 0 ORDER BY quote_count DESC, id", (key,)
        )
        return [_speaker(row) for row in rows]

    async def speakers_with_prefix(self, prefix: str, limit: int) -> list[Speaker]:
        rows = await self.conn.execute_fetchall(
            f"{_SPEAKER} WHERE key >= ? AND key < ? AND quote_count > 0 ORDER BY quote_count DESC, id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [_speaker(row) for row in rows]

    async def speakers_named(self, first_name: str, limit: int) -> list[Speaker]:
        prefix = first_name + " "
        rows = await self.conn.execute_fetchall(
            f"{_SPEAKER} WHERE name >= ? AND name < ? AND quote_count > 0 ORDER BY quote_count DESC, id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [_speaker(row) for row in rows]

    async def get_speaker(self, speaker_id: int) -> Speaker | None:
        if not fits(speaker_id):
            return None
        rows = await self.conn.execute_fetchall(f"{_SPEAKER} WHERE id = ?", (speaker_id,))
        return _speaker(rows[0]) if rows else None

    async def top_speakers(self, limit: int) -> list[Speaker]:
        rows = await self.conn.execute_fetchall(
            f"{_SPEAKER} WHERE quote_count > 0 ORDER BY quote_count DESC, id LIMIT ?", (limit,)
        )
        return [_speaker(row) for row in rows]

    async def of_speaker(self, speaker_id: int, limit: int, offset: int = 0) -> list[StoredQuote]:
        if not fits(speaker_id, limit, offset):
            return []
        rows = await self.conn.execute_fetchall(
            "SELECT q.id, q.article_id, a.title, q.article_date, q.kind, q.role, q.text FROM quotes q"
            " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?"
            " ORDER BY q.article_date DESC, q.article_id DESC, q.start LIMIT ? OFFSET ?",
            (speaker_id, limit, offset),
        )
        return [
            StoredQuote(row[0], row[1], row[2], dt.date.fromisoformat(row[3]), row[4], row[5], row[6]) for row in rows
        ]

    async def in_articles(self, ids: Sequence[int]) -> list[QuoteSpan]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = await self.conn.execute_fetchall(
            f"SELECT q.article_id, s.name, q.kind, q.start, q.end FROM quotes q JOIN speakers s ON s.id = q.speaker_id"
            f" WHERE q.article_id IN ({marks}) ORDER BY q.article_id, q.start, q.id",
            list(ids),
        )
        return [QuoteSpan(row[0], row[1], row[2], row[3], row[4]) for row in rows]
