"""/search and its paging buttons."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.arguments import required_words
from bot.services import Services
from bot.services.search import MAX_REACHABLE, Ranking
from bot.views import search as views
from bot.views.callbacks import SearchPage, SearchWords, carries

PAGE = 5
MAX_QUERY_CHARS = 200

Pager = Callable[[int], CallbackData]


async def search_reply(
    services: Services, chat_id: int, query: str, offset: int, query_id: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    result = await services.search.search(query, PAGE, offset)
    if not result.terms:
        return views.USAGE, None
    if not result.hits:
        return views.no_results(query), None
    pager = await _pager(services, chat_id, query, offset, result.ranking, query_id)
    return views.search_view(query, result.terms, result.ranking, offset, PAGE, pager)


async def _pager(
    services: Services, chat_id: int, query: str, offset: int, ranking: Ranking, query_id: int | None
) -> Pager:
    """The pager's buttons carry a short query themselves; a longer one is stored for this chat (only when there
    is a page to turn to) and its buttons carry its id."""
    if query_id is None and carries(query, MAX_REACHABLE):
        return lambda o: SearchWords(offset=o, words=query)
    if query_id is None:
        needs_pager = offset > 0 or offset + PAGE < ranking.reachable
        query_id = await services.callback_args.remember(query, chat_id) if needs_pager else 0
    stored = query_id
    return lambda o: SearchPage(query=stored, offset=o)


async def _turn(callback: CallbackQuery, services: Services, query: str | None, offset: int, query_id: int | None) -> None:
    message = callback.message if isinstance(callback.message, Message) else None
    if message is None or not query:
        await callback.answer(views.STALE)
        return
    text, markup = await search_reply(services, message.chat.id, query, max(offset, 0), query_id)
    await callback.answer()
    await message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="search")

    @router.message(Command("search"))
    async def search(message: Message, command: CommandObject, services: Services) -> None:
        query = await required_words(message, command, MAX_QUERY_CHARS, views.USAGE, views.too_long(MAX_QUERY_CHARS))
        if query is None:
            return
        text, markup = await search_reply(services, message.chat.id, query, 0)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(SearchWords.filter())
    async def search_words_page(callback: CallbackQuery, callback_data: SearchWords, services: Services) -> None:
        await _turn(callback, services, callback_data.words, callback_data.offset, None)

    @router.callback_query(SearchPage.filter())
    async def search_page(callback: CallbackQuery, callback_data: SearchPage, services: Services) -> None:
        message = callback.message if isinstance(callback.message, Message) else None
        query = await services.callback_args.recall(callback_data.query, message.chat.id) if message else None
        await _turn(callback, services, query, callback_data.offset, callback_data.query)

    return router
