"""Plain data: what storage returns, and what services hand to views (search hits, topics)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    date: dt.date
    title: str
    body: str
    extra: str
    lead: str
    source: str
    external_id: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Speaker:
    id: int
    name: str
    role: str | None
    quote_count: int


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A speaker as ingest sees it while deciding who said what (no counts)."""

    id: int
    name: str
    key: str
    role: str | None


@dataclass(frozen=True, slots=True)
class StoredQuote:
    id: int
    article_id: int
    article_title: str
    article_date: dt.date
    kind: str
    role: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    chat_id: int
    words: str
    terms: tuple[str, ...]
    mode: str = "instant"  # "instant": each new article at once; "digest": in the chat's daily digest


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    chat_id: int
    article_id: int | None  # None for a digest
    topics: tuple[str, ...]
    attempts: int
    title: str
    lead: str
    first_failed_at: float | None = None  # the first transient failure, when there was one
    kind: str = "article"  # "article" | "digest"
    payload: str | None = None  # a digest's content (JSON)


@dataclass(frozen=True, slots=True)
class ChatSchedule:
    """A chat's time zone and daily digest."""

    chat_id: int
    timezone: str | None  # None: the bot's default
    digest_at: str | None  # «HH:MM» local time; None: no digest
    digest_due: float | None  # unix time the next digest is due


@dataclass(frozen=True, slots=True)
class DigestItem:
    article_id: int
    topics: tuple[str, ...]  # the words of the chat's digest subscriptions it matched


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    user_id: int
    action: str
    detail: str
    result: str


@dataclass(frozen=True, slots=True)
class LemmaQuery:
    """Which articles to match in the lemma index.

    ``groups``: each group is a word of the query with its related lemmas (any of them may occur);
    ``require_all``: every group must occur (else any); ``columns``: restrict the match to these fields
    ("title", "lead", "body"), all of them when empty.
    """

    groups: tuple[tuple[str, ...], ...]
    require_all: bool = True
    columns: tuple[str, ...] = ()


@dataclass(slots=True)
class SearchDoc:
    """What search re-scoring reads of one candidate article: only the query lemmas of each part."""

    id: int
    title: frozenset[str]
    lead: frozenset[str]
    length: int  # sentences in the body
    sentences: list[tuple[int, int, int, frozenset[str]]] = field(default_factory=list)  # idx, start, end, lemmas


@dataclass(frozen=True, slots=True)
class TopicRow:
    """A key term aggregated over recent articles, for /topics."""

    key: str
    label: str
    articles: int
    score: float


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: StoredArticle
    score: float
    snippet_start: int  # offsets into the body of the best matching sentence (-1 when none)
    snippet_end: int
    terms: frozenset[str] = field(default_factory=frozenset)  # every lemma that counted, for highlighting


@dataclass(frozen=True, slots=True)
class Topic:
    """One of the archive's current topics."""

    key: str
    label: str
    articles: int


@dataclass(frozen=True, slots=True)
class NoMatch:
    """A topic query that matched no article, with close topics to offer instead."""

    query: str
    terms: tuple[str, ...]
    suggestions: tuple[tuple[str, str], ...]  # (key, label)
