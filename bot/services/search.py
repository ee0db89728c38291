"""/search ranking over the lemma index, in two steps with a bounded cost per query.

1. The index picks at most ``CANDIDATES`` articles per tier by bm25 with the title and lead weighted up. Tier one
   holds every query word (each with its related lemmas, see ``bot.news.query.expand``); for a query of
   several words, tier two holds the articles with only some of them, always ranked below tier one.
2. The candidates are re-scored from their title, lead and sentence lemmas: an article is about a word when
   the word is in the title or the lead and many of its sentences mention it. Mentions saturate and are only
   mildly normalised by length, so a long story about X beats a short note that names X once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.news.furniture import is_furniture
from bot.news.query import expand, query_terms
from bot.news.records import LemmaQuery, SearchDoc, SearchHit
from bot.services.versioned import Version, VersionedCache
from storage import Store

CANDIDATES = 20  # per tier for the first pages; the re-scoring reads the sentences of these articles only
MAX_REACHABLE = 300  # results a reader can page to (deeper pages rank more candidates, up to this many)
MAX_TOTAL = 1000  # «найдено N» counts at most this many
RANK_ALL_UP_TO = 1000  # bm25 ranks at most this many (newest) matches; above, title/lead matches only
AVG_SENTENCES = 20.0
CACHED_RANKINGS = 128  # queries kept per archive version (each holds its candidates' matching sentences)


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
class Ranking:
    hits: list[SearchHit]
    total: int  # matching articles, counted up to MAX_TOTAL (more: MAX_TOTAL + 1)
    reachable: int  # how many of them the pages can show; every page up to here is full

    @property
    def more_than_counted(self) -> bool:
        return self.total > MAX_TOTAL


@dataclass(frozen=True, slots=True)
class SearchResult:
    terms: tuple[str, ...]
    ranking: Ranking

    @property
    def hits(self) -> list[SearchHit]:
        return self.ranking.hits


Group = tuple[tuple[str, float], ...]  # a query word's lemmas with their weights, best first


class SearchService:
    """Rankings and document frequencies are kept per archive version: a page turn, or the same words asked
    again before the next article arrives, costs one version check and the page's articles."""

    def __init__(self, store: Store, weights: Weights = WEIGHTS) -> None:
        self.store = store
        self.weights = weights
        self._df: dict[str, int] = {}
        self._archive_size = 1
        self._rankings: VersionedCache[_Ranked] = VersionedCache(CACHED_RANKINGS)

    async def search(self, query: str, limit: int, offset: int = 0) -> SearchResult:
        terms = query_terms(query)
        return SearchResult(tuple(terms), await self.rank(terms, limit, offset))

    async def rank(self, terms: list[str], limit: int, offset: int = 0) -> Ranking:
        """Best first. Articles holding every term rank above those holding only some."""
        terms = [t for t in terms if t.strip()]
        if not terms or offset >= MAX_REACHABLE:
            return Ranking([], 0, 0)
        need = min(offset + limit, MAX_REACHABLE)
        version = await self._check_version()
        key = tuple(terms)
        ranked = self._rankings.get(key)
        if ranked is None or (len(ranked.entries) < need and not ranked.complete):
            ranked = await self._rank(terms, need, version)
            self._rankings.put(key, ranked, version)
        total = max(ranked.total, len(ranked.entries))
        reachable = min(total, MAX_REACHABLE)  # deeper pages rank more candidates, so every page is full
        page = ranked.entries[offset : offset + limit]
        articles = await self.store.reader.articles.get_many([i for _, i, _ in page])
        hits = []
        for score, article_id, doc in page:
            if article_id in articles:
                start, end = _best_sentence(doc, ranked.groups, articles[article_id].body)
                hits.append(SearchHit(articles[article_id], score, start, end, ranked.lemmas))
        return Ranking(hits, total, reachable)

    async def _check_version(self) -> Version:
        """The archive's version; what was computed for an older one (an article added or deleted since) is
        forgotten."""
        version = await self.store.reader.articles.version()
        if self._rankings.at(version):
            self._df.clear()
        return version

    async def _rank(self, terms: list[str], need: int, version: Version) -> _Ranked:
        index = self.store.reader.index
        w = self.weights
        groups = [expand(t) for t in terms]
        lemma_groups = tuple(tuple(g) for g in groups)
        tiers = [LemmaQuery(lemma_groups)]
        if len(groups) > 1:
            tiers.append(LemmaQuery(lemma_groups, require_all=False))
        every = frozenset(lem for g in groups for lem in g)
        idf, df = await self._idf(groups, version)
        cap = max(RANK_ALL_UP_TO, MAX_TOTAL) + 1
        by_weight: list[Group] = [tuple(sorted(g.items(), key=lambda item: -item[1])) for g in groups]
        ranked: list[tuple[float, int, SearchDoc]] = []
        seen: set[int] = set()
        total = 0
        exhausted = True  # every tier's matches were ranked: deeper pages have nothing more
        for tier in tiers:  # the broader tier's matches include the narrower one's
            total = cap if _matches_at_least(tier, df, cap) else await index.count(tier, cap)
            if len(ranked) >= need:  # the page is already filled by a better tier: only count
                exhausted = False
                continue
            window = max(CANDIDATES, need - len(ranked))
            found = await self._candidates(tier, total, window)
            exhausted = exhausted and len(found) < window
            ids = [i for i in found if i not in seen]
            seen.update(ids)
            docs = await index.search_docs(ids, sorted(every))
            scored = sorted(((_score(docs[i], by_weight, idf, w), i) for i in ids if i in docs), reverse=True)
            ranked += [(score, i, docs[i]) for score, i in scored]
        return _Ranked(ranked, total, by_weight, every, exhausted)

    async def _candidates(self, query: LemmaQuery, total: int, limit: int) -> list[int]:
        """At most ``limit`` ids of the ``total`` matching articles, best bm25 first. bm25 costs time per matching
        row, so for a very common word (``broad``: more than RANK_ALL_UP_TO matches) only the articles with it in
        the title or lead are ranked, at most the newest RANK_ALL_UP_TO of them (then the newest others fill up):
        the cost per query is bounded whatever the archive size. When every match fits, none is ranked: the
        re-scoring orders them all anyway."""
        index = self.store.reader.index
        if total <= limit:
            return await index.newest(query, limit)
        broad = total > RANK_ALL_UP_TO
        w = self.weights
        ranked_query = LemmaQuery(query.groups, query.require_all, ("title", "lead")) if broad else query
        ids = await index.ranked(ranked_query, (w.fts_title, w.fts_lead, w.fts_body), RANK_ALL_UP_TO, limit)
        if broad and len(ids) < limit:
            known = set(ids)
            ids += [i for i in await index.newest(query, limit * 2) if i not in known][: limit - len(ids)]
        return ids

    async def _idf(self, groups: list[dict[str, float]], version: Version) -> tuple[list[float], dict[str, int]]:
        """bm25-style idf of each query word (from its own lemma, or its rarest related lemma if absent), and
        the document frequencies of every lemma."""
        wanted = {lem for g in groups for lem in g}
        missing = sorted(wanted - self._df.keys())
        n, df = self._archive_size, self._df
        if missing:
            n, found = await self.store.reader.index.document_counts(missing)
            df = self._df | dict.fromkeys(missing, 0) | found
            if version == self._rankings.version:  # not a newer archive's counts mixed into this one's
                self._archive_size, self._df = n, df
        out = []
        for group in groups:
            main = next(iter(group))
            freq = df.get(main) or min((df[lem] for lem in group if df.get(lem)), default=1)
            out.append(math.log(1 + (n - freq + 0.5) / (freq + 0.5)))
        return out, df


