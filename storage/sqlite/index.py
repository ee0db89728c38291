"""The lemma index in SQLite: an FTS5 table over lemmatised title, lead and body (rowid = article id).

User words reach MATCH only as quoted FTS5 strings, so FTS syntax in user input is never interpreted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.news.records import LemmaQuery, SearchDoc
from bot.news.summarize import SourceArticle, SourceSentence
from storage.repositories import LemmaIndex
from storage.sqlite.db import Connection

# A common word matches tens of thousands of articles: their dates come from a covering index of (id, date), three
# to four times faster than the articles' own rows, which the planner would pick for a lookup by id.
PER_DAY_SQL = (
    "SELECT a.date, count(*) FROM articles a INDEXED BY articles_dates JOIN"
    " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) m ON m.rowid = a.id GROUP BY a.date"
)


def fts_phrase(term: str) -> str:
    """One term as a quoted FTS5 string."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: LemmaQuery) -> str:
    groups = ["(" + " OR ".join(fts_phrase(t) for t in group) + ")" for group in query.groups if group]
    expr = (" AND " if query.require_all else " OR ").join(groups)
    if query.columns:
        return "{" + " ".join(query.columns) + "} : (" + expr + ")"
    return expr


def lemma_set(text: str, wanted: frozenset[str]) -> frozenset[str]:
    """The lemmas of ``wanted`` in a stored lemma string (space-separated); a hyphenated lemma also counts as its
    parts, as FTS5 splits it. (A few substring tests instead of splitting the whole sentence: the wanted set is
    a query's handful of lemmas.)"""
    padded = f" {text} "
    found = {lem for lem in wanted if f" {lem} " in padded}
    if "-" in text:
        parted = f" {text.replace('-', ' ')} "
        found.update(lem for lem in wanted if f" {lem} " in parted)
    return frozenset(found)


class SqliteLemmaIndex(LemmaIndex):
    def __init__(self, conn: Connection, scans: Connection) -> None:
        self.conn = conn
        self.scans = scans  # a chart's matches per day and a topic's sentences read much of the archive

    async def count(self, query: LemmaQuery, cap: int | None = None) -> int:
        if not query.groups:
            return 0
        if cap is None:
            rows = await self.conn.execute_fetchall(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match_expression(query),)
            )
        else:
            rows = await self.conn.execute_fetchall(
                "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
                (match_expression(query), cap),
            )
        return rows[0][0]

    async def ranked(
        self, query: LemmaQuery, weights: tuple[float, float, float], window: int, limit: int
    ) -> list[int]:
        rows = await self.conn.execute_fetchall(
            "SELECT rowid FROM (SELECT rowid, bm25(articles_fts, ?, ?, ?) AS s FROM articles_fts"
            " WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY s LIMIT ?",
            (*weights, match_expression(query), window, limit),
        )
        return [row[0] for row in rows]

    async def newest(self, query: LemmaQuery, limit: int) -> list[int]:
        rows = await self.conn.execute_fetchall(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (match_expression(query), limit),
        )
        return [row[0] for row in rows]

    async def recent(self, query: LemmaQuery, limit: int) -> list[tuple[int, dt.date]]:
        rows = await self.conn.execute_fetchall(
            "SELECT a.id, a.date FROM articles a WHERE a.id IN"
            " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
            " ORDER BY a.id DESC",
            (match_expression(query), limit),
        )
        return [(row[0], dt.date.fromisoformat(row[1])) for row in rows]

    async def per_day(self, query: LemmaQuery) -> dict[dt.date, int]:
        rows = await self.scans.execute_fetchall(PER_DAY_SQL, (match_expression(query),))
        return {dt.date.fromisoformat(row[0]): row[1] for row in rows}

    async def document_counts(self, lemmas: Sequence[str]) -> tuple[int, dict[str, int]]:
        wanted = sorted(set(lemmas))
        marks = ",".join("?" * len(wanted))
        # '' is never an index term: that row carries the archive size (one round trip for both).
        rows = await self.conn.execute_fetchall(
            f"SELECT term, doc FROM articles_fts_vocab WHERE term IN ({marks})"
            " UNION ALL SELECT '', max(id) FROM articles",
            wanted,
        )
        df = {term: doc for term, doc in rows}
        return df.pop("", None) or 1, df

    async def search_docs(self, ids: Sequence[int], lemmas: Sequence[str]) -> dict[int, SearchDoc]:
        if not ids:
            return {}
        every = frozenset(lemmas)
        marks = ",".join("?" * len(ids))
        docs: dict[int, SearchDoc] = {}
        # sentences are keyed (article_id, idx) with idx from 0, so max(idx) + 1 is the count: one index seek
        rows = await self.conn.execute_fetchall(
            f"SELECT rowid, title, lead, (SELECT max(idx) + 1 FROM sentences WHERE article_id = articles_fts.rowid)"
            f" FROM articles_fts WHERE rowid IN ({marks})",
            list(ids),
        )
        for rowid, title, lead, length in rows:
            docs[rowid] = SearchDoc(rowid, lemma_set(title, every), lemma_set(lead, every), length or 0)
        wanted = sorted(every)
        contains = " OR ".join("instr(lemmas, ?) > 0" for _ in wanted)
        rows = await self.conn.execute_fetchall(
            f"SELECT article_id, idx, start, end, lemmas FROM sentences WHERE article_id IN ({marks}) AND ({contains})",
            [*ids, *wanted],
        )
        for article_id, idx, start, end, text in rows:
            doc = docs.get(article_id)
            if doc is not None:
                doc.sentences.append((idx, start, end, lemma_set(text, every)))
        return docs

    async def sources(self, ids: Sequence[int]) -> list[SourceArticle]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        heads = {
            row[0]: row
            for row in await self.scans.execute_fetchall(
                f"SELECT a.id, a.date, a.title, a.body, f.title FROM articles a JOIN articles_fts f ON f.rowid = a.id"
                f" WHERE a.id IN ({marks})",
                list(ids),
            )
        }
        rows = await self.scans.execute_fetchall(
            f"SELECT article_id, idx, start, end, lemmas FROM sentences WHERE article_id IN ({marks})"
            " ORDER BY article_id, idx",
            list(ids),
        )
        sents: dict[int, list[SourceSentence]] = {}
        for article_id, idx, start, end, lemmas in rows:
            body = heads[article_id][3]
            sents.setdefault(article_id, []).append(
                SourceSentence(idx, body[start:end], tuple(lemmas.split()), start)
            )
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
