"""Topics: key terms at ingest, the archive's current topics (/topics) and a topic's cited summary (/topic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.news import keyterms
from bot.news.keyterms import Term
from bot.news.query import query_terms
from bot.news.records import LemmaQuery, NoMatch, Topic
from bot.news.summarize import SourceArticle, TopicSummary, summarize
from storage import Repositories, Store

CANDIDATE_ARTICLES = 30
TITLE_CANDIDATES = 10
TOPIC_WINDOW_DAYS = 14
TOPIC_SAMPLE = 3000  # newest articles of the window that /topics aggregates
SMALL_WINDOW = 20  # fewer articles than this in the window: use the newest SMALL_ARCHIVE articles instead
SMALL_ARCHIVE = 500
NEIGHBOUR_VOCABULARY = 200


async def store_key_terms(tx: Repositories, article_id: int, terms: Sequence[Term]) -> None:
    """Count an article's terms into the document frequencies and keep its best ones by TF-IDF (the TF-IDF
    wants the frequencies as they were before this article)."""
    docs, df = await tx.key_terms.count_article(article_id, [t.key for t in terms])
    best = keyterms.best_terms(terms, df, docs)
    await tx.key_terms.add_key_terms(article_id, [(term.key, weight, term.label) for term, weight in best])


class TopicService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._topics: dict[tuple[int, int, int], list[Topic]] = {}

    # ---- /topic ------------------------------------------------------------------------------------------

    async def summary(self, query: str) -> TopicSummary | NoMatch:
        """Everything /topic and ``python -m bot summary`` show for a query."""
        terms = query_terms(query)
        if not terms:
            return NoMatch(query, (), ())
        near = await self.neighbours(terms)
        match = LemmaQuery(tuple((t, *sorted(near.get(t, ()))) for t in terms))
        articles = await self.candidates(match)
        if not articles:
            return NoMatch(query, tuple(terms), tuple(await self.suggestions(terms)))
        index = self.store.reader.index
        docs, df = await self.store.reader.key_terms.document_frequencies(
            sorted({lem for a in articles for s in a.sentences for lem in s.lemmas})
        )

        def idf(lem: str) -> float:
            return keyterms.idf(df.get(lem, 0), docs)

        total = await index.count(match)
        return summarize(query, terms, articles, idf, neighbours=near, total=total)

    async def neighbours(self, terms: Sequence[str]) -> dict[str, frozenset[str]]:
        """Derivational neighbours of each query term among the archive's words (энергетика -> энергетический)."""
        result: dict[str, frozenset[str]] = {}
        for term in terms:
            if len(term) < keyterms.NEIGHBOUR_PREFIX or " " in term:
                continue
            vocab = await self.store.reader.key_terms.with_prefix(term[: keyterms.NEIGHBOUR_PREFIX], NEIGHBOUR_VOCABULARY)
            found = keyterms.neighbours_among(term, vocab)
            if found:
                result[term] = found
        return result

    async def candidates(self, match: LemmaQuery, limit: int = CANDIDATE_ARTICLES) -> list[SourceArticle]:
        """The newest matching articles (title matches always included), newest first, with stored sentences."""
        index = self.store.reader.index
        in_titles = LemmaQuery(match.groups, match.require_all, ("title",))
        picked = dict(await index.newest_by_date(in_titles, TITLE_CANDIDATES))
        for aid, date in await index.newest_by_date(match, limit):
            if len(picked) >= limit:
                break
            picked.setdefault(aid, date)
        ids = sorted(picked, key=lambda aid: (picked[aid], aid), reverse=True)
        return await index.sources(ids)

    async def suggestions(self, terms: Sequence[str], limit: int = 6) -> list[tuple[str, str]]:
        """Close topics for a query that matched nothing: key terms sharing a prefix, else the current topics."""
        found: list[tuple[str, str]] = []
        for term in terms:
            prefix = term[: max(3, min(len(term) - 2, 5))]
            found += [kt for kt in await self.store.reader.key_terms.key_terms_with_prefix(prefix, limit) if kt[0] != term]
        if not found:
            found = [(t.key, t.label) for t in await self.current(limit)]
        unique: dict[str, str] = {}
        for key, label in found:
            unique.setdefault(key, label)
        return list(unique.items())[:limit]

    # ---- /topics -----------------------------------------------------------------------------------------

    async def current(self, limit: int = 12) -> list[Topic]:
        """The archive's current topics, best first; computed once per archive version.

        Aggregates key terms over the articles of the last TOPIC_WINDOW_DAYS before the newest article (at most
        the newest TOPIC_SAMPLE of them; the newest SMALL_ARCHIVE when the window is nearly empty), weighting
        each article by recency.
        """
        reader = self.store.reader
        version = await reader.articles.version()
        cache_key = (*version, limit)
        if cache_key in self._topics:
            return self._topics[cache_key]
        docs = version[1]
        newest = await reader.articles.newest_date()
        if newest is None:
            return []
        since: dt.date | None = newest - dt.timedelta(days=TOPIC_WINDOW_DAYS)
        sample = TOPIC_SAMPLE
        assert since is not None
        if await reader.articles.count_since(since, SMALL_WINDOW) < SMALL_WINDOW:
            since, sample = None, SMALL_ARCHIVE
        rows = await reader.key_terms.recent_topics(since, newest, sample, 2 if docs >= 4 else 1, limit * 8)
        # A term carried by more than a third of a sizeable archive is too general to be a topic.
        max_df = max(docs // 3, 3) if docs >= 30 else docs + 1
        _, df = await reader.key_terms.document_frequencies([r.key for r in rows])
        rows = [r for r in rows if df.get(r.key, 0) <= max_df]
        picked = keyterms.pick_topics([(r.key, r.label, r.articles, r.score) for r in rows], limit)
        result = [Topic(key, label, count) for key, label, count in picked]
        self._topics = {key: value for key, value in self._topics.items() if key[:2] == version}
        self._topics[cache_key] = result
        return result
