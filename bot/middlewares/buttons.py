"""Buttons bound to the chat that received them.

Every outgoing button's callback data is signed for the chat it is sent to (``ButtonSigner``, a Bot API request
middleware, so handlers, the notifier and every future view are covered in one place); a pressed button is
checked against the chat it was pressed in before any handler sees it (``ButtonChecker``). A forged button, or
one copied from another chat, gets «кнопка устарела» and reaches no handler.

Signature: ``<data>~<10 characters>``, an HMAC-SHA256 of (chat id, data) under a key derived from the bot token,
so every instance of one bot agrees without extra configuration; 60 bits, 11 bytes of Telegram's 64.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, TelegramObject

from bot.views.callbacks import SIGNATURE_BYTES
from bot.views.fallback import STALE_BUTTON

SEPARATOR = "~"
SIGNATURE_CHARS = SIGNATURE_BYTES - len(SEPARATOR)  # the room views leave for it (ASCII: one byte a character)


class ButtonSigner(BaseRequestMiddleware):
    def __init__(self, token: str) -> None:
        key = hashlib.sha256(b"newsbot buttons\n" + token.encode()).digest()
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)  # copied per signature: the key is hashed once

    def signature(self, chat_id: int | str, data: str) -> str:
        mac = self._keyed.copy()
        mac.update(f"{chat_id}\n{data}".encode())
        return base64.urlsafe_b64encode(mac.digest()).decode()[:SIGNATURE_CHARS]

    def sign(self, chat_id: int | str, data: str) -> str:
        return f"{data}{SEPARATOR}{self.signature(chat_id, data)}"

    def verify(self, chat_id: int | str, signed: str) -> str | None:
        """The data of a correctly signed button pressed in ``chat_id``, else None."""
        data, separator, signature = signed.rpartition(SEPARATOR)
        if not separator or not hmac.compare_digest(signature, self.signature(chat_id, data)):
            return None
        return data

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        markup = getattr(method, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup):
            chat_id = getattr(method, "chat_id", None) or 0
            method.reply_markup = self._signed(markup, chat_id)  # type: ignore[attr-defined]
        return await make_request(bot, method)

    def _signed(self, markup: InlineKeyboardMarkup, chat_id: int | str) -> InlineKeyboardMarkup:
        rows = [
            [
                button.model_copy(update={"callback_data": self.sign(chat_id, button.callback_data)})
                if button.callback_data and SEPARATOR not in button.callback_data
                else button
                for button in row
            ]
            for row in markup.inline_keyboard
        ]
        return InlineKeyboardMarkup(inline_keyboard=rows)


@lru_cache(maxsize=8)
def signer_for(token: str) -> ButtonSigner:
    return ButtonSigner(token)


class ButtonChecker(BaseMiddleware):
    """Outer middleware on callback queries: unsigned, forged or foreign buttons stop here."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        bot: Bot = data["bot"]
        chat_id = event.message.chat.id if event.message is not None else 0
        payload = signer_for(bot.token).verify(chat_id, event.data or "")
        if payload is None:
            await event.answer(STALE_BUTTON)
            return None
        return await handler(event.model_copy(update={"data": payload}), data)
