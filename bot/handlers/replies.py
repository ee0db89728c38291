"""Sending long answers: split into messages under the limit, or an edit of the bot's own message."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from bot.views import html

log = logging.getLogger(__name__)


async def answer_long(message: Message, html_text: str) -> None:
    for part in html.split_message(html_text):
        await message.answer(part)


async def edit_or_answer(message: Message, html_text: str) -> None:
    """Edit the bot's message with the first part of a long text, send the rest as new messages."""
    first, *rest = html.split_message(html_text)
    try:
        await message.edit_text(first)
    except TelegramAPIError as exc:
        log.info("edit failed (%s), sending a new message instead", exc)
        await message.answer(first)
    for part in rest:
        await message.answer(part)
