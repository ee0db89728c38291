"""Build Telegram updates locally (the console and the tests feed them to the real dispatcher)."""

from __future__ import annotations

import datetime as dt
import itertools

from aiogram.types import CallbackQuery, Chat, Document, InlineQuery, Message, Update, User


class UpdateFactory:
    def __init__(self, user_id: int = 1001, chat_id: int | None = None, first_name: str = "Читатель") -> None:
        self.user = User(id=user_id, is_bot=False, first_name=first_name, language_code="ru")
        self.chat = Chat(id=chat_id if chat_id is not None else user_id, type="private")
        self._ids = itertools.count(1)

    def _message(self, **fields: object) -> Message:
        return Message(
            message_id=next(self._ids), date=dt.datetime.now(dt.UTC), chat=self.chat, from_user=self.user, **fields
        )

    def message(self, text: str, reply_to: Message | None = None) -> Update:
        return Update(update_id=next(self._ids), message=self._message(text=text, reply_to_message=reply_to))

    def document(self, file_id: str, file_name: str, size: int, caption: str | None = None) -> Update:
        doc = Document(file_id=file_id, file_unique_id=file_id, file_name=file_name, file_size=size)
        return Update(update_id=next(self._ids), message=self._message(document=doc, caption=caption))

    def callback(self, data: str, message: Message | None = None) -> Update:
        query = CallbackQuery(
            id=str(next(self._ids)),
            from_user=self.user,
            chat_instance="local",
            data=data,
            message=message or self._message(text="…"),
        )
        return Update(update_id=next(self._ids), callback_query=query)

    def inline(self, query: str, offset: str = "") -> Update:
        inline = InlineQuery(id=str(next(self._ids)), from_user=self.user, query=query, offset=offset)
        return Update(update_id=next(self._ids), inline_query=inline)