def _matches_at_least(tier: LemmaQuery, df: dict[str, int], cap: int) -> bool:
    """Whether the tier surely matches ``cap`` articles or more, by its lemmas' document frequencies alone: a
    tier that any one of its lemmas satisfies (one query word, or the tier of some words) matches at least as
    many articles as its most frequent lemma."""
    if tier.columns or (tier.require_all and len(tier.groups) > 1):
        return False
    return max((df.get(lem, 0) for group in tier.groups for lem in group), default=0) >= cap


@dataclass(frozen=True, slots=True)
class _Ranked:
    """One query's ranked candidates on one archive version, enough for the pages asked so far."""

    entries: list[tuple[float, int, SearchDoc]]
    total: int
    groups: list[Group]
    lemmas: frozenset[str]
    complete: bool  # no deeper page can bring more


def _present(group: Group, lemmas: frozenset[str]) -> float:
    """Weight of the group's best lemma in ``lemmas`` (the group is sorted by weight, best first)."""
    if lemmas:
        for lem, weight in group:
            if lem in lemmas:
                return weight
    return 0.0


def _score(doc: SearchDoc, groups: list[Group], idf: list[float], w: Weights) -> float:
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


def _best_sentence(doc: SearchDoc, groups: list[Group], body: str) -> tuple[int, int]:
    """Offsets of the sentence with the most query words; crawl furniture (a caption, a «read more» line) is
    never the snippet."""
    best, best_hits = (-1, -1), 0.0
    for _, start, end, lemmas in doc.sentences:
        hits = sum(_present(g, lemmas) for g in groups)
        if hits > best_hits and not is_furniture(body[start:end]):
            best, best_hits = (start, end), hits
    return best
