"""A Bot API session that never touches the network: it answers every request locally and records it.

Used by the offline console, the handler tests and the benchmark. Tests can script failures
(``session.fail_next(...)``) to see how the bot copes with 429, 403 or timeouts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import AsyncGenerator, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetChatMember,
    GetFile,
    GetMe,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import (
    Chat,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    File,
    Message,
    PhotoSize,
    User,
)

BOT_USER = User(id=42, is_bot=True, first_name="Новостной бот", username="newsbot_local_bot")


class LocalSession(BaseSession):
    def __init__(self, on_request: Callable[[TelegramMethod[Any]], None] | None = None) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._failures: deque[tuple[str | None, BaseException]] = deque()
        self._message_ids = itertools.count(1)
        self._on_request = on_request
        self.files: dict[str, bytes] = {}
        # getChatMember answers: user id -> "administrator" (the default), "creator", "member" or "left"
        self.member_status: dict[int, str] = {}

    # ---- scripting -------------------------------------------------------------------------------------------

    def fail_next(self, exception: BaseException, method: str | None = None) -> None:
        """The next request (or the next one named ``method``, e.g. "sendMessage") raises ``exception``."""
        self._failures.append((method, exception))

    def _take_failure(self, api_method: str) -> BaseException | None:
        for i, (method, exc) in enumerate(self._failures):
            if method is None or method == api_method:
                del self._failures[i]
                return exc
        return None

    # ---- inspection ------------------------------------------------------------------------------------------

    def sent(self) -> list[SendMessage | EditMessageText]:
        return [r for r in self.requests if isinstance(r, SendMessage | EditMessageText)]

    def texts(self) -> list[str]:
        return [r.text for r in self.sent()]

    def clear(self) -> None:
        self.requests.clear()

    # ---- BaseSession -----------------------------------------------------------------------------------------

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        failure = self._take_failure(method.__api_method__)
        if failure is not None:
            raise failure
        self.requests.append(method)
        if self._on_request:
            self._on_request(method)
        return self._answer(method)  # type: ignore[return-value]

    def _answer(self, method: TelegramMethod[Any]) -> Any:
        now = dt.datetime.now(dt.UTC)
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return Message(
                message_id=next(self._message_ids),
                date=now,
                chat=Chat(id=int(method.chat_id), type="private"),
                from_user=BOT_USER,
                text=method.text,
                reply_markup=method.reply_markup,
            )
        if isinstance(method, SendPhoto):
            number = next(self._message_ids)
            return Message(
                message_id=number,
                date=now,
                chat=Chat(id=int(method.chat_id), type="private"),
                from_user=BOT_USER,
                photo=[PhotoSize(file_id=f"photo-{number}", file_unique_id=f"photo-{number}", width=0, height=0)],
                caption=method.caption,
                reply_markup=method.reply_markup,
            )
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            return Message(
                message_id=method.message_id or 0,
                date=now,
                chat=Chat(id=int(method.chat_id or 0), type="private"),
                from_user=BOT_USER,
                text=getattr(method, "text", None),
                reply_markup=method.reply_markup,
            )
        if isinstance(method, AnswerCallbackQuery):
            return True
        if isinstance(method, GetChatMember):
            return self._chat_member(method.user_id)
        if isinstance(method, GetFile):  # file_path = file_id; the bytes come from self.files
            data = self.files.get(method.file_id)
            return File(
                file_id=method.file_id,
                file_unique_id=method.file_id,
                file_path=method.file_id,
                file_size=len(data) if data is not None else None,
            )
        returning = method.__returning__
        if returning is bool:
            return True
        raise NotImplementedError(f"LocalSession cannot answer {method.__api_method__}")

    def _chat_member(self, user_id: int) -> Any:
        user = User(id=user_id, is_bot=False, first_name="Участник")
        status = self.member_status.get(user_id, "administrator")
        if status == "creator":
            return ChatMemberOwner(user=user, is_anonymous=False)
        if status == "member":
            return ChatMemberMember(user=user)
        if status == "left":
            return ChatMemberLeft(user=user)
        flags = {
            name: False
            for name, info in ChatMemberAdministrator.model_fields.items()
            if info.is_required() and name != "user"
        }
        return ChatMemberAdministrator(user=user, **flags)

    async def stream_content(
        self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
        chunk_size: int = 65536, raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """Downloads come from ``self.files`` (keyed by file path), so document uploads can be tested."""
        path = url.rsplit("/", 1)[-1]
        data = self.files.get(path, b"")
        for i in range(0, len(data), chunk_size):
            yield data[i : i + chunk_size]

    async def close(self) -> None:
        return None
