"""The lemma index's questions in PostgreSQL terms: FTS5's tokens, tsquery text, and FTS5's bm25.

SQLite's FTS5 (unicode61) splits a lemma at anything that is not a letter or a digit, so «вице-мэр» is two
tokens and the quoted phrase "вице-мэр" matches them side by side. The tsvector is built from the same tokens,
and a phrase becomes ``'вице' <-> 'мэр'``; a column filter becomes weights (title A, lead B, body C).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.news.records import LemmaQuery

_TOKEN_RE = re.compile(r"[^\W_]+")
WEIGHT = {"title": "A", "lead": "B", "body": "C"}
K1, B = 1.2, 0.75  # FTS5's bm25 constants
COLUMNS = ("title", "lead", "body")


def tokens(text: str) -> list[str]:
    """FTS5's tokens of a lemma string."""
    return _TOKEN_RE.findall(text.lower())


def token_count(text: str) -> int:
    return sum(1 for _ in _TOKEN_RE.finditer(text))


@dataclass(frozen=True, slots=True)
class Phrase:
    """One quoted term of the query: its tokens side by side, in ``columns`` (all when empty)."""

    tokens: tuple[str, ...]
    columns: tuple[str, ...]

    def tsquery(self) -> str:
        weights = ":" + "".join(WEIGHT[c] for c in self.columns) if self.columns else ""
        return " <-> ".join(f"'{_quoted(t)}'{weights}" for t in self.tokens)


def _quoted(token: str) -> str:
    return token.replace("\\", "\\\\").replace("'", "''")


def phrases(query: LemmaQuery) -> list[list[Phrase]]:
    """The query's groups as phrases (terms without any token left out, as FTS5 matches nothing for them)."""
    columns = tuple(c for c in query.columns if c in WEIGHT)
    return [[Phrase(tuple(toks), columns) for term in group if (toks := tokens(term))] for group in query.groups]


HEAD = frozenset({"title", "lead"})


def target(query: LemmaQuery) -> tuple[str, str | None]:
    """The vector column to match and the tsquery text: a query limited to the title and lead matches the head's
    own vector (for both, without weights: they are all it holds)."""
    columns = {c for c in query.columns if c in WEIGHT}
    if columns and columns <= HEAD:
        whole_head = LemmaQuery(query.groups, query.require_all) if columns == HEAD else query
        return "head_lexemes", tsquery(whole_head)
    return "lexemes", tsquery(query)


def tsquery(query: LemmaQuery) -> str | None:
    """The tsquery text of a LemmaQuery; None when nothing can match."""
    groups = [group for group in phrases(query) if group]
    if not groups or (query.require_all and len(groups) < len([g for g in query.groups if g])):
        return None
    joined = [" | ".join(f"( {p.tsquery()} )" for p in group) for group in groups]
    return (" & " if query.require_all else " | ").join(f"( {g} )" for g in joined)


NEWEST_MARGIN = 2.0  # how many more matches than wanted the newest span is expected to hold


def newest_span(query: LemmaQuery, doc_freq: Mapping[str, int], articles: int, wanted: int) -> int | None:
    """How many of the newest articles likely hold the ``wanted`` newest matches of the query (``NEWEST_MARGIN``
    times as many expected), judged from its tokens' document frequencies with the query words taken as
    independent; None when that is about the whole archive or nothing is expected to match."""
    share = []
    for group in phrases(query):
        if group:  # a phrase occurs at most as often as its rarest token; any phrase of the group will do
            share.append(max(min(doc_freq.get(t, 0) for t in p.tokens) for p in group) / max(articles, 1))
    if not share:
        return None
    expected = math.prod(share) if query.require_all else max(share)
    if expected <= 0:
        return None
    span = math.ceil(wanted * NEWEST_MARGIN / expected)
    return span if span < articles else None


@dataclass(slots=True)
class Doc:
    """What bm25 reads of one matching article: the positions of the query tokens and the column sizes."""

    id: int
    title_tokens: int
    lead_tokens: int
    body_tokens: int
    positions: dict[str, list[int]]

    def column(self, position: int) -> str:
        if position <= self.title_tokens:
            return "title"
        return "lead" if position <= self.title_tokens + self.lead_tokens else "body"

    def hits(self, phrase: Phrase) -> dict[str, int]:
        """Occurrences of the phrase per column (its tokens at consecutive positions of one column)."""
        first, rest = phrase.tokens[0], phrase.tokens[1:]
        found: dict[str, int] = {}
        following = [set(self.positions.get(t, ())) for t in rest]
        for start in self.positions.get(first, ()):
            column = self.column(start)
            if phrase.columns and column not in phrase.columns:
                continue
            end = start + len(rest)
            if all(start + i + 1 in later for i, later in enumerate(following)) and self.column(end) == column:
                found[column] = found.get(column, 0) + 1
        return found

    def weighted_hits(self, phrase: Phrase, weights: tuple[float, float, float]) -> float:
        """Occurrences of the phrase, each weighted by its column's (title, lead, body) weight. A single token
        is counted by bisection: its positions are sorted and the columns lie one after another."""
        if len(phrase.tokens) > 1:
            by_column = self.hits(phrase)
            return sum(w * by_column.get(c, 0) for c, w in zip(COLUMNS, weights, strict=True))
        positions = self.positions.get(phrase.tokens[0])
        if not positions:
            return 0.0
        in_title = bisect_right(positions, self.title_tokens)
        in_head = bisect_right(positions, self.title_tokens + self.lead_tokens)
        return weights[0] * in_title + weights[1] * (in_head - in_title) + weights[2] * (len(positions) - in_head)


def bm25(docs: Iterable[Doc], query: Sequence[Phrase], doc_freq: Sequence[int], rows: int, tokens_total: int,
         weights: dict[str, float]) -> list[tuple[float, int]]:
    """(score, id) of every doc, best first: FTS5's bm25 (k1 1.2, b 0.75, idf floored at 1e-6, column weights
    multiplying each hit, the whole row's length), ties newest first."""
    avgdl = tokens_total / rows if rows else 1.0
    idf = []
    for n_hit in doc_freq:
        value = math.log((rows - n_hit + 0.5) / (n_hit + 0.5)) if rows else 0.0
        idf.append(value if value > 0 else 1e-6)
    per_column = [  # each phrase's (title, lead, body) weights, 0 for the columns it is not looked for in
        (phrase, _column_weights(phrase, weights)) for phrase in query
    ]
    scored = []
    for doc in docs:
        length = doc.title_tokens + doc.lead_tokens + doc.body_tokens
        norm = K1 * (1 - B + B * length / avgdl) if avgdl else K1
        score = 0.0
        for (phrase, column_weights), weight in zip(per_column, idf, strict=True):
            freq = doc.weighted_hits(phrase, column_weights)
            score += weight * (freq * (K1 + 1)) / (freq + norm)
        scored.append((score, doc.id))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return scored


def _column_weights(phrase: Phrase, weights: dict[str, float]) -> tuple[float, float, float]:
    title, lead, body = (weights[c] if not phrase.columns or c in phrase.columns else 0.0 for c in COLUMNS)
    return title, lead, body
