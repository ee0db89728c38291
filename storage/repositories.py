"""The repository interface every storage backend implements: plain data in, plain data out.

A backend provides a :class:`Store`; its ``reader`` serves queries outside a transaction, and
``transaction()`` yields the same repositories bound to one atomic unit of work. Services and handlers only
see these abstract types, so they do not know which database holds the archive.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

from bot.news.records import (
    AuditEntry,
    ChatSchedule,
    DigestItem,
    LemmaQuery,
    Notification,
    SearchDoc,
    Speaker,
    SpeakerRow,
    StoredArticle,
    StoredQuote,
    Subscription,
    TopicRow,
)

if TYPE_CHECKING:
    from bot.news.analysis import Analysis
    from bot.news.quotes import Quote
    from bot.news.speech import QuoteSpan
    from bot.news.summarize import SourceArticle


class StorageUnavailable(Exception):
    """The archive cannot be opened (missing rights, not a database, server unreachable); the message says why."""


def date_walk(limit: int, offset: int, total: int) -> tuple[str, int, int] | None:
    """How to reach a page of the newest-first list by the date index, from whichever end is nearer (a deep page
    costs at most half a walk): (index order, rows to take, rows to skip); None when the page is empty."""
    if limit <= 0 or offset < 0 or offset >= total:
        return None
    if offset <= total // 2:
        return "DESC", limit, offset
    end = min(offset + limit, total)
    return "ASC", end - offset, total - end


class Articles(ABC):
    @abstractmethod
    async def insert_new(
        self, analysis: Analysis, *, source: str = "", uploader: int | None = None,
        external_id: str | None = None, url: str | None = None,
    ) -> int | None:
        """Store an analysed article with its sentences and index row; None when the same text (or external id)
        is stored already."""

    @abstractmethod
    async def find_duplicate(self, content_hash: str, external_id: str | None) -> int | None:
        """Id of an article with the same text (or the same external id), if one is stored."""

    @abstractmethod
    async def replace_analysis(self, article_id: int, analysis: Analysis) -> bool:
        """Replace the lead, sentences and index row of a stored article; False when it is gone."""

    @abstractmethod
    async def delete(self, article_id: int) -> bool:
        """Delete an article and every row derived from it (quotes must be deleted first, see Quotes)."""

    @abstractmethod
    async def get(self, article_id: int) -> StoredArticle | None: ...

    @abstractmethod
    async def get_many(self, ids: Sequence[int]) -> dict[int, StoredArticle]: ...

    @abstractmethod
    async def count(self) -> int:
        """How many articles the archive holds (cheap: a counter kept up to date, not a scan)."""

    @abstractmethod
    async def latest_page(self, limit: int, offset: int, total: int | None = None) -> list[StoredArticle]:
        """Newest first (by date, then by arrival); ``total`` is the archive's count when the caller read it
        already (the page is found from whichever end of the date index is nearer)."""

    @abstractmethod
    async def page_by_id(self, after_id: int, limit: int) -> list[StoredArticle]:
        """Articles with id > ``after_id`` in id order: a stable walk over the archive."""

    @abstractmethod
    async def version(self) -> tuple[int, int]:
        """(a stamp, article count): never the same again once an article is added or deleted."""

    @abstractmethod
    async def newest_date(self) -> dt.date | None: ...

    @abstractmethod
    async def count_since(self, since: dt.date, cap: int) -> int:
        """How many articles are dated ``since`` or later (counted up to ``cap``)."""


class LemmaIndex(ABC):
    """The full-text index over lemmatised title, lead and body."""

    @abstractmethod
    async def count(self, query: LemmaQuery, cap: int | None = None) -> int:
        """Matching articles (at most ``cap`` counted when given)."""

    @abstractmethod
    async def ranked(self, query: LemmaQuery, weights: tuple[float, float, float], window: int, limit: int) -> list[int]:
        """At most ``limit`` ids by bm25 (title, lead, body weights) among the newest ``window`` matches."""

    @abstractmethod
    async def newest(self, query: LemmaQuery, limit: int) -> list[int]:
        """Ids of the newest matches by arrival (highest id first)."""

    @abstractmethod
    async def recent(self, query: LemmaQuery, limit: int) -> list[tuple[int, dt.date]]:
        """(id, date) of the newest matches by arrival (highest id first)."""


    @abstractmethod
    async def per_day(self, query: LemmaQuery) -> dict[dt.date, int]:
        """How many articles of each date match (dates without any left out)."""

    @abstractmethod
    async def document_counts(self, lemmas: Sequence[str]) -> tuple[int, dict[str, int]]:
        """(archive size, number of articles holding each lemma that occurs at all)."""

    @abstractmethod
    async def search_docs(self, ids: Sequence[int], lemmas: Sequence[str]) -> dict[int, SearchDoc]:
        """Title/lead/sentence data of candidates, keeping only ``lemmas`` (sentences without any are left out)."""

    @abstractmethod
    async def sources(self, ids: Sequence[int]) -> list[SourceArticle]:
        """Articles with their sentences' text, lemmas and offsets, in the order of ``ids``."""



