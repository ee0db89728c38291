"""Who is who across the archive: speaker identity at ingest, and finding speakers by a name a reader types.

Identity: one normalised full name is one speaker; a bare surname joins the full name with the same surname
key when exactly one such person is known (and is merged into it when that person appears later).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.news.language import fold_yo
from bot.news.people import first_name_lemma, form_genders, gender_of_name, speaker_key, surname_matches
from bot.news.quotes import Quote
from bot.news.records import Speaker, StoredQuote
from storage import Repositories, Store
from storage.repositories import Quotes

FIRST_NAME_MATCHES = 10


def is_full_name(name: str) -> bool:
    return len(name.split()) > 1


class _SpeakerBook:
    """The speakers one article's quotes can join, in memory while the article is stored."""

    def __init__(self, repo: Quotes, by_key: dict[str, list[tuple[int, str]]], roles: dict[int, str | None]) -> None:
        self.repo = repo
        self.by_key = by_key  # key -> [(id, name)] in id order
        self.roles = roles
        self.changed_roles: dict[int, str] = {}

    @classmethod
    async def load(cls, repo: Quotes, keys: set[str]) -> _SpeakerBook:
        rows = await repo.speakers_with_keys(sorted(keys))
        by_key: dict[str, list[tuple[int, str]]] = {key: [] for key in keys}
        for row in rows:
            by_key.setdefault(row.key, []).append((row.id, row.name))
        return cls(repo, by_key, {row.id: row.role for row in rows})

    async def speaker_id(self, name: str, role: str | None, pending: list[list]) -> int:
        key = speaker_key(name)
        same_key = self.by_key.setdefault(key, [])
        exact = next((sid for sid, existing in same_key if existing == name), None)
        full = [(sid, existing) for sid, existing in same_key if is_full_name(existing)]
        if exact is None and not is_full_name(name) and len(full) == 1:
            exact = full[0][0]  # a bare surname joins the one full name known with it
        if exact is None:
            exact = await self.repo.add_speaker(name, key, role)
            if is_full_name(name) and not full:
                await self._absorb(exact, name, same_key, pending)
            same_key.append((exact, name))
            self.roles[exact] = role
        elif role:
            current = self.roles.get(exact)
            if current is None or role.casefold() not in current.casefold():
                self.roles[exact] = self.changed_roles[exact] = role
        return exact

    async def _absorb(self, speaker_id: int, name: str, same_key: list[tuple[int, str]], pending: list[list]) -> None:
        """The first full name for a surname takes over the quotes stored under the bare surname (also this
        article's quotes not written yet)."""
        for sid, existing in list(same_key):
            if not is_full_name(existing) and surname_matches(existing, name):
                await self.repo.merge_speaker(sid, speaker_id)
                same_key.remove((sid, existing))
                self.roles.pop(sid, None)
                self.changed_roles.pop(sid, None)
                for item in pending:
                    if item[0] == sid:
                        item[0] = speaker_id


async def store_quotes(tx: Repositories, article_id: int, quotes: Sequence[Quote]) -> None:
    """Store one article's quotes, each joined to its speaker (inside the caller's transaction)."""
    if not quotes:
        return
    book = await _SpeakerBook.load(tx.quotes, {speaker_key(q.speaker) for q in quotes})
    pending: list[list] = []  # [speaker_id, quote]
    for quote in quotes:
        pending.append([await book.speaker_id(quote.speaker, quote.role, pending), quote])
    await tx.quotes.set_roles(book.changed_roles)
    await tx.quotes.insert(article_id, [(sid, q) for sid, q in pending])


class SpeakerService:
    """Finding speakers and their quotes for /quotes and /speakers."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def find(self, query: str) -> list[Speaker]:
        """Speakers a name query can mean: any case or inflection, the surname alone or with the first name, or
        a first name alone. A surname form only a woman's (or only a man's) declension has picks her (him)."""
        key = speaker_key(query)
        if not key:
            return []
        rows = await self.store.reader.quotes.speakers_by_key(key)
        found = [s for s in rows if surname_matches(query, s.name)] or (rows if len(query.split()) == 1 else [])
        surname = query.split()[-1]
        if fold_yo(surname.lower()) != key:  # the bare «Лебедев» is how one asks for the whole family
            found = [s for s in found if gender_of_name(s.name) in (None, *form_genders(surname))]
        if found or len(query.split()) > 1:
            return found
        first = first_name_lemma(query)
        return await self.store.reader.quotes.speakers_named(first, FIRST_NAME_MATCHES) if first else []

    async def similar(self, query: str, limit: int = 5) -> list[Speaker]:
        """Close names for an unknown query: speakers whose surname key shares the query's first letters."""
        key = speaker_key(query)
        for prefix_len in (5, 4, 3):
            if len(key) >= prefix_len:
                found = await self.store.reader.quotes.speakers_with_prefix(key[:prefix_len], limit)
                if found:
                    return found
        return []

    async def get(self, speaker_id: int) -> Speaker | None:
        return await self.store.reader.quotes.get_speaker(speaker_id)

    async def top(self, limit: int) -> list[Speaker]:
        return await self.store.reader.quotes.top_speakers(limit)

    async def quotes_of(self, speaker_id: int, limit: int, offset: int) -> list[StoredQuote]:
        return await self.store.reader.quotes.of_speaker(speaker_id, limit, offset)
