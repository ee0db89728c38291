"""/topics and /topic, and the topic and story buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.arguments import required_words
from bot.news.records import NoMatch
from bot.services import Services
from bot.views import html
from bot.views import topics as views
from bot.views.callbacks import OpenStory, ShowTopic

MAX_TOPIC_CHARS = 200
TOPICS_SHOWN = 12


async def topic_reply(
    services: Services, chat_id: int, query: str
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The messages answering a topic query (the keyboard rides on the last one)."""
    result = await services.topics.summary(query)
    if isinstance(result, NoMatch):
        if not result.terms:
            return [(views.USAGE, None)]
        labels = [views.button_label(label) for _, label in result.suggestions]
        ids = await services.callback_args.remember_all(labels, chat_id)
        return [(views.no_match_text(result), html.keyboard(views.topic_buttons(labels, ids)))]
    topic_id = await services.callback_args.remember(query, chat_id)
    return views.summary_messages(result, topic_id)


async def story_reply(
    services: Services, topic_id: int, query: str, key: int
) -> list[tuple[str, InlineKeyboardMarkup | None]] | None:
    """The messages telling one story of a topic in full; None when the archive no longer has that story."""
    result = await services.topics.story(query, key)
    if result is None or isinstance(result, NoMatch):
        return None
    return views.summary_messages(result, topic_id)


async def recalled_topic(
    callback: CallbackQuery, topic: int, services: Services, stale: str
) -> tuple[Message, str] | None:
    """The message a topic button sits under and the topic words behind the button; None after answering
    ``stale`` (the words expired, belong to another chat, or the message is gone)."""
    message = callback.message if isinstance(callback.message, Message) else None
    query = await services.callback_args.recall(topic, message.chat.id) if message else None
    if message is None or query is None:
        await callback.answer(stale)
        return None
    return message, query


async def send(message: Message, replies: list[tuple[str, InlineKeyboardMarkup | None]]) -> None:
    for text, markup in replies:
        await message.answer(text, reply_markup=markup)


async def send_topic(message: Message, services: Services, query: str) -> None:
    await send(message, await topic_reply(services, message.chat.id, query))


def create_router() -> Router:
    router = Router(name="topics")

    @router.message(Command("topics"))
    async def topics(message: Message, services: Services) -> None:
        found = await services.topics.current(TOPICS_SHOWN)
        if not found:
            await message.answer(views.NO_TOPICS)
            return
        labels = [views.button_label(t.label) for t in found]
        ids = await services.callback_args.remember_all(labels, message.chat.id)
        await message.answer(views.topics_text(found), reply_markup=html.keyboard(views.topic_buttons(labels, ids)))

    @router.message(Command("topic"))
    async def topic(message: Message, command: CommandObject, services: Services) -> None:
        query = await required_words(message, command, MAX_TOPIC_CHARS, views.USAGE, views.too_long(MAX_TOPIC_CHARS))
        if query is None:
            return
        await send_topic(message, services, query)

    @router.callback_query(ShowTopic.filter())
    async def topic_button(callback: CallbackQuery, callback_data: ShowTopic, services: Services) -> None:
        found = await recalled_topic(callback, callback_data.topic, services, views.STALE_BUTTON)
        if found is None:
            return
        message, query = found
        await callback.answer()
        await send_topic(message, services, query)

    @router.callback_query(OpenStory.filter())
    async def story_button(callback: CallbackQuery, callback_data: OpenStory, services: Services) -> None:
        found = await recalled_topic(callback, callback_data.topic, services, views.STALE_BUTTON)
        if found is None:
            return
        message, query = found
        replies = await story_reply(services, callback_data.topic, query, callback_data.story)
        if replies is None:
            await callback.answer(views.STALE_STORY)
            await send_topic(message, services, query)
            return
        await callback.answer()
        await send(message, replies)

    return router