class Quotes(ABC):
    @abstractmethod
    async def speakers_with_keys(self, keys: Sequence[str]) -> list[SpeakerRow]:
        """Speakers whose lookup key is one of ``keys``, in id order."""

    @abstractmethod
    async def add_speaker(self, name: str, key: str, role: str | None) -> int: ...

    @abstractmethod
    async def set_roles(self, roles: dict[int, str]) -> None: ...

    @abstractmethod
    async def merge_speaker(self, from_id: int, into_id: int) -> None:
        """Every quote of ``from_id`` becomes ``into_id``'s, and ``from_id`` is deleted."""

    @abstractmethod
    async def insert(self, article_id: int, quotes: Sequence[tuple[int, Quote]]) -> None:
        """(speaker id, quote) pairs of one article."""

    @abstractmethod
    async def delete_for_article(self, article_id: int) -> None:
        """An article's quotes, and the speakers left with none."""

    @abstractmethod
    async def speakers_by_key(self, key: str) -> list[Speaker]:
        """Quoted speakers with this key, most quoted first."""

    @abstractmethod
    async def speakers_with_prefix(self, prefix: str, limit: int) -> list[Speaker]:
        """Quoted speakers whose key starts with ``prefix``, most quoted first."""

    @abstractmethod
    async def speakers_named(self, first_name: str, limit: int) -> list[Speaker]:
        """Quoted speakers whose full name starts with this first name («Тамара …»), most quoted first."""

    @abstractmethod
    async def get_speaker(self, speaker_id: int) -> Speaker | None: ...

    @abstractmethod
    async def top_speakers(self, limit: int) -> list[Speaker]: ...

    @abstractmethod
    async def of_speaker(self, speaker_id: int, limit: int, offset: int = 0) -> list[StoredQuote]:
        """Newest first (article date, then order in the article)."""

    @abstractmethod
    async def in_articles(self, ids: Sequence[int]) -> list[QuoteSpan]:
        """Every quote of these articles with its speaker's name, by article and place in the body."""


class KeyTerms(ABC):
    """Document frequencies of every term and each article's key terms."""

    @abstractmethod
    async def count_article(self, article_id: int, keys: Sequence[str]) -> tuple[int, dict[str, int]]:
        """Count an article's terms into the document frequencies; returns (articles, df) as they were before."""

    @abstractmethod
    async def add_key_terms(self, article_id: int, terms: Sequence[tuple[str, float, str]]) -> None:
        """(key, weight, label) of an article's key terms."""

    @abstractmethod
    async def forget_article(self, article_id: int) -> None:
        """Give an article's counts back and drop its key terms (before re-analysis)."""

    @abstractmethod
    async def of_article(self, article_id: int) -> list[tuple[str, str, float]]:
        """(key, label, weight) of an article's key terms, best first."""

    @abstractmethod
    async def set_story_terms(self, article_id: int, terms: Sequence[tuple[str, float]]) -> None:
        """(term, weight) an article's stories are recognised by (replacing any it had)."""

    @abstractmethod
    async def story_terms(self, ids: Sequence[int]) -> dict[int, list[tuple[str, float]]]:
        """(term, weight) of each of these articles' story terms, strongest first."""

    @abstractmethod
    async def document_frequencies(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """(number of articles, df of each known term)."""

    @abstractmethod
    async def with_prefix(self, prefix: str, limit: int) -> list[str]:
        """Known terms starting with ``prefix``, most frequent first."""

    @abstractmethod
    async def key_terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, str]]:
        """(key, label) of key terms starting with ``prefix``, carried by the most articles first."""

    @abstractmethod
    async def recent_topics(self, since: dt.date | None, newest: dt.date, sample: int, min_articles: int,
                            limit: int) -> list[TopicRow]:
        """Key terms of the newest ``sample`` articles dated ``since`` or later (all when None), each article
        weighted by its age before ``newest``; best first."""


