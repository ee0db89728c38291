"""Incoming text as Python can send it back: lone UTF-16 surrogates (which Telegram's JSON may carry) become «�».

Without this, echoing such a query in a reply or writing it to the audit fails to encode.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import InlineQuery, Message, TelegramObject

_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean(text: str | None) -> str | None:
    return _SURROGATE_RE.sub(REPLACEMENT, text) if text and _SURROGATE_RE.search(text) else text


def cleaned_message(message: Message) -> Message:
    update: dict[str, Any] = {}
    for name in ("text", "caption"):
        value = getattr(message, name)
        if clean(value) != value:
            update[name] = clean(value)
    if message.reply_to_message is not None:
        reply = cleaned_message(message.reply_to_message)
        if reply is not message.reply_to_message:
            update["reply_to_message"] = reply
    return message.model_copy(update=update) if update else message


class TextCleaner(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message):
            event = cleaned_message(event)
        elif isinstance(event, InlineQuery) and clean(event.query) != event.query:
            event = event.model_copy(update={"query": clean(event.query)})
        return await handler(event, data)
