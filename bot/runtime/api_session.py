"""The Bot API session of the polling and webhook processes.

aiogram reads every Bot API answer as ``Response[<the method's result type>]``. pydantic keeps parametrised
generic models in a weak cache, and nothing else holds ``Response[Message]``: the garbage collector drops it
between calls, and the next call builds the model class again (schema, validator and all: several milliseconds,
about a tenth of a webhook process's CPU under load). The session holds each parametrisation it has used, so
it is built once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType


@cache
def response_model(returning: Any) -> type[Response[Any]]:
    return Response[returning]  # type: ignore[valid-type]


class ApiSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        response_model(method.__returning__)  # aiogram's own Response[...] below now finds it in pydantic's cache
        return super().check_response(bot, method, status_code, content)