class Subscriptions(ABC):
    @abstractmethod
    async def add(self, chat_id: int, words: str, terms: tuple[str, ...], mode: str = "instant") -> Subscription:
        """A new subscription (``terms`` sorted and distinct); the chat becomes active."""

    @abstractmethod
    async def set_mode(self, chat_id: int, sub_id: int | None, mode: str) -> int:
        """Make one subscription of this chat (every one when ``sub_id`` is None) instant or digest."""

    @abstractmethod
    async def schedule(self, chat_id: int) -> ChatSchedule: ...

    @abstractmethod
    async def set_timezone(self, chat_id: int, timezone: str) -> None: ...

    @abstractmethod
    async def set_digest(self, chat_id: int, at: str | None, due: float | None) -> None:
        """The chat's daily digest time and when the next one is due (None, None: no digest)."""

    @abstractmethod
    async def due_digests(self, now: float, limit: int) -> list[ChatSchedule]:
        """Active chats whose digest is due at ``now``, earliest first."""

    @abstractmethod
    async def next_digest_due(self) -> float | None: ...

    @abstractmethod
    async def reschedule_digests(self, moves: Sequence[tuple[int, float, float]]) -> set[int]:
        """Move each (chat_id, was_due, due) chat's next digest from ``was_due`` to ``due``; returns the chats
        moved (a chat someone else moved first is left alone)."""

    @abstractmethod
    async def add_many(self, rows: Sequence[tuple[int, str, tuple[str, ...]]], mode: str = "instant") -> int:
        """Bulk insert (chat_id, words, terms), repeats skipped; for benchmarks and fixtures."""

    @abstractmethod
    async def find(self, chat_id: int, terms: tuple[str, ...]) -> Subscription | None: ...

    @abstractmethod
    async def get(self, sub_id: int) -> Subscription | None: ...

    @abstractmethod
    async def list_for_chat(self, chat_id: int) -> list[Subscription]: ...

    @abstractmethod
    async def count_for_chat(self, chat_id: int) -> int: ...

    @abstractmethod
    async def remove(self, chat_id: int, sub_id: int) -> bool:
        """Delete one subscription of this chat (never another chat's)."""

    @abstractmethod
    async def set_active(self, chat_id: int) -> None: ...

    @abstractmethod
    async def set_inactive(self, chat_id: int, reason: str) -> None: ...

    @abstractmethod
    async def is_active(self, chat_id: int) -> bool: ...

    @abstractmethod
    async def move_chat(self, old_id: int, new_id: int) -> int:
        """A group became a supergroup: its subscriptions follow it."""


