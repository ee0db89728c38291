"""Key terms, document frequencies and topic summaries over the archive.

Ingest side: ``add_article`` (inside ``bot.ingest.store``'s transaction) counts the article's terms into
``term_df`` and keeps its top TF-IDF terms in ``article_terms``. Query side: ``topic_summary`` (matching articles via
the FTS index, their stored sentence lemmas, the pure summariser) and ``top_topics`` (a bounded aggregate over the
newest articles, cached until the archive changes).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.news import topics as topics_mod
from bot.news.search import query_terms
from bot.news.summarize import SourceArticle, SourceSentence, TopicSummary, summarize
from bot.news.topics import Term
from storage.search import fts_phrase

DOCS = ""  # term_df row counting the articles themselves
CANDIDATE_ARTICLES = 30
TITLE_CANDIDATES = 10
TOPIC_WINDOW_DAYS = 14
TOPIC_SAMPLE = 3000  # newest articles of the window that /topics aggregates
SMALL_WINDOW = 20  # fewer articles than this in the window: use the newest SMALL_ARCHIVE articles instead
SMALL_ARCHIVE = 500
_CHUNK = 900  # SQL variables per IN (...) list


# ---- ingest ------------------------------------------------------------------------------------------------------

async def document_frequencies(conn: aiosqlite.Connection, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
    """(number of articles, df of each known term)."""
    wanted = sorted(set(terms) | {DOCS})
    found: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        async with conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk) as cur:
            found.update({row[0]: row[1] for row in await cur.fetchall()})
    return found.pop(DOCS, 0), found


async def add_article(conn: aiosqlite.Connection, article_id: int, terms: Sequence[Term]) -> None:
    """Count an article's terms into term_df and store its key terms; the caller owns the transaction."""
    vocab_json = json.dumps([DOCS, *(t.key for t in terms)], ensure_ascii=False)
    # Count the terms and read their new frequencies in one statement; the TF-IDF wants them as they were before.
    counted = await conn.execute_fetchall(
        "INSERT INTO term_df (term, df) SELECT value, 1 FROM json_each(?) WHERE true"
        " ON CONFLICT (term) DO UPDATE SET df = df + 1 RETURNING term, df",
        (vocab_json,),
    )
    df = {row[0]: row[1] - 1 for row in counted}
    docs = df.pop(DOCS, 0)
    best = topics_mod.best_terms(terms, df, docs)
    await conn.execute("INSERT INTO article_vocab (article_id, terms) VALUES (?, ?)", (article_id, vocab_json))
    await conn.executemany(
        "INSERT INTO article_terms (article_id, term, weight, label) VALUES (?, ?, ?, ?)",
        [(article_id, term.key, weight, term.label) for term, weight in best],
    )


async def replace_article(conn: aiosqlite.Connection, article_id: int, terms: Sequence[Term]) -> None:
    """Re-count an article's terms after re-analysis (the article_vocab trigger gives the old counts back)."""
    await conn.execute("DELETE FROM article_vocab WHERE article_id = ?", (article_id,))
    await conn.execute("DELETE FROM article_terms WHERE article_id = ?", (article_id,))
    await add_article(conn, article_id, terms)


async def article_terms(conn: aiosqlite.Connection, article_id: int) -> list[tuple[str, str, float]]:
    """(key, label, weight) of an article's key terms, best first."""
    async with conn.execute(
        "SELECT term, label, weight FROM article_terms WHERE article_id = ? ORDER BY weight DESC, term",
        (article_id,),
    ) as cur:
        return [(row[0], row[1], row[2]) for row in await cur.fetchall()]


# ---- matching ----------------------------------------------------------------------------------------------------

async def neighbours(conn: aiosqlite.Connection, terms: Sequence[str]) -> dict[str, frozenset[str]]:
    """Derivational neighbours of each query term among the archive's words (энергетика -> энергетический)."""
    result: dict[str, frozenset[str]] = {}
    for term in terms:
        if len(term) < topics_mod.NEIGHBOUR_PREFIX or " " in term:
            continue
        prefix = term[: topics_mod.NEIGHBOUR_PREFIX]
        async with conn.execute(
            "SELECT term FROM term_df WHERE term >= ? AND term < ? ORDER BY df DESC, term LIMIT 200",
            (prefix, prefix + "\uffff"),
        ) as cur:
            vocab = [row[0] for row in await cur.fetchall()]
        found = topics_mod.neighbours_among(term, vocab)
        if found:
            result[term] = found
    return result


