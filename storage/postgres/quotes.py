"""Speakers and their quotes."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from bot.news.quotes import Quote
from bot.news.records import Speaker, SpeakerRow, StoredQuote
from bot.news.speech import QuoteSpan
from storage.postgres.db import Db, fits
from storage.repositories import Quotes

_SPEAKER = "SELECT id, name, role, quote_count FROM speakers"


def _speaker(row: asyncpg.Record) -> Speaker:
    return Speaker(row[0], row[1], row[2], row[3])


class PgQuotes(Quotes):
    def __init__(self, db: Db) -> None:
        self.db = db

    async def speakers_with_keys(self, keys: Sequence[str]) -> list[SpeakerRow]:
        rows = await self.db.fetch(
            "SELECT id, name, key, role FROM speakers WHERE key = ANY($1::text[]) ORDER BY id", sorted(set(keys))
        )
        return [SpeakerRow(row[0], row[1], row[2], row[3]) for row in rows]

    async def add_speaker(self, name: str, key: str, role: str | None) -> int:
        return await self.db.fetchval(
            "INSERT INTO speakers (name, key, role) VALUES ($1, $2, $3) RETURNING id", name, key, role
        )

    async def set_roles(self, roles: dict[int, str]) -> None:
        if roles:
            await self.db.executemany("UPDATE speakers SET role = $1 WHERE id = $2", [(r, i) for i, r in roles.items()])

    async def merge_speaker(self, from_id: int, into_id: int) -> None:
        await self.db.execute("UPDATE quotes SET speaker_id = $1 WHERE speaker_id = $2", into_id, from_id)
        await self.db.execute("DELETE FROM speakers WHERE id = $1", from_id)

    async def insert(self, article_id: int, quotes: Sequence[tuple[int, Quote]]) -> None:
        await self.db.executemany(
            "INSERT INTO quotes (article_id, article_date, speaker_id, kind, role, text, start_pos, end_pos)"
            " SELECT id, date, $1, $2, $3, $4, $5, $6 FROM articles WHERE id = $7",
            [(sid, q.kind, q.role, q.text, q.start, q.end, article_id) for sid, q in quotes],
        )

    async def delete_for_article(self, article_id: int) -> None:
        if not fits(article_id):
            return
        await self.db.execute("DELETE FROM quotes WHERE article_id = $1", article_id)
        await self.db.execute("DELETE FROM speakers WHERE quote_count <= 0")

    async def speakers_by_key(self, key: str) -> list[Speaker]:
        rows = await self.db.fetch(
            f"{_SPEAKER} WHERE key = $1 AND quote_count > 0 ORDER BY quote_count DESC, id", key
        )
        return [_speaker(row) for row in rows]

    async def speakers_with_prefix(self, prefix: str, limit: int) -> list[Speaker]:
        rows = await self.db.fetch(
            f"{_SPEAKER} WHERE key >= $1 AND key < $2 AND quote_count > 0 ORDER BY quote_count DESC, id LIMIT $3",
            prefix, prefix + "\uffff", limit,
        )
        return [_speaker(row) for row in rows]

    async def speakers_named(self, first_name: str, limit: int) -> list[Speaker]:
        prefix = first_name + " "
        rows = await self.db.fetch(
            f"{_SPEAKER} WHERE left(name, length($1)) = $1 AND quote_count > 0 ORDER BY quote_count DESC, id LIMIT $2",
            prefix, limit,
        )
        return [_speaker(row) for row in rows]

    async def in_articles(self, ids: Sequence[int]) -> list[QuoteSpan]:
        rows = await self.db.fetch(
            "SELECT q.article_id, s.name, q.kind, q.start_pos, q.end_pos FROM quotes q JOIN speakers s ON s.id = q.speaker_id"
            " WHERE q.article_id = ANY($1::bigint[]) ORDER BY q.article_id, q.start_pos, q.id",
            list(ids),
        )
        return [QuoteSpan(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    async def get_speaker(self, speaker_id: int) -> Speaker | None:
        if not fits(speaker_id):
            return None
        row = await self.db.fetchrow(f"{_SPEAKER} WHERE id = $1", speaker_id)
        return _speaker(row) if row else None

    async def top_speakers(self, limit: int) -> list[Speaker]:
        rows = await self.db.fetch(f"{_SPEAKER} WHERE quote_count > 0 ORDER BY quote_count DESC, id LIMIT $1", limit)
        return [_speaker(row) for row in rows]

    async def of_speaker(self, speaker_id: int, limit: int, offset: int = 0) -> list[StoredQuote]:
        if not fits(speaker_id, limit, offset) or limit < 0 or offset < 0:
            return []
        rows = await self.db.fetch(
            "SELECT q.id, q.article_id, a.title, q.article_date, q.kind, q.role, q.text FROM quotes q"
            " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = $1"
            " ORDER BY q.article_date DESC, q.article_id DESC, q.start_pos LIMIT $2 OFFSET $3",
            speaker_id, limit, offset,
        )
        return [StoredQuote(row[0], row[1], row[2], row[3], row[4], row[5], row[6]) for row in rows]
