"""/search and its paging buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.arguments import required_words
from bot.services import Services
from bot.views import search as views
from bot.views.callbacks import SearchPage

PAGE = 5
MAX_QUERY_CHARS = 200


async def search_reply(
    services: Services, chat_id: int, query: str, offset: int, query_id: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    result = await services.search.search(query, PAGE, offset)
    if not result.terms:
        return views.USAGE, None
    if not result.hits:
        return views.no_results(query), None
    ranking = result.ranking
    if query_id is None:  # the query is stored for the pager only when there is a page to turn to
        needs_pager = offset > 0 or offset + PAGE < ranking.reachable
        query_id = await services.callback_args.remember(query, chat_id) if needs_pager else 0
    return views.search_view(query, result.terms, ranking, offset, PAGE, query_id)


def create_router() -> Router:
    router = Router(name="search")

    @router.message(Command("search"))
    async def search(message: Message, command: CommandObject, services: Services) -> None:
        query = await required_words(message, command, MAX_QUERY_CHARS, views.USAGE, views.too_long(MAX_QUERY_CHARS))
        if query is None:
            return
        text, markup = await search_reply(services, message.chat.id, query, 0)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(SearchPage.filter())
    async def search_page(callback: CallbackQuery, callback_data: SearchPage, services: Services) -> None:
        message = callback.message if isinstance(callback.message, Message) else None
        query = await services.callback_args.recall(callback_data.query, message.chat.id) if message else None
        if message is None or query is None:
            await callback.answer(views.STALE)
            return
        offset = max(callback_data.offset, 0)
        text, markup = await search_reply(services, message.chat.id, query, offset, callback_data.query)
        await callback.answer()
        await message.edit_text(text, reply_markup=markup)

    return router
