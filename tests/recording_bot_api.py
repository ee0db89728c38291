"""A Bot API on 127.0.0.1 that records every request, for tests that run several bot processes at once.

Answers getMe, setWebhook, setMyCommands, answerCallbackQuery and edits with ``true``, sendMessage with a message
(after ``send_delay``), and keeps (method, chat, text, buttons, time) of each request. ``wait_until`` lets a test
wait on what arrived instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field

from aiohttp import web

from tests.loopback_bot_api import LoopbackBotApi


@dataclass(slots=True)
class Call:
    method: str
    chat_id: int | None
    text: str
    buttons: list[tuple[str, str]]
    message_id: int = 0
    at: float = field(default_factory=time.monotonic)


class RecordingBotApi(LoopbackBotApi):
    max_request_bytes = 8 * 2**20  # uploads

    def __init__(self, send_delay: float = 0.0) -> None:
        super().__init__()
        self.send_delay = send_delay
        self.calls: list[Call] = []
        self._ids = itertools.count(1)

    def sent(self, method: str = "sendMessage") -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.can_read_body else {}
        chat = data.get("chat_id")
        markup = json.loads(str(data["reply_markup"])) if data.get("reply_markup") else {}
        buttons = [(b.get("text", ""), b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
                   for b in row]
        call = Call(method, int(str(chat)) if chat is not None else None, str(data.get("text", "")), buttons)
        if method == "sendMessage":
            call.message_id = next(self._ids)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if method == "getMe":
            return _ok({"id": 42, "is_bot": True, "first_name": "Recorder", "username": "recorder_news_bot"})
        if method == "sendMessage":
            if self.send_delay:
                await asyncio.sleep(self.send_delay)
            return _ok({"message_id": call.message_id, "date": int(time.time()), "text": call.text,
                        "chat": {"id": call.chat_id, "type": "private" if (call.chat_id or 0) > 0 else "supergroup"}})
        return _ok(True)


def _ok(result: object) -> web.Response:
    return web.json_response({"ok": True, "result": result})
