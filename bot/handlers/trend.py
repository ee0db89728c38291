"""/trend and the chart button under /topic: a topic's articles over time as a picture."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.handlers.arguments import required_words
from bot.handlers.topics import recalled_topic
from bot.news.records import NoMatch
from bot.services import Services
from bot.views import trend as views
from bot.views.callbacks import ShowTrend

MAX_TREND_CHARS = 200


async def send_trend(message: Message, services: Services, query: str) -> None:
    found = await services.trends.chart(query, views.png)
    if isinstance(found, NoMatch):
        await message.answer(views.no_match_text(found))
        return
    trend, png = found
    await message.answer_photo(BufferedInputFile(png, filename="trend.png"), caption=views.caption(trend))


def create_router() -> Router:
    router = Router(name="trend")

    @router.message(Command("trend"))
    async def trend_command(message: Message, command: CommandObject, services: Services) -> None:
        query = await required_words(message, command, MAX_TREND_CHARS, views.USAGE, views.too_long(MAX_TREND_CHARS))
        if query is not None:
            await send_trend(message, services, query)

    @router.callback_query(ShowTrend.filter())
    async def trend_button(callback: CallbackQuery, callback_data: ShowTrend, services: Services) -> None:
        found = await recalled_topic(callback, callback_data.topic, services, views.STALE_BUTTON)
        if found is None:
            return
        message, query = found
        await callback.answer()
        await send_trend(message, services, query)

    return router