def match_expression(terms: Sequence[str], near: dict[str, frozenset[str]]) -> str:
    """Every term (or one of its neighbours) must occur: ("a" OR "a'") AND "b"."""
    groups = []
    for term in terms:
        options = [term, *sorted(near.get(term, ()))]
        groups.append("(" + " OR ".join(fts_phrase(o) for o in options) + ")")
    return " AND ".join(groups)


async def _matching_ids(conn: aiosqlite.Connection, expr: str, limit: int) -> list[tuple[int, str]]:
    async with conn.execute(
        "SELECT a.id, a.date FROM articles_fts f JOIN articles a ON a.id = f.rowid"
        " WHERE articles_fts MATCH ? ORDER BY a.date DESC, a.id DESC LIMIT ?",
        (expr, limit),
    ) as cur:
        return [(row[0], row[1]) for row in await cur.fetchall()]


async def count_matches(conn: aiosqlite.Connection, expr: str) -> int:
    async with conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (expr,)) as cur:
        return (await cur.fetchone())[0]


async def candidate_articles(
    conn: aiosqlite.Connection, expr: str, limit: int = CANDIDATE_ARTICLES
) -> list[SourceArticle]:
    """The newest matching articles (title matches always included), newest first, with stored sentences."""
    title_hits = await _matching_ids(conn, "{title} : (" + expr + ")", TITLE_CANDIDATES)
    any_hits = await _matching_ids(conn, expr, limit)
    picked = {aid: date for aid, date in title_hits}
    for aid, date in any_hits:
        if len(picked) >= limit:
            break
        picked.setdefault(aid, date)
    ids = sorted(picked, key=lambda aid: (picked[aid], aid), reverse=True)
    return await load_sources(conn, ids)


