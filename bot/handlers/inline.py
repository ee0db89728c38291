"""Inline mode: «@bot words» in any chat offers matching articles (the newest ones for an empty query)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import InlineQuery

from bot.handlers.arguments import number
from bot.services import Services
from bot.views import inline as views

PAGE = 10
MAX_QUERY_CHARS = 200
MAX_OFFSET = 1000
CACHE_SECONDS = 30


def create_router() -> Router:
    router = Router(name="inline")

    @router.inline_query()
    async def offer(query: InlineQuery, services: Services, bot: Bot) -> None:
        text = " ".join(query.query.split())[:MAX_QUERY_CHARS]
        offset = min(number(query.offset, 6) or 0, MAX_OFFSET)
        if text:
            ranking = (await services.search.search(text, PAGE, offset)).ranking
            articles, more = [hit.article for hit in ranking.hits], offset + PAGE < ranking.reachable
        else:
            page = await services.articles.latest(PAGE, offset)
            articles, more = page.articles, offset + PAGE < min(page.total, MAX_OFFSET)
        username = (await bot.me()).username or ""
        await query.answer(
            [views.result(article, username) for article in articles],
            cache_time=CACHE_SECONDS,
            is_personal=False,
            next_offset=str(offset + PAGE) if more and articles else "",
        )

    return router
