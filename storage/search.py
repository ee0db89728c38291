"""Full-text search over the lemma index: user terms become quoted FTS5 strings, never raw MATCH syntax."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.articles import StoredArticle, get_many


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: StoredArticle
    score: float
    snippet_start: int  # offsets into the body of the best matching sentence (-1 when none)
    snippet_end: int


def fts_phrase(term: str) -> str:
    """A user term as one quoted FTS5 string: FTS syntax in user input is never interpreted."""
    return '"' + term.replace('"', '""') + '"'


def match_all(terms: list[str]) -> str:
    return " AND ".join(fts_phrase(t) for t in terms)


def match_any(terms: list[str]) -> str:
    return " OR ".join(fts_phrase(t) for t in terms)


async def search(
    conn: aiosqlite.Connection, terms: list[str], limit: int, offset: int = 0
) -> tuple[list[SearchHit], int]:
    """Best first. Articles holding every term rank above those holding only some; returns (hits, total)."""
    if not terms:
        return [], 0
    exprs = [match_all(terms)] if len(terms) == 1 else [match_all(terms), match_any(terms)]
    seen: set[int] = set()
    ranked: list[tuple[int, float]] = []
    for expr in exprs:
        async with conn.execute(
            "SELECT rowid, bm25(articles_fts, 8.0, 3.0, 1.0) FROM articles_fts WHERE articles_fts MATCH ?"
            " ORDER BY 2 LIMIT 1000",
            (expr,),
        ) as cur:
            for rowid, score in await cur.fetchall():
                if rowid not in seen:
                    seen.add(rowid)
                    ranked.append((rowid, -score))
    page = ranked[offset : offset + limit]
    articles = await get_many(conn, [rowid for rowid, _ in page])
    hits = []
    for rowid, score in page:
        start, end = await _best_sentence(conn, rowid, terms)
        hits.append(SearchHit(articles[rowid], score, start, end))
    return hits, len(ranked)


async def _best_sentence(conn: aiosqlite.Connection, article_id: int, terms: list[str]) -> tuple[int, int]:
    async with conn.execute(
        "SELECT start, end, lemmas FROM sentences WHERE article_id = ? ORDER BY idx", (article_id,)
    ) as cur:
        rows = await cur.fetchall()
    best, best_hits = (-1, -1), 0
    for start, end, lemma_text in rows:
        present = set(lemma_text.split())
        hits = sum(term in present for term in terms)
        if hits > best_hits:
            best, best_hits = (start, end), hits
    return best
