"""Full-text search over the lemma index: user terms become quoted FTS5 strings, never raw MATCH syntax.

Ranking, in two steps with bounded cost per query:
1. FTS5 picks at most ``CANDIDATES`` articles per tier by bm25 with the title and lead weighted up. Tier one
   holds every query word (each with its related lemmas, see ``bot.news.search.expand``); for a query of
   several words, tier two holds the articles with only some of them, always ranked below tier one.
2. The candidates are re-scored from their title, lead and sentence lemmas: an article is about a word when
   the word is in the title or the lead and many of its sentences mention it. Mentions saturate and are only
   mildly normalised by length, so a long story about X beats a short note that names X once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import aiosqlite

from bot.news.search import expand
from storage.articles import StoredArticle, get_many

CANDIDATES = 60  # per tier; the re-scoring reads the sentences of these articles only
MAX_TOTAL = 1000  # «найдено N» counts at most this many per tier
RANK_ALL_UP_TO = 1000  # bm25 ranks at most this many (newest) matches; above, title/lead matches only (~3 µs each)


@dataclass(frozen=True, slots=True)
class Weights:
    title: float = 1.2  # the word (or a related lemma) in the title
    lead: float = 0.6  # ... in the first sentence
    lead_sentences: int = 3  # the lead: crawled texts often open with a dateline, so a few sentences
    mentions_k: float = 2.0  # mentions saturate: m / (m + k * length factor)
    length_b: float = 0.3  # how much a long article's mentions are discounted
    fts_title: float = 10.0  # bm25 column weights of the candidate pick
    fts_lead: float = 4.0
    fts_body: float = 1.0


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: StoredArticle
    score: float
    snippet_start: int  # offsets into the body of the best matching sentence (-1 when none)
    snippet_end: int
    terms: frozenset[str] = field(default_factory=frozenset)  # every lemma that counted, for highlighting


def fts_phrase(term: str) -> str:
    """A user term as one quoted FTS5 string: FTS syntax in user input is never interpreted."""
    return '"' + term.replace('"', '""') + '"'


def group_expr(lemmas: list[str]) -> str:
    return "(" + " OR ".join(fts_phrase(t) for t in lemmas) + ")"


def match_all(groups: list[list[str]]) -> str:
    return " AND ".join(group_expr(g) for g in groups)


def match_any(groups: list[list[str]]) -> str:
    return " OR ".join(group_expr(g) for g in groups)


@dataclass(slots=True)
class _Doc:
    rowid: int
    title: frozenset[str]
    lead: frozenset[str]
    length: int  # sentences in the body
    sentences: list[tuple[int, int, int, frozenset[str]]]  # idx, start, end, query lemmas in it


async def search(
    conn: aiosqlite.Connection, terms: list[str], limit: int, offset: int = 0, weights: Weights = WEIGHTS
) -> tuple[list[SearchHit], int]:
    """Best first. Articles holding every term rank above those holding only some; returns (hits, total)."""
    terms = [t for t in terms if t.strip()]
    if not terms:
        return [], 0
    groups = [expand(t) for t in terms]
    lemma_lists = [list(g) for g in groups]
    tiers = [match_all(lemma_lists)] if len(groups) == 1 else [match_all(lemma_lists), match_any(lemma_lists)]
    idf = await _idf(conn, groups)
    ranked: list[tuple[float, int, _Doc]] = []
    seen: set[int] = set()
    total = 0
    every = frozenset(lem for g in groups for lem in g)
    wanted = sorted(every)
    by_weight = [tuple(sorted(g.items(), key=lambda item: -item[1])) for g in groups]
    for expr in tiers:
        if len(ranked) >= offset + limit:  # the page is already filled by a better tier: only count
            total = await _count(conn, expr)  # the partial tier's matches include the full tier's
            continue
        matches = await _count(conn, expr, RANK_ALL_UP_TO + 1)
        total = min(matches, MAX_TOTAL)
        rowids = [r for r in await _candidates(conn, expr, weights, matches > RANK_ALL_UP_TO) if r not in seen]
        seen.update(rowids)
        docs = await _load(conn, rowids, wanted, every)
        scored = sorted(((_score(docs[r], by_weight, idf, weights), r) for r in rowids if r in docs), reverse=True)
        ranked += [(score, r, docs[r]) for score, r in scored]
    total = max(total, len(ranked))
    page = ranked[offset : offset + limit]
    articles = await get_many(conn, [r for _, r, _ in page])
    hits = []
    for score, rowid, doc in page:
        if rowid not in articles:
            continue
        start, end = _best_sentence(doc, by_weight)
        hits.append(SearchHit(articles[rowid], score, start, end, every))
    return hits, total


async def known_arg(conn: aiosqlite.Connection, text: str) -> int | None:
    """The callback_args id of ``text`` if it is stored already (a read: no write transaction per search)."""
    rows = await conn.execute_fetchall("SELECT id FROM callback_args WHERE text = ?", (text,))
    return rows[0][0] if rows else None


async def _candidates(conn: aiosqlite.Connection, expr: str, w: Weights, broad: bool) -> list[int]:
    """At most CANDIDATES rowids, best bm25 first. bm25 costs time per matching row, so for a very common
    word (``broad``: more than RANK_ALL_UP_TO matches) only the articles with it in the title or lead are
    ranked, at most the newest RANK_ALL_UP_TO of them (then the newest others fill up): the cost per query is
    bounded whatever the archive size."""
    ranked_expr = "{title lead} : (" + expr + ")" if broad else expr
    rows = await conn.execute_fetchall(
        "SELECT rowid FROM (SELECT rowid, bm25(articles_fts, ?, ?, ?) AS s FROM articles_fts"
        " WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY s LIMIT ?",
        (w.fts_title, w.fts_lead, w.fts_body, ranked_expr, RANK_ALL_UP_TO, CANDIDATES),
    )
    rowids = [row[0] for row in rows]
    if broad and len(rowids) < CANDIDATES:
        rows = await conn.execute_fetchall(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expr, CANDIDATES * 2),
        )
        known = set(rowids)
        rowids += [row[0] for row in rows if row[0] not in known][: CANDIDATES - len(rowids)]
    return rowids


async def _count(conn: aiosqlite.Connection, expr: str, cap: int = MAX_TOTAL) -> int:
    rows = await conn.execute_fetchall(
        "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)", (expr, cap)
    )
    return rows[0][0]


async def _idf(conn: aiosqlite.Connection, groups: list[dict[str, float]]) -> list[float]:
    """bm25-style idf of each query word: from its own lemma, or its rarest related lemma if absent."""
    lemmas = sorted({lem for g in groups for lem in g})
    marks = ",".join("?" * len(lemmas))
    # '' is never an index term: that row carries the archive size (one round trip for both).
    rows = await conn.execute_fetchall(
        f"SELECT term, doc FROM articles_fts_vocab WHERE term IN ({marks})"
        " UNION ALL SELECT '', max(id) FROM articles",
        lemmas,
    )
    df = {term: doc for term, doc in rows}
    n = df.pop("", None) or 1
    out = []
    for group in groups:
        main = next(iter(group))
        freq = df.get(main) or min((df[lem] for lem in group if df.get(lem)), default=1)
        out.append(math.log(1 + (n - freq + 0.5) / (freq + 0.5)))
    return out


async def _load(
    conn: aiosqlite.Connection, rowids: list[int], lemmas: list[str], every: frozenset[str]
) -> dict[int, _Doc]:
    """Title and lead lemmas, sentence count and the sentences that may mention a query lemma.

    Only the query lemmas of each text are kept: scoring asks nothing else of them."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    docs: dict[int, _Doc] = {}
    # sentences are keyed (article_id, idx) with idx from 0, so max(idx) + 1 is the count: one index seek
    rows = await conn.execute_fetchall(
        f"SELECT rowid, title, lead, (SELECT max(idx) + 1 FROM sentences WHERE article_id = articles_fts.rowid)"
        f" FROM articles_fts WHERE rowid IN ({marks})",
        rowids,
    )
    for rowid, title, lead, length in rows:
        docs[rowid] = _Doc(rowid, _lemma_set(title, every), _lemma_set(lead, every), length or 0, [])
    contains = " OR ".join("instr(lemmas, ?) > 0" for _ in lemmas)
    rows = await conn.execute_fetchall(
        f"SELECT article_id, idx, start, end, lemmas FROM sentences WHERE article_id IN ({marks}) AND ({contains})",
        [*rowids, *lemmas],
    )
    for article_id, idx, start, end, text in rows:
        doc = docs.get(article_id)
        if doc is not None:
            doc.sentences.append((idx, start, end, _lemma_set(text, every)))
    return docs


