"""The lemma index in PostgreSQL: a tsvector (``simple`` configuration, GIN) over the lemma strings, with FTS5's
semantics: the same tokens, phrases and column filters, and bm25 computed as FTS5 computes it.

User words reach the database only as bound parameters (the tsquery text is built from letters and digits).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg

from bot.news.records import LemmaQuery, SearchDoc
from bot.news.summarize import SourceArticle, SourceSentence
from storage.postgres.db import Db
from storage.postgres.lexemes import Doc, Phrase, bm25, newest_span, phrases, target
from storage.repositories import LemmaIndex
from storage.sqlite.index import lemma_set

# Settings of the connections the index reads on (see PgLemmaIndex).
BY_INDEX_SETTINGS = {"enable_seqscan": "off", "enable_indexscan": "off"}
# The newest matches: $1 the tsquery, $2 how many; {since} may bound the ids from below (see _newest_floor).
NEWEST = "SELECT article_id FROM article_index WHERE {column} @@ $1::tsquery{since} ORDER BY article_id DESC LIMIT $2"


class PgLemmaIndex(LemmaIndex):
    """Reads that match lexemes go to ``by_index``, a pool whose connections make the planner match them through
    the GIN indexes: its cost model takes testing a vector row by row for cheap, so for a common word it would
    walk the articles newest first (or all of them) reading each one's whole vector, several times slower than
    the index. Set on the connections, the hint costs no round trip per read. Inside a write transaction (no
    pool of its own) the planner is left alone."""

    def __init__(self, db: Db, by_index: asyncpg.Pool | None = None) -> None:
        self.db = db
        self.by_index: Db = by_index if by_index is not None else db

    async def _fetch(self, sql: str, *args: object) -> list[asyncpg.Record]:
        return await self.by_index.fetch(sql, *args)

    async def _fetchval(self, sql: str, *args: object) -> Any:
        return await self.by_index.fetchval(sql, *args)

    async def count(self, query: LemmaQuery, cap: int | None = None) -> int:
        column, text = target(query)
        if text is None:
            return 0
        if cap is None:
            return await self._fetchval(f"SELECT count(*) FROM article_index WHERE {column} @@ $1::tsquery", text)
        return await self._fetchval(
            f"SELECT count(*) FROM (SELECT 1 FROM article_index WHERE {column} @@ $1::tsquery LIMIT $2) AS m",
            text, cap,
        )

    async def ranked(
        self, query: LemmaQuery, weights: tuple[float, float, float], window: int, limit: int
    ) -> list[int]:
        column, text = target(query)
        if text is None:
            return []
        terms = [p for group in phrases(query) for p in group]
        wanted = sorted({t for p in terms for t in p.tokens})
        sql = (
            "WITH newest AS MATERIALIZED ({newest})"
            " SELECT i.article_id, i.title_tokens, i.lead_tokens, i.body_tokens, u.lexeme, u.positions"
            " FROM newest JOIN article_index i USING (article_id),"
            f"  unnest(ts_filter(setweight(i.{column}, 'D', $3::text[]), '{{{{d}}}}')) AS u"
        )
        rows, (articles, tokens_total), doc_freq = await asyncio.gather(
            self._newest(query, sql, text, window, wanted, distinct=lambda found: len({row[0] for row in found})),
            self._sizes(),
            self._doc_freq(terms),
        )
        docs: dict[int, Doc] = {}
        for row in rows:
            doc = docs.get(row[0])
            if doc is None:
                doc = docs[row[0]] = Doc(row[0], row[1], row[2], row[3], {})
            doc.positions[row[4]] = row[5]  # asyncpg gives arrays as lists
        columns = dict(zip(("title", "lead", "body"), weights, strict=True))
        return [i for _, i in bm25(docs.values(), terms, doc_freq, articles, tokens_total, columns)[:limit]]

    async def _sizes(self) -> tuple[int, int]:
        row = await self.db.fetchrow("SELECT articles, tokens FROM archive_stats WHERE id = 1")
        return (row[0], row[1]) if row else (0, 0)

    async def _doc_freq(self, terms: Sequence[Phrase]) -> list[int]:
        """Articles holding each phrase within its columns: kept counts for one token, counted otherwise."""
        single = sorted({p.tokens[0] for p in terms if len(p.tokens) == 1})
        rows = await self.db.fetch("SELECT lemma, docs, heads FROM lemma_df WHERE lemma = ANY($1::text[])", single)
        known = {row[0]: (row[1], row[2]) for row in rows}
        found = []
        for phrase in terms:
            columns = set(phrase.columns)
            if len(phrase.tokens) == 1 and (not columns or columns == {"title", "lead"}):
                docs, heads = known.get(phrase.tokens[0], (0, 0))
                found.append(heads if columns else docs)
            else:
                found.append(await self.db.fetchval(
                    "SELECT count(*) FROM article_index WHERE lexemes @@ $1::tsquery", phrase.tsquery()
                ))
        return found

    async def newest(self, query: LemmaQuery, limit: int) -> list[int]:
        _, text = target(query)
        if text is None:
            return []
        return [row[0] for row in await self._newest(query, "{newest}", text, limit)]

    async def recent(self, query: LemmaQuery, limit: int) -> list[tuple[int, dt.date]]:
        _, text = target(query)
        if text is None:
            return []
        sql = "SELECT a.id, a.date FROM articles a WHERE a.id IN ({newest}) ORDER BY a.id DESC"
        return [(row[0], row[1]) for row in await self._newest(query, sql, text, limit)]

    async def _newest(
        self, query: LemmaQuery, sql: str, text: str, limit: int, *args: object,
        distinct: Callable[[list[asyncpg.Record]], int] = len,
    ) -> list[asyncpg.Record]:
        """Runs ``sql``, whose ``{newest}`` stands for the ids of the ``limit`` newest matches ($1 ``text``, $2
        ``limit``, then ``args``). The GIN index gives every match in no order, so for a common word the newest
        would be found by visiting all its rows; within a span of the newest ids, likely to hold them (judged
        from document frequencies), PostgreSQL visits only the matches in the span. When the span holds fewer
        (``distinct`` counts the articles in the rows), the whole archive is read as before."""
        column, _ = target(query)
        floor = await self._newest_floor(query, column, limit)
        if floor is not None:
            since = f" AND article_id > ${len(args) + 3}"
            rows = await self._fetch(sql.format(newest=NEWEST.format(column=column, since=since)),
                                     text, limit, *args, floor)
            if distinct(rows) >= limit:
                return rows
        return await self._fetch(sql.format(newest=NEWEST.format(column=column, since="")), text, limit, *args)

    async def _newest_floor(self, query: LemmaQuery, column: str, wanted: int) -> int | None:
        """The id above which the ``wanted`` newest matches likely lie; None when that is the whole archive."""
        tokens = sorted({t for group in phrases(query) for p in group for t in p.tokens})
        counts = "heads" if column == "head_lexemes" else "docs"
        row = await self.db.fetchrow(
            "SELECT (SELECT max(article_id) FROM article_index), (SELECT articles FROM archive_stats WHERE id = 1),"
            " (SELECT array_agg(lemma) FROM lemma_df WHERE lemma = ANY($1::text[])),"
            f" (SELECT array_agg({counts}) FROM lemma_df WHERE lemma = ANY($1::text[]))",
            tokens,
        )
        newest_id, articles, lemmas, freqs = row[0], row[1], row[2] or [], row[3] or []
        if not newest_id:
            return None
        span = newest_span(query, dict(zip(lemmas, freqs, strict=True)), articles, wanted)
        return None if span is None else newest_id - span

    async def per_day(self, query: LemmaQuery) -> dict[dt.date, int]:
        column, text = target(query)
        if text is None:
            return {}
        rows = await self._fetch(
            "SELECT a.date, count(*) FROM articles a JOIN article_index i ON i.article_id = a.id"
            f" WHERE i.{column} @@ $1::tsquery GROUP BY a.date",
            text,
        )
        return {row[0]: row[1] for row in rows}

    async def document_counts(self, lemmas: Sequence[str]) -> tuple[int, dict[str, int]]:
        wanted = sorted(set(lemmas))
        rows = await self.db.fetch(
            "SELECT lemma, docs FROM lemma_df WHERE lemma = ANY($1::text[])"
            " UNION ALL SELECT '', max(id) FROM articles",
            wanted,
        )
        df = {row[0]: row[1] for row in rows}
        return df.pop("", None) or 1, df

    async def search_docs(self, ids: Sequence[int], lemmas: Sequence[str]) -> dict[int, SearchDoc]:
        if not ids:
            return {}
        every = frozenset(lemmas)
        ids = list(ids)
        heads, sentences = await asyncio.gather(
            self.db.fetch(
                "SELECT i.article_id, i.title, i.lead,"
                " (SELECT max(idx) + 1 FROM sentences s WHERE s.article_id = i.article_id)"
                " FROM article_index i WHERE i.article_id = ANY($1::bigint[])",
                ids,
            ),
            self.db.fetch(
                "SELECT article_id, idx, start_pos, end_pos, lemmas FROM sentences"
                " WHERE article_id = ANY($1::bigint[]) AND lemmas ~ $2",
                ids, _any_of(sorted(every)),
            ),
        )
        docs = {row[0]: SearchDoc(row[0], lemma_set(row[1], every), lemma_set(row[2], every), row[3] or 0)
                for row in heads}
        for article_id, idx, start, end, text in sorted(sentences, key=lambda r: (r[0], r[1])):
            doc = docs.get(article_id)
            if doc is not None:
                doc.sentences.append((idx, start, end, lemma_set(text, every)))
        return docs

    async def sources(self, ids: Sequence[int]) -> list[SourceArticle]:
        if not ids:
            return []
        heads = {
            row[0]: row
            for row in await self.db.fetch(
                "SELECT a.id, a.date, a.title, a.body, i.title FROM articles a"
                " JOIN article_index i ON i.article_id = a.id WHERE a.id = ANY($1::bigint[])",
                list(ids),
            )
        }
        rows = await self.db.fetch(
            "SELECT article_id, idx, start_pos, end_pos, lemmas FROM sentences WHERE article_id = ANY($1::bigint[])"
            " ORDER BY article_id, idx",
            list(ids),
        )
        sents: dict[int, list[SourceSentence]] = {}
        for article_id, idx, start, end, lemmas in rows:
            body = heads[article_id][3]
            sents.setdefault(article_id, []).append(SourceSentence(idx, body[start:end], tuple(lemmas.split()), start))
        result = []
        for aid in ids:
            if aid not in heads:
                continue
            _, date, title, _, title_lemmas = heads[aid]
            result.append(SourceArticle(aid, date, title, frozenset(title_lemmas.split()), tuple(sents.get(aid, ()))))
        return result


def _any_of(words: Sequence[str]) -> str:
    """A regular expression that finds any of ``words`` as a substring (SQLite's instr, for many words)."""
    escaped = ("".join("\\" + ch if not ch.isalnum() else ch for ch in word) for word in words if word)
    return "|".join(escaped) or "(?!)"