async def load_sources(conn: aiosqlite.Connection, ids: Sequence[int]) -> list[SourceArticle]:
    """Articles with their sentences' text and stored lemmas, in the order of ``ids``."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    async with conn.execute(
        f"SELECT a.id, a.date, a.title, a.body, f.title FROM articles a JOIN articles_fts f ON f.rowid = a.id"
        f" WHERE a.id IN ({marks})",
        list(ids),
    ) as cur:
        heads = {row[0]: row for row in await cur.fetchall()}
    async with conn.execute(
        f"SELECT article_id, idx, start, end, lemmas FROM sentences WHERE article_id IN ({marks})"
        " ORDER BY article_id, idx",
        list(ids),
    ) as cur:
        rows = await cur.fetchall()
    sents: dict[int, list[SourceSentence]] = {}
    for article_id, idx, start, end, lemmas in rows:
        body = heads[article_id][3]
        sents.setdefault(article_id, []).append(SourceSentence(idx, body[start:end], tuple(lemmas.split())))
    result = []
    for aid in ids:
        if aid not in heads:
            continue
        _, date, title, _, title_lemmas = heads[aid]
        result.append(
            SourceArticle(aid, dt.date.fromisoformat(date), title, frozenset(title_lemmas.split()),
                          tuple(sents.get(aid, ())))
        )
    return result


async def idf_function(conn: aiosqlite.Connection, articles: Sequence[SourceArticle]):
    """idf(lemma) against the archive, for every lemma of the candidate sentences (one query)."""
    vocab = {lem for a in articles for s in a.sentences for lem in s.lemmas}
    docs, df = await document_frequencies(conn, sorted(vocab))

    def idf(lem: str) -> float:
        return topics_mod.idf(df.get(lem, 0), docs)

    return idf


@dataclass(frozen=True, slots=True)
class NoMatch:
    query: str
    terms: tuple[str, ...]
    suggestions: tuple[tuple[str, str], ...]  # (key, label)


async def topic_summary(conn: aiosqlite.Connection, query: str) -> TopicSummary | NoMatch:
    """Everything /topic and ``python -m bot summary`` show for a query."""
    terms = query_terms(query)
    if not terms:
        return NoMatch(query, (), ())
    near = await neighbours(conn, terms)
    expr = match_expression(terms, near)
    articles = await candidate_articles(conn, expr)
    if not articles:
        return NoMatch(query, tuple(terms), tuple(await suggestions(conn, terms)))
    idf = await idf_function(conn, articles)
    total = await count_matches(conn, expr)
    return summarize(query, terms, articles, idf, neighbours=near, total=total)


# ---- topics list ---------------------------------------------------------------------------------------------------

_topics_cache: dict[tuple[int, int, int, int], list[tuple[str, str, int]]] = {}


async def _archive_version(conn: aiosqlite.Connection) -> tuple[int, int]:
    async with conn.execute("SELECT (SELECT max(id) FROM articles), (SELECT df FROM term_df WHERE term = '')") as cur:
        row = await cur.fetchone()
    return row[0] or 0, row[1] or 0


async def top_topics(conn: aiosqlite.Connection, limit: int = 12) -> list[tuple[str, str, int]]:
    """(key, label, articles) of the archive's current topics, best first.

    Aggregates key terms over the articles of the last TOPIC_WINDOW_DAYS before the newest article (at most the
    newest TOPIC_SAMPLE of them; the newest SMALL_ARCHIVE when the window is nearly empty), weighting each
    article by recency. Cached per archive version (max id, article count).
    """
    version = await _archive_version(conn)
    cache_key = (id(conn), *version, limit)
    if cache_key in _topics_cache:
        return _topics_cache[cache_key]
    docs = version[1]
    async with conn.execute("SELECT max(date) FROM articles") as cur:
        newest = (await cur.fetchone())[0]
    if newest is None:
        return []
    since = (dt.date.fromisoformat(newest) - dt.timedelta(days=TOPIC_WINDOW_DAYS)).isoformat()
    async with conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM articles WHERE date >= ? LIMIT ?)", (since, SMALL_WINDOW)
    ) as cur:
        in_window = (await cur.fetchone())[0]
    if in_window >= SMALL_WINDOW:
        recent = "SELECT id, date FROM articles WHERE date >= ? ORDER BY date DESC, id DESC LIMIT ?"
        params: tuple = (since, TOPIC_SAMPLE)
    else:
        recent = "SELECT id, date FROM articles ORDER BY date DESC, id DESC LIMIT ?"
        params = (SMALL_ARCHIVE,)
    # A term carried by more than a third of a sizeable archive is too general to be a topic.
    max_df = max(docs // 3, 3) if docs >= 30 else docs + 1
    async with conn.execute(
        f"WITH recent AS ({recent})"
        " SELECT t.term, min(t.label), count(*) AS n,"
        "  sum(1.0 / (1.0 + (julianday(?) - julianday(r.date)) / 7.0)) AS score"
        " FROM recent r JOIN article_terms t ON t.article_id = r.id"
        " GROUP BY t.term HAVING n >= ? ORDER BY score DESC, n DESC, t.term LIMIT ?",
        (*params, newest, 2 if docs >= 4 else 1, limit * 8),
    ) as cur:
        rows = [(r[0], r[1], r[2], r[3]) for r in await cur.fetchall()]
    _, df = await document_frequencies(conn, [r[0] for r in rows])
    rows = [r for r in rows if df.get(r[0], 0) <= max_df]
    result = topics_mod.pick_topics(rows, limit)
    if len(_topics_cache) > 64:
        _topics_cache.clear()
    _topics_cache[cache_key] = result
    return result


async def suggestions(conn: aiosqlite.Connection, terms: Sequence[str], limit: int = 6) -> list[tuple[str, str]]:
    """Close topics for a query that matched nothing: key terms sharing a prefix, else the current top topics."""
    found: list[tuple[str, str]] = []
    for term in terms:
        prefix = term[: max(3, min(len(term) - 2, 5))]
        async with conn.execute(
            "SELECT term, min(label), count(*) AS n FROM article_terms WHERE term >= ? AND term < ?"
            " GROUP BY term ORDER BY n DESC, term LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        ) as cur:
            found += [(row[0], row[1]) for row in await cur.fetchall() if row[0] != term]
    if not found:
        found = [(key, label) for key, label, _ in await top_topics(conn, limit)]
    seen: set[str] = set()
    unique = []
    for key, label in found:
        if key not in seen:
            seen.add(key)
            unique.append((key, label))
    return unique[:limit]
