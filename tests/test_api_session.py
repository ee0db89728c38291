"""The Bot API session builds each ``Response[...]`` model once per process, not once per garbage collection."""

from __future__ import annotations

import gc
import json
import weakref

from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage

from bot.runtime.api_session import ApiSession

TOKEN = "42:TEST"
SENT = {"ok": True, "result": {"message_id": 7, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "ок"}}
ACCEPTED = {"ok": True, "result": True}


async def test_response_models_outlive_garbage_collection() -> None:
    session = ApiSession()
    bot = Bot(TOKEN, session=session)
    try:
        calls = [
            (SendMessage(chat_id=5, text="ок"), SENT),
            (EditMessageText(chat_id=5, message_id=7, text="ок"), SENT),
            (AnswerCallbackQuery(callback_query_id="1"), ACCEPTED),
        ]
        for method, answer in calls:
            first = weakref.ref(type(session.check_response(bot, method, 200, json.dumps(answer))))
            gc.collect()
            again = session.check_response(bot, method, 200, json.dumps(answer))
            assert type(again) is first(), type(method).__name__
        assert again.result is True
    finally:
        await session.close()


async def test_answers_are_read_as_before() -> None:
    session = ApiSession()
    bot = Bot(TOKEN, session=session)
    try:
        response = session.check_response(bot, SendMessage(chat_id=5, text="ок"), 200, json.dumps(SENT))
        assert response.result.message_id == 7 and response.result.chat.id == 5
    finally:
        await session.close()
