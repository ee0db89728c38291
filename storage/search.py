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
RANK_ALL_UP_TO = 3000  # bm25 ranks at most this many (newest) matches; above, title/lead matches only


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
    title: set[str]
    lead: set[str]
    length: int  # sentences in the body
    sentences: list[tuple[int, int, int, set[str]]]  # idx, start, end, lemmas: those that may hold a query lemma


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
    wanted = sorted({lem for g in groups for lem in g})
    for expr in tiers:
        total = await _count(conn, expr)  # the partial tier's matches include the full tier's
        if len(ranked) >= offset + limit:
            continue  # the page is already filled by a better tier
        rowids = [r for r in await _candidates(conn, expr, weights) if r not in seen]
        seen.update(rowids)
        docs = await _load(conn, rowids, wanted)
        scored = sorted(((_score(docs[r], groups, idf, weights), r) for r in rowids if r in docs), reverse=True)
        ranked += [(score, r, docs[r]) for score, r in scored]
    total = max(total, len(ranked))
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
    """At most CANDIDATES rowids, best bm25 first. bm25 costs time per matching row, so for a very common
    word only the articles with it in the title or lead are ranked, at most the newest RANK_ALL_UP_TO of
    them (then the newest others fill up): the cost per query is bounded whatever the archive size."""
    broad = await _count(conn, expr, RANK_ALL_UP_TO + 1) > RANK_ALL_UP_TO
    ranked_expr = "{title lead} : (" + expr + ")" if broad else expr
    async with conn.execute(
        "SELECT rowid FROM (SELECT rowid, bm25(articles_fts, ?, ?, ?) AS s FROM articles_fts"
        " WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY s LIMIT ?",
        (w.fts_title, w.fts_lead, w.fts_body, ranked_expr, RANK_ALL_UP_TO, CANDIDATES),
    ) as cur:
        rowids = [row[0] for row in await cur.fetchall()]
    if broad and len(rowids) < CANDIDATES:
        async with conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expr, CANDIDATES * 2),
        ) as cur:
            known = set(rowids)
            rowids += [row[0] for row in await cur.fetchall() if row[0] not in known][: CANDIDATES - len(rowids)]
    return rowids


async def _count(conn: aiosqlite.Connection, expr: str, cap: int = MAX_TOTAL) -> int:
    async with conn.execute(
        "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)", (expr, cap)
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


async def _load(conn: aiosqlite.Connection, rowids: list[int], lemmas: list[str]) -> dict[int, _Doc]:
    """Title and lead lemmas, sentence count and the sentences that may mention a query lemma."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    docs: dict[int, _Doc] = {}
    async with conn.execute(f"SELECT rowid, title, lead FROM articles_fts WHERE rowid IN ({marks})", rowids) as cur:
        for rowid, title, lead in await cur.fetchall():
            docs[rowid] = _Doc(rowid, _lemma_set(title), _lemma_set(lead), 0, [])
    async with conn.execute(
        f"SELECT article_id, count(*) FROM sentences WHERE article_id IN ({marks}) GROUP BY article_id", rowids
    ) as cur:
        for article_id, count in await cur.fetchall():
            if article_id in docs:
                docs[article_id].length = count
    contains = " OR ".join("instr(lemmas, ?) > 0" for _ in lemmas)
    async with conn.execute(
        f"SELECT article_id, idx, start, end, lemmas FROM sentences WHERE article_id IN ({marks}) AND ({contains})",
        [*rowids, *lemmas],
    ) as cur:
        for article_id, idx, start, end, text in await cur.fetchall():
            if article_id in docs:
                docs[article_id].sentences.append((idx, start, end, _lemma_set(text)))
    return docs


def _lemma_set(text: str) -> set[str]:
    """Lemmas of a stored lemma string; a hyphenated one also counts as its parts, as FTS5 splits it."""
    out = set(text.split())
    out.update([part for lem in out if "-" in lem for part in lem.split("-") if part])
    return out


def _present(group: dict[str, float], lemmas: set[str]) -> float:
    return max((w for lem, w in group.items() if lem in lemmas), default=0.0)


AVG_SENTENCES = 20.0


def _score(doc: _Doc, groups: list[dict[str, float]], idf: list[float], w: Weights) -> float:
    length = 1 - w.length_b + w.length_b * max(doc.length, 1) / AVG_SENTENCES
    total = 0.0
    for group, weight in zip(groups, idf, strict=True):
        mentions = sum(_present(group, lemmas) for _, _, _, lemmas in doc.sentences)
        body = mentions / (mentions + w.mentions_k * length) if mentions else 0.0
        opening = max(
            (_present(group, lemmas) for idx, _, _, lemmas in doc.sentences if idx < w.lead_sentences), default=0.0
        )
        lead = max(_present(group, doc.lead), opening)
        about = w.title * _present(group, doc.title) + w.lead * lead
        total += weight * (about + body)
    return total


def _best_sentence(doc: _Doc, groups: list[dict[str, float]]) -> tuple[int, int]:
    best, best_hits = (-1, -1), 0.0
    for _, start, end, lemmas in doc.sentences:
        hits = sum(_present(g, lemmas) for g in groups)
        if hits > best_hits:
            best, best_hits = (start, end), hits
    return best