class Outbox(ABC):
    """Notifications: one row per (chat, article), pending until Telegram accepted it."""

    @abstractmethod
    async def enqueue_matches(self, article_id: int, lemmas: Sequence[str]) -> int:
        """One pending row per active chat with an instant subscription whose terms all occur in ``lemmas``;
        returns how many chats."""

    @abstractmethod
    async def collect_for_digests(self, article_id: int, lemmas: Sequence[str]) -> int:
        """Keep the article for the next digest of every active chat with a digest subscription it matches,
        unless the chat is notified of it at once already; returns how many chats."""

    @abstractmethod
    async def take_digest_items(self, chat_ids: Sequence[int]) -> dict[int, list[DigestItem]]:
        """The articles waiting for these chats' digests (removed from the waiting list)."""

    @abstractmethod
    async def enqueue_digests(self, digests: Sequence[tuple[int, str, str, Sequence[str]]]) -> int:
        """A digest row per (chat_id, local day, payload, topics); a day whose digest exists already is skipped.
        Returns how many were added."""

    @abstractmethod
    async def due(self, now: float, limit: int, skip_chats: Sequence[int] = ()) -> list[Notification]:
        """Oldest pending rows whose time has come, skipping ``skip_chats``."""

    @abstractmethod
    async def next_due_at(self) -> float | None:
        """When the earliest pending row may be sent (its backoff, or the lease of a worker holding it)."""

    @abstractmethod
    async def mark_sent(self, ids: Sequence[int]) -> None: ...

    @abstractmethod
    async def retry_later(self, row_id: int, at: float, reason: str, first_failed_at: float) -> None: ...

    @abstractmethod
    async def resume(self) -> int:
        """Make every pending row due now (a restarted worker retries at once); returns how many."""

    @abstractmethod
    async def mark_failed(self, row_id: int, reason: str) -> None: ...

    @abstractmethod
    async def drop_chat(self, chat_id: int, reason: str) -> int: ...

    @abstractmethod
    async def move_chat(self, old_id: int, new_id: int) -> int: ...

    @abstractmethod
    async def counts(self) -> dict[str, int]: ...

    @abstractmethod
    async def status(self, chat_id: int, article_id: int) -> tuple[str, str] | None: ...

    # Several workers share the outbox: each leases the rows it sends, and the global rate is one budget.

    @abstractmethod
    async def claim(
        self, worker: str, now: float, lease: float, limit: int, skip_chats: Sequence[int] = ()
    ) -> list[Notification]:
        """Lease the oldest due rows to ``worker`` until ``now + lease``: pending, due, not under another worker's
        live lease, of chats no other worker holds (any row of the chat under its live lease, a sent one
        included), skipping ``skip_chats``. A crashed worker's rows come back when their lease ends."""

    @abstractmethod
    async def extend(self, worker: str, ids: Sequence[int], until: float) -> None:
        """Renew the lease of rows ``worker`` still holds."""

    @abstractmethod
    async def release(self, worker: str, ids: Sequence[int]) -> None:
        """Give back the rows of ``worker`` that are still pending: claimable at once by any worker."""

    @abstractmethod
    async def hold(self, worker: str, sent: Sequence[tuple[int, float]]) -> None:
        """(row id, until): a sent row keeps its chat with ``worker`` until then, so the chat's pace holds
        across workers."""

    @abstractmethod
    async def reserve_sends(self, now: float, count: int, interval: float) -> float:
        """Take ``count`` consecutive slots, ``interval`` apart, of the send rate every worker shares; returns
        the time of the first (``now`` or later)."""

    @abstractmethod
    async def pause_sends(self, until: float) -> None:
        """No worker's next slot before ``until`` (Telegram asked to wait)."""


class Audit(ABC):
    @abstractmethod
    async def record(self, user_id: int, action: str, detail: str = "", result: str = "") -> int: ...

    @abstractmethod
    async def recent(self, limit: int = 20) -> list[AuditEntry]:
        """Newest first."""


class CallbackArgs(ABC):
    """Texts too long for a button's 64 bytes, kept server-side for one chat and referred to by id."""

    @abstractmethod
    async def remember(self, chat_id: int, text: str, now: float) -> int:
        """The id of ``text`` for this chat (stored, or refreshed to ``now``)."""

    @abstractmethod
    async def known(self, chat_id: int, text: str, fresh_after: float) -> int | None:
        """The id of ``text`` for this chat if it was stored after ``fresh_after``."""

    @abstractmethod
    async def recall(self, arg_id: int, chat_id: int, valid_after: float) -> str | None:
        """The text, when it belongs to this chat and was stored after ``valid_after``."""

    @abstractmethod
    async def forget_before(self, before: float) -> int:
        """Drop texts stored before ``before``; returns how many."""


class Stats(ABC):
    @abstractmethod
    async def counts(self) -> dict[str, int]:
        """Archive counts, one name -> value each."""


class Repositories(ABC):
    """Every repository, bound to one connection (a reader, or one transaction)."""

    articles: Articles
    index: LemmaIndex
    quotes: Quotes
    key_terms: KeyTerms
    subscriptions: Subscriptions
    outbox: Outbox
    audit: Audit
    callback_args: CallbackArgs
    stats: Stats


class Store(ABC):
    """One archive."""

    reader: Repositories
    location: str  # where the archive is (a file path or a database name), for logs

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Repositories]:
        """One atomic unit of work: everything done through the yielded repositories commits together or not
        at all."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def size_bytes(self) -> int: ...
