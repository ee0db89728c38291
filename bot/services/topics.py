"""Topics: key terms at ingest, the archive's current topics (/topics), a topic's stories and their cited
summaries (/topic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.news import keyterms, stories
from bot.news.keyterms import Term
from bot.news.language import is_content_lemma
from bot.news.query import query_terms
from bot.news.records import LemmaQuery, NoMatch, Topic
from bot.news.speech import QuoteSpan
from bot.news.stories import Story, StoryDoc
from bot.news.summarize import SourceArticle, TopicSummary, overview, tell
from bot.services.versioned import VersionedCache
from storage import Repositories, Store

STORY_WINDOW = 150  # the newest matches (by arrival) that are grouped into stories
STORIES_SHOWN = 5
OVERVIEW_ARTICLES = 3  # most central articles of a story read for its one or two sentences in an overview
STORY_ARTICLES = 8  # ... for a story told in full
TOPIC_LISTS = 4  # /topics lists kept (one per length asked), per archive version
STORY_CACHE = 256  # queries whose stories are kept (per archive version)
DF_CACHE = 200_000  # document frequencies kept (per archive version)
TOPIC_WINDOW_DAYS = 14
TOPIC_SAMPLE = 3000  # newest articles of the window that /topics aggregates
SMALL_WINDOW = 20  # fewer articles than this in the window: use the newest SMALL_ARCHIVE articles instead
SMALL_ARCHIVE = 500
NEIGHBOUR_VOCABULARY = 200


async def store_key_terms(tx: Repositories, article_id: int, terms: Sequence[Term]) -> None:
    """Count an article's terms into the document frequencies, keep its best ones by TF-IDF (/topics) and the
    terms its stories are recognised by (/topic); the TF-IDF wants the frequencies as they were before it."""
    docs, df = await tx.key_terms.count_article(article_id, [t.key for t in terms])
    best = keyterms.best_terms(terms, df, docs)
    await tx.key_terms.add_key_terms(article_id, [(term.key, weight, term.label) for term, weight in best])
    await tx.key_terms.set_story_terms(article_id, stories.story_terms(terms, df, docs))


@dataclass(frozen=True, slots=True)
class Grouped:
    """A query's matching articles grouped into stories."""

    query: str
    terms: tuple[str, ...]
    neighbours: dict[str, frozenset[str]]
    stories: tuple[Story, ...]  # heaviest first; those about the query (not only mentioning it) only, if any
    total: int  # matches in the whole archive
    grouped: int  # the newest matches that were grouped
    match: LemmaQuery  # what matched: the query's words with their neighbours


