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
from collections import defaultdict
from dataclasses import dataclass, field

import aiosqlite

from bot.news.search import expand
from storage.articles import StoredArticle, get_many

CANDIDATES = 150  # per tier; the re-scoring reads the sentences of these articles only
MAX_TOTAL = 1000  # «найдено N» counts at most this many per tier


@dataclass(frozen=True, slots=True)
class Weights:
    title: float = 1.2  # the word (or a related lemma) in the title
    lead: float = 0.6  # ... in the first sentence
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
    title: set[str]
    lead: set[str]
    sentences: list[tuple[int, int, set[str]]]  # start, end, lemmas


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
    for expr in tiers:
        rowids = await _candidates(conn, expr, weights)
        rowids = [r for r in rowids if r not in seen]
        seen.update(rowids)
        total += await _count(conn, expr) - (total if len(tiers) > 1 and expr == tiers[-1] else 0)
        docs = await _load(conn, rowids)
        scored = sorted(((_score(docs[r], groups, idf, weights), r) for r in rowids if r in docs), reverse=True)
        ranked += [(score, r, docs[r]) for score, r in scored]
    total = max(min(total, MAX_TOTAL), len(ranked))
    page = ranked[offset : offset + limit]
    articles = await get_many(conn, [r for _, r, _ in page])
    every = frozenset(lem for g in groups for lem in g)
    hits = []
    for score, rowid, doc in page:
        if rowid not in articles:
            continue
        start, end = _best_sentence(doc, groups)
        hits.append(SearchHit(articles[rowid], score, start, end, every))
    return hits, total


async def _candidates(conn: aiosqlite.Connection, expr: str, w: Weights) -> list[int]:
    async with conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, ?, ?, ?) LIMIT ?",
        (expr, w.fts_title, w.fts_lead, w.fts_body, CANDIDATES),
    ) as cur:
        return [row[0] for row in await cur.fetchall()]


async def _count(conn: aiosqlite.Connection, expr: str) -> int:
    async with conn.execute(
        "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)", (expr, MAX_TOTAL)
    ) as cur:
        return (await cur.fetchone())[0]


async def _idf(conn: aiosqlite.Connection, groups: list[dict[str, float]]) -> list[float]:
    """bm25-style idf of each query word: from its own lemma, or its rarest related lemma if absent."""
    lemmas = sorted({lem for g in groups for lem in g})
    marks = ",".join("?" * len(lemmas))
    async with conn.execute(f"SELECT term, doc FROM articles_fts_vocab WHERE term IN ({marks})", lemmas) as cur:
        df = {term: doc for term, doc in await cur.fetchall()}
    async with conn.execute("SELECT max(id) FROM articles") as cur:
        n = (await cur.fetchone())[0] or 1
    out = []
    for group in groups:
        main = next(iter(group))
        freq = df.get(main) or min((df[lem] for lem in group if df.get(lem)), default=1)
        out.append(math.log(1 + (n - freq + 0.5) / (freq + 0.5)))
    return out


async def _load(conn: aiosqlite.Connection, rowids: list[int]) -> dict[int, _Doc]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    docs: dict[int, _Doc] = {}
    async with conn.execute(f"SELECT rowid, title, lead FROM articles_fts WHERE rowid IN ({marks})", rowids) as cur:
        for rowid, title, lead in await cur.fetchall():
            docs[rowid] = _Doc(rowid, _lemma_set(title), _lemma_set(lead), [])
    sentences: dict[int, list[tuple[int, int, set[str]]]] = defaultdict(list)
    async with conn.execute(
        f"SELECT article_id, start, end, lemmas FROM sentences WHERE article_id IN ({marks}) ORDER BY article_id, idx",
        rowids,
    ) as cur:
        for article_id, start, end, lemmas in await cur.fetchall():
            sentences[article_id].append((start, end, _lemma_set(lemmas)))
    for rowid, doc in docs.items():
        doc.sentences = sentences.get(rowid, [])
    return docs


def _lemma_set(text: str) -> set[str]:
    """Lemmas of a stored lemma string; a hyphenated one also counts as its parts, as FTS5 splits it."""
    out = set(text.split())
    out.update(part for lem in out if "-" in lem for part in lem.split("-") if part)
    return out


def _present(group: dict[str, float], lemmas: set[str]) -> float:
    return max((w for lem, w in group.items() if lem in lemmas), default=0.0)


AVG_SENTENCES = 20.0


def _score(doc: _Doc, groups: list[dict[str, float]], idf: list[float], w: Weights) -> float:
    length = 1 - w.length_b + w.length_b * max(len(doc.sentences), 1) / AVG_SENTENCES
    total = 0.0
    for group, weight in zip(groups, idf, strict=True):
        mentions = sum(_present(group, lemmas) for _, _, lemmas in doc.sentences)
        body = mentions / (mentions + w.mentions_k * length) if mentions else 0.0
        about = w.title * _present(group, doc.title) + w.lead * _present(group, doc.lead)
        total += weight * (about + body)
    return total


def _best_sentence(doc: _Doc, groups: list[dict[str, float]]) -> tuple[int, int]:
    best, best_hits = (-1, -1), 0.0
    for start, end, lemmas in doc.sentences:
        hits = sum(_present(g, lemmas) for g in groups)
        if hits > best_hits:
            best, best_hits = (start, end), hits
    return best
