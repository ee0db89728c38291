"""/latest and its paging buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.handlers.arguments import parse_count
from bot.services import Services
from bot.views import latest as views
from bot.views.callbacks import LatestPage

DEFAULT = 5
MAXIMUM = 20


def create_router() -> Router:
    router = Router(name="latest")

    @router.message(Command("latest"))
    async def latest(message: Message, command: CommandObject, services: Services) -> None:
        size = parse_count(command.args, DEFAULT, MAXIMUM)
        if size is None:
            await message.answer(views.usage(MAXIMUM))
            return
        capped = size == MAXIMUM and (command.args or "").strip() != str(MAXIMUM)
        page = await services.articles.latest(size)
        text, markup = views.latest_view(page.articles, 0, size, page.total, capped=capped)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(LatestPage.filter())
    async def latest_page(callback: CallbackQuery, callback_data: LatestPage, services: Services) -> None:
        size = min(max(callback_data.size, 1), MAXIMUM)
        offset = max(callback_data.offset, 0)
        page = await services.articles.latest(size, offset)
        text, markup = views.latest_view(page.articles, offset, size, page.total)
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.edit_text(text, reply_markup=markup)

    return router
