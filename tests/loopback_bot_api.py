"""What the tests' Bot APIs on 127.0.0.1 share: an aiohttp server on a free (or given) port routing
``/bot<token>/<method>`` to ``_handle``, and waiting on what arrived instead of sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web


class LoopbackBotApi:
    max_request_bytes = 1024**2  # aiohttp's default

    def __init__(self) -> None:
        self._changed = asyncio.Condition()  # notified by ``_handle`` whenever something arrived
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0):  # noqa: ANN201 - returns the subclass
        app = web.Application(client_max_size=self.max_request_bytes)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> None:
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(predicate)

    async def _handle(self, request: web.Request) -> web.Response:
        raise NotImplementedError