def _lemma_set(text: str, every: frozenset[str]) -> frozenset[str]:
    """The lemmas of ``every`` in a stored lemma string; a hyphenated lemma also counts as its parts, as FTS5
    splits it."""
    found = every.intersection(text.split())
    if "-" not in text:
        return found
    parts = {part for lem in text.split() if "-" in lem for part in lem.split("-") if part in every}
    return found | parts if parts else found


def _present(group: tuple[tuple[str, float], ...], lemmas: frozenset[str]) -> float:
    """Weight of the group's best lemma in ``lemmas`` (the group is sorted by weight, best first)."""
    if lemmas:
        for lem, weight in group:
            if lem in lemmas:
                return weight
    return 0.0


AVG_SENTENCES = 20.0


def _score(doc: _Doc, groups: list[tuple[tuple[str, float], ...]], idf: list[float], w: Weights) -> float:
    length = 1 - w.length_b + w.length_b * max(doc.length, 1) / AVG_SENTENCES
    total = 0.0
    for group, weight in zip(groups, idf, strict=True):
        mentions = 0.0
        opening = 0.0
        for idx, _, _, lemmas in doc.sentences:
            present = _present(group, lemmas)
            mentions += present
            if idx < w.lead_sentences and present > opening:
                opening = present
        body = mentions / (mentions + w.mentions_k * length) if mentions else 0.0
        lead = max(_present(group, doc.lead), opening)
        about = w.title * _present(group, doc.title) + w.lead * lead
        total += weight * (about + body)
    return total


def _best_sentence(doc: _Doc, groups: list[tuple[tuple[str, float], ...]]) -> tuple[int, int]:
    best, best_hits = (-1, -1), 0.0
    for _, start, end, lemmas in doc.sentences:
        hits = sum(_present(g, lemmas) for g in groups)
        if hits > best_hits:
            best, best_hits = (start, end), hits
    return best
