"""Reading the archive page by page, one article, deleting one, and its size."""

from __future__ import annotations

from dataclasses import dataclass

from bot.news.records import StoredArticle
from bot.services.versioned import VersionedCache
from storage import Store

CACHED_PAGES = 64  # pages of the newest-first list kept per archive version (the first ones are asked most)


@dataclass(frozen=True, slots=True)
class Page:
    articles: tuple[StoredArticle, ...]  # shared by every reader of the cached page: not to be changed
    total: int  # articles in the archive


class ArticleService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._pages: VersionedCache[Page] = VersionedCache(CACHED_PAGES)

    async def count(self) -> int:
        return await self.store.reader.articles.count()

    async def latest(self, limit: int, offset: int = 0) -> Page:
        """Newest first (by date, then by arrival), with the archive's size: one read of the archive's version
        when the page was asked before on this version, one more otherwise."""
        version = await self.store.reader.articles.version()
        self._pages.at(version)
        page = self._pages.get((limit, offset))
        if page is None:
            total = version[1]
            page = Page(tuple(await self.store.reader.articles.latest_page(limit, offset, total)), total)
            self._pages.put((limit, offset), page, version)
        return page

    async def get(self, article_id: int) -> StoredArticle | None:
        return await self.store.reader.articles.get(article_id)

    async def delete(self, article_id: int) -> bool:
        """The article with its sentences, quotes (speakers left unquoted go too), key terms and pending
        notifications, in one transaction."""
        async with self.store.transaction() as tx:
            await tx.quotes.delete_for_article(article_id)
            return await tx.articles.delete(article_id)

    async def key_terms(self, article_id: int, limit: int) -> list[str]:
        """Display labels of an article's best key terms."""
        return [label for _, label, _ in (await self.store.reader.key_terms.of_article(article_id))[:limit]]

    async def stats(self) -> tuple[dict[str, int], int]:
        """(archive counts, database size in bytes)."""
        return await self.store.reader.stats.counts(), await self.store.size_bytes()
