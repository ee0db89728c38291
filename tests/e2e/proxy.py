"""A small Bot API proxy in front of telegram-test-api that absorbs the emulator's quirks.

The bot under test talks to the proxy exactly as it would talk to Telegram; the proxy forwards to the
emulator and repairs what the emulator gets wrong (see DESIGN.md, "Testing"):

- getMe lacks ``is_bot``                       -> added;
- getUpdates ignores ``timeout``                -> the proxy waits (polling the emulator) while nothing is queued;
- callback updates lack ``chat_instance`` and ``message.message_id/date`` -> filled in;
- sendMessage answers with the raw request (date in milliseconds, JSON strings for nested fields)
                                                -> answered with a clean Message;
- edit/answer methods answer ``null``           -> ``true``;
- methods it does not implement (setMyCommands, sendChatAction, ...) answer HTTP 500 -> answered ``ok``;
- it has no sendPhoto                           -> the proxy keeps the photo (``photos``) and answers a Message.

It runs its own event loop in a background thread, so the (synchronous) tests need no asyncio.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

FORWARDED = {
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "setWebhook",
    "deleteWebhook",
}
BOOL_RESULTS = {"editMessageText", "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery"}
MESSAGE_FIELDS = ("message_id", "date", "chat", "text", "reply_markup")
POLL_STEP = 0.03
MAX_WAIT = 5.0  # cap on one long poll, so the bot notices shutdown quickly


@dataclass(frozen=True)
class Photo:
    chat_id: int
    data: bytes
    caption: str


class BotApiProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.photos: list[Photo] = []
        self.last_bot_message: dict[int, int] = defaultdict(int)  # chat id -> last message id the bot sent
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bot-api-proxy", daemon=True)
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._stopping = False
        self.url = ""

    # ---- lifecycle (called from the test thread) ---------------------------------------------------------

    def start(self) -> str:
        self._thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self.url

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._stopping = True
        try:
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    def methods(self) -> list[str]:
        return [name for name, _ in self.calls]

    async def _start(self) -> str:
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}"

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()

    # ---- requests --------------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if method == "sendPhoto":
            return web.json_response({"ok": True, "result": await self._keep_photo(request)})
        params = await _params(request)
        self.calls.append((method, params))
        if method not in FORWARDED:
            return web.json_response({"ok": True, "result": True})
        if method == "getUpdates":
            payload = await self._get_updates(token, params)
        else:
            payload = await self._forward(token, method, params)
        if payload.get("ok"):
            payload["result"] = self._fix_result(method, payload.get("result"))
        return web.json_response(payload)

    async def _keep_photo(self, request: web.Request) -> dict[str, Any]:
        """Keep a sent photo (multipart upload) and answer as Telegram would: a Message with the photo."""
        form = await request.post()
        upload = form.get("photo")
        if isinstance(upload, str) and upload.startswith("attach://"):  # aiogram names the file's own part
            upload = form.get(upload.removeprefix("attach://"))
        data = upload.file.read() if isinstance(upload, web.FileField) else b""
        chat_id = int(str(form.get("chat_id", "0")))
        caption = str(form.get("caption", ""))
        self.calls.append(("sendPhoto", {"chat_id": str(chat_id), "caption": caption}))
        self.photos.append(Photo(chat_id, data, caption))
        number = 10**6 + len(self.photos)
        return {
            "message_id": number, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
            "from": {"id": 666, "is_bot": True, "first_name": "Test First name", "username": "TestNameBot"},
            "photo": [{"file_id": f"photo-{number}", "file_unique_id": f"photo-{number}", "width": 800, "height": 420}],
            "caption": caption,
        }

    async def _forward(self, token: str, method: str, params: dict[str, Any]) -> dict[str, Any]:
        assert self._client is not None
        async with self._client.post(f"{self.upstream}/bot{token}/{method}", json=params) as response:
            try:
                return await response.json(content_type=None)
            except (json.JSONDecodeError, aiohttp.ContentTypeError):
                return {"ok": False, "error_code": response.status, "description": await response.text()}

    async def _get_updates(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        """Long polling: wait until the emulator has something, or the client's timeout passes."""
        try:
            timeout = min(float(params.get("timeout") or 0), MAX_WAIT)
        except ValueError:
            timeout = 0.0
        deadline = time.monotonic() + timeout
        while True:
            payload = await self._forward(token, "getUpdates", {})
            if not payload.get("ok") or payload.get("result") or time.monotonic() >= deadline or self._stopping:
                return payload
            await asyncio.sleep(POLL_STEP)

    # ---- repairs ---------------------------------------------------------------------------------------------

    def _fix_result(self, method: str, result: Any) -> Any:
        if method == "getMe" and isinstance(result, dict):
            return {"is_bot": True, **result}
        if method == "getUpdates" and isinstance(result, list):
            return [self._fix_update(update) for update in result]
        if method == "sendMessage" and isinstance(result, dict):
            message = self._fix_message(result)
            self.last_bot_message[message["chat"]["id"]] = message["message_id"]
            return message
        if method in BOOL_RESULTS and result is None:
            return True
        return result

    def _fix_message(self, message: dict[str, Any]) -> dict[str, Any]:
        clean = {key: message[key] for key in MESSAGE_FIELDS if message.get(key) is not None}
        clean["date"] = _seconds(clean.get("date"))
        clean["from"] = {"id": 666, "is_bot": True, "first_name": "Test First name", "username": "TestNameBot"}
        markup = clean.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not (isinstance(markup, dict) and "inline_keyboard" in markup):
            clean.pop("reply_markup", None)
        else:
            clean["reply_markup"] = markup
        return clean

    def _fix_update(self, update: dict[str, Any]) -> dict[str, Any]:
        query = update.get("callback_query")
        if isinstance(query, dict):
            query.setdefault("chat_instance", f"e2e-{query.get('from', {}).get('id', 0)}")
            message = query.get("message")
            if isinstance(message, dict):
                chat_id = (message.get("chat") or {}).get("id", 0)
                message.setdefault("message_id", self.last_bot_message[chat_id])
                message["date"] = _seconds(message.get("date")) or int(time.time())
        message = update.get("message")
        if isinstance(message, dict):
            message.pop("botToken", None)
            message["date"] = _seconds(message.get("date")) or int(time.time())
        return update


def _seconds(value: Any) -> int:
    """The emulator mixes seconds and milliseconds."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number // 1000 if number > 10**11 else number


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return {}
        return body if isinstance(body, dict) else {}
    form = await request.post()
    return {key: value for key, value in form.items() if isinstance(value, str)}
