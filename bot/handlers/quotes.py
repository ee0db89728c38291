"""/quotes and /speakers, and the speaker buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.arguments import required_words
from bot.services import Services
from bot.views import quotes as views
from bot.views.callbacks import SpeakerQuotes

PAGE = 5
TOP_SPEAKERS = 15
MAX_NAME_CHARS = 100


async def speaker_page(services: Services, speaker_id: int, offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    speaker = await services.speakers.get(speaker_id)
    if speaker is None or speaker.quote_count <= 0:
        return views.SPEAKER_GONE, None
    offset = min(max(offset, 0), max(speaker.quote_count - 1, 0))
    quotes = await services.speakers.quotes_of(speaker_id, PAGE, offset)
    return views.quotes_view(speaker, quotes, offset, PAGE)


def create_router() -> Router:
    router = Router(name="quotes")

    @router.message(Command("quotes"))
    async def quotes(message: Message, command: CommandObject, services: Services) -> None:
        query = await required_words(message, command, MAX_NAME_CHARS, views.USAGE, views.NOT_A_NAME)
        if query is None:
            return
        if not any(ch.isalpha() for ch in query):
            await message.answer(views.NOT_A_NAME)
            return
        speakers = await services.speakers.find(query)
        if len(speakers) == 1:
            text, markup = await speaker_page(services, speakers[0].id, 0)
        elif speakers:
            text, markup = views.choose_view(query, speakers)
        else:
            text, markup = views.unknown_view(query, await services.speakers.similar(query))
        await message.answer(text, reply_markup=markup)

    @router.callback_query(SpeakerQuotes.filter())
    async def speaker_button(callback: CallbackQuery, callback_data: SpeakerQuotes, services: Services) -> None:
        text, markup = await speaker_page(services, callback_data.speaker, callback_data.offset)
        await callback.answer()
        if not isinstance(callback.message, Message):
            return
        if callback_data.edit:
            await callback.message.edit_text(text, reply_markup=markup)
        else:
            await callback.message.answer(text, reply_markup=markup)  # keep the list it was chosen from

    @router.message(Command("speakers"))
    async def speakers(message: Message, services: Services) -> None:
        text, markup = views.speakers_view(await services.speakers.top(TOP_SPEAKERS))
        await message.answer(text, reply_markup=markup)

    return router