class TopicService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._topics: VersionedCache[list[Topic]] = VersionedCache(TOPIC_LISTS)
        self._stories: VersionedCache[tuple[tuple[Story, ...], int]] = VersionedCache(STORY_CACHE)
        self._df: dict[str, int] = {}
        self._docs = 0

    # ---- /topic ------------------------------------------------------------------------------------------

    async def summary(self, query: str) -> TopicSummary | NoMatch:
        """Everything /topic and ``python -m bot summary`` show for a query: the main stories, each in a
        sentence or two, or the one story in full."""
        found = await self.grouped(query)
        if isinstance(found, NoMatch):
            return found
        if len(found.stories) == 1:
            return await self._tell(found, found.stories[0])
        shown = found.stories[:STORIES_SHOWN]
        articles = await self.store.reader.index.sources(
            [aid for story in shown for aid in story.ids[:OVERVIEW_ARTICLES]]
        )
        by_id = {a.id: a for a in articles}
        quotes, idf = await self._reading_aids(articles)
        told = [(s, [by_id[i] for i in s.ids[:OVERVIEW_ARTICLES] if i in by_id]) for s in shown]
        return overview(
            found.query, found.terms, told, quotes, idf, neighbours=found.neighbours, total=found.total,
            grouped=found.grouped, more=len(found.stories) - len(shown),
        )

    async def story(self, query: str, key: int) -> TopicSummary | NoMatch | None:
        """One story of a query in full, named by its key (any of its articles); None when it is gone."""
        found = await self.grouped(query)
        if isinstance(found, NoMatch):
            return found
        story = stories.story_of(found.stories, key)
        return None if story is None else await self._tell(found, story)

    async def grouped(self, query: str) -> Grouped | NoMatch:
        """The query's newest matching articles grouped into stories (cached per archive version)."""
        terms = query_terms(query)
        if not terms:
            return NoMatch(query, (), ())
        near = await self.neighbours(terms)
        match = LemmaQuery(tuple((t, *sorted(near.get(t, ()))) for t in terms))
        found, grouped = await self._cached_stories(match, terms, near)
        if not found:
            return NoMatch(query, tuple(terms), tuple(await self.suggestions(terms)))
        about = tuple(s for s in found if s.weight >= 1.0) or found
        total = await self.store.reader.index.count(match)
        return Grouped(query, tuple(terms), near, about, total, grouped, match)

    async def _cached_stories(
        self, match: LemmaQuery, terms: Sequence[str], near: dict[str, frozenset[str]]
    ) -> tuple[tuple[Story, ...], int]:
        version = await self.store.reader.articles.version()
        if self._stories.at(version):
            self._df.clear()
        found = self._stories.get(match.groups)
        if found is None:
            found = await self._group(match, terms, near)
            self._stories.put(match.groups, found, version)
        return found

    async def _group(
        self, match: LemmaQuery, terms: Sequence[str], near: dict[str, frozenset[str]]
    ) -> tuple[tuple[Story, ...], int]:
        index = self.store.reader.index
        dated = await index.recent(match, STORY_WINDOW)
        if not dated:
            return (), 0
        in_front = LemmaQuery(match.groups, match.require_all, ("title", "lead"))
        about = set(await index.newest(in_front, STORY_WINDOW))  # the newest title or lead matches hold ours
        stored = await self.store.reader.key_terms.story_terms([aid for aid, _ in dated])
        ignore = frozenset(terms) | frozenset(n for group in near.values() for n in group)
        docs = [
            StoryDoc(aid, date, stories.features(stored.get(aid, ()), ignore), about=aid in about)
            for aid, date in dated
        ]
        return tuple(stories.group(docs)), len(docs)

    async def _tell(self, found: Grouped, story: Story) -> TopicSummary:
        articles = await self.store.reader.index.sources(list(story.ids[:STORY_ARTICLES]))
        quotes, idf = await self._reading_aids(articles)
        return tell(
            found.query, found.terms, story, articles, quotes, idf, neighbours=found.neighbours, total=found.total,
            grouped=found.grouped, others=len(found.stories) - 1,
        )

    async def _reading_aids(
        self, articles: Sequence[SourceArticle]
    ) -> tuple[dict[int, list[QuoteSpan]], Callable[[str], float]]:
        """The articles' stored quotes, and the idf of their sentences' lemmas."""
        quotes: dict[int, list[QuoteSpan]] = {}
        for quote in await self.store.reader.quotes.in_articles([a.id for a in articles]):
            quotes.setdefault(quote.article_id, []).append(quote)
        idf = await self._idf(sorted({lem for a in articles for s in a.sentences for lem in s.lemmas}))
        return quotes, idf

    async def _idf(self, lemmas: Sequence[str]) -> Callable[[str], float]:
        """The idf of each of ``lemmas`` (document frequencies cached until the archive changes)."""
        missing = [lem for lem in lemmas if lem not in self._df]
        if missing:
            if len(self._df) + len(missing) > DF_CACHE:
                self._df.clear()
                missing = list(lemmas)
            self._docs, found = await self.store.reader.key_terms.document_frequencies(missing)
            self._df.update({lem: found.get(lem, 0) for lem in missing})
        docs = self._docs
        # Function words are not in the frequency table (ingest counts content lemmas): they weigh nothing.
        table = {lem: keyterms.idf(self._df[lem], docs) if is_content_lemma(lem) else 0.0 for lem in lemmas}
        return lambda lem: table.get(lem, 0.0)

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
        self._topics.at(version)
        cached = self._topics.get(limit)
        if cached is not None:
            return cached
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
        self._topics.put(limit, result, version)
        return result
