"""/trend: a topic's matching articles over the archive, its main stories' peaks, and the chart drawn from them
(kept per query and archive version, drawn in a worker thread)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.news.furniture import clean_title
from bot.news.records import NoMatch
from bot.news.trend import Trend, trend
from bot.services.topics import TopicService
from bot.services.versioned import VersionedCache
from storage import Store

CHART_CACHE = 64  # charts kept (per archive version)

Draw = Callable[[Trend], bytes]


class TrendService:
    def __init__(self, store: Store, topics: TopicService) -> None:
        self.store, self.topics = store, topics
        self._charts: VersionedCache[tuple[Trend, bytes]] = VersionedCache(CHART_CACHE)

    async def trend(self, query: str) -> Trend | NoMatch:
        """Matches per day over the whole archive (with the words /topic would add) and the peaks of the
        query's main stories, named by their central article's title."""
        found = await self.topics.grouped(query)
        if isinstance(found, NoMatch):
            return found
        per_day = await self.store.reader.index.per_day(found.match)
        if not per_day:
            return NoMatch(query, found.terms, ())
        keys = [story.key for story in found.stories]
        articles = await self.store.reader.articles.get_many(keys)
        labels = {key: clean_title(article.title) for key, article in articles.items()}
        return trend(query, per_day, found.stories, labels)

    async def chart(self, query: str, draw: Draw) -> tuple[Trend, bytes] | NoMatch:
        """The trend and its chart, drawn by ``draw`` off the event loop; the same query on the same archive
        is drawn once."""
        version = await self.store.reader.articles.version()
        self._charts.at(version)
        key = " ".join(query.casefold().split())
        drawn = self._charts.get(key)
        if drawn is not None:
            return drawn
        found = await self.trend(query)
        if isinstance(found, NoMatch):
            return found
        drawn = (found, await asyncio.to_thread(draw, found))
        self._charts.put(key, drawn, version)
        return drawn
