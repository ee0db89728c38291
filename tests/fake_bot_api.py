"""A tiny, slow Bot API on 127.0.0.1 (aiohttp) for tests that run the real ``python -m bot run`` process.

Answers getMe, getUpdates (empty, after a short wait), sendMessage (slowly, recording every message the moment
it arrives) and ``true`` to anything else (setMyCommands, deleteWebhook...). ``wait_for_messages`` lets a test
wait on readiness instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field

from aiohttp import web

from tests.loopback_bot_api import LoopbackBotApi


@dataclass(slots=True)
class Received:
    chat_id: int
    text: str
    at: float = field(default_factory=time.monotonic)


class FakeBotApi(LoopbackBotApi):
    def __init__(
        self, send_delay: float = 0.05, updates_wait: float = 0.3, failing: frozenset[str] = frozenset(),
        html_failing: frozenset[str] = frozenset(), unauthorized: bool = False,
    ) -> None:
        super().__init__()
        self.send_delay = send_delay
        self.failing = failing  # methods answered with an API error (e.g. setMyCommands)
        self.html_failing = html_failing  # methods answered by a proxy's HTML 502 page that echoes the request path
        self.unauthorized = unauthorized  # every method answered 401, as for a revoked token
        self.updates_wait = updates_wait
        self.messages: list[Received] = []
        self.calls: list[str] = []
        self._ids = itertools.count(1)

    async def wait_for_messages(self, count: int, timeout: float) -> None:
        """Until at least ``count`` sendMessage requests arrived (TimeoutError otherwise)."""
        await self.wait_until(lambda: len(self.messages) >= count, timeout)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        async with self._changed:
            self.calls.append(method)
            self._changed.notify_all()
        data = dict(await request.post()) if request.can_read_body else {}
        if self.unauthorized:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if method in self.html_failing:
            page = f"<html><body><h1>502 Bad Gateway</h1><p>upstream failed for {request.path}</p></body></html>"
            return web.Response(status=502, text=page, content_type="text/html")
        if method in self.failing:
            return web.json_response({"ok": False, "error_code": 400, "description": "Bad Request: scripted"}, status=400)
        if method == "getMe":
            return _ok({"id": 42, "is_bot": True, "first_name": "Fake", "username": "fake_news_bot"})
        if method == "getUpdates":
            await asyncio.sleep(self.updates_wait)
            return _ok([])
        if method == "sendMessage":
            chat_id, text = int(str(data.get("chat_id"))), str(data.get("text", ""))
            async with self._changed:
                self.messages.append(Received(chat_id, text))
                self._changed.notify_all()
            await asyncio.sleep(self.send_delay)
            chat_type = "private" if chat_id > 0 else "supergroup"
            return _ok({"message_id": next(self._ids), "date": int(time.time()),
                        "chat": {"id": chat_id, "type": chat_type}, "text": text})
        return _ok(True)


def _ok(result: object) -> web.Response:
    return web.json_response({"ok": True, "result": result})
