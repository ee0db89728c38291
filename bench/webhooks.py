"""Updates/s through real ``python -m bot webhook`` processes sharing the benchmark's database.

A stub Bot API on loopback answers every call at once; the benchmark posts the same update mix as
``updates_per_s`` over HTTP, ``CONCURRENCY`` at a time, spread evenly over the instances. Client, servers and
database share the machine's cores, so the figure says how the instances scale on one machine, not on many.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiogram.types import Update
from aiohttp import web

from .measure import TOKEN, Incoming

SECRET = "bench-webhook-secret"
CONCURRENCY = 16
WARMUP = 100  # updates per instance before the clock starts (models load on the first search)
READY_TIMEOUT = 120.0
REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _stub_api() -> tuple[web.AppRunner, str]:
    """A Bot API that accepts everything at once."""
    async def answer(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "Bench"}})
        if method == "sendMessage":
            data = await request.post()
            chat = int(str(data.get("chat_id", 0)))
            return web.json_response({"ok": True, "result": {
                "message_id": 1, "date": int(time.time()), "chat": {"id": chat, "type": "private"}}})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", answer)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}"


async def _start(database: dict[str, str], api: str, port: int, folder: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "WEBHOOK_", "TELEGRAM_"))}
    env.update(
        BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=api, WEBHOOK_URL="https://bench.example.org/tg", WEBHOOK_SECRET=SECRET,
        WEBHOOK_PORT=str(port), SEEDS_DIR=str(folder / "no-seeds"), ADMIN_IDS="1", LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])), **database,
    )
    with (folder / f"webhook-{port}.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "webhook", cwd=folder, env=env, stdin=asyncio.subprocess.DEVNULL,
            stdout=log, stderr=log,
        )


async def _ready(session: aiohttp.ClientSession, base: str, proc: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and proc.returncode is None:
        try:
            async with session.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"the webhook at {base} did not start")


async def measure_webhooks(database: dict[str, str], updates: list[Incoming], instances: int) -> float:
    """Updates/s handled by ``instances`` webhook processes (the database as DATABASE_URL or DATABASE_PATH)."""
    bodies = [Update.model_validate(raw).model_dump_json(by_alias=True, exclude_none=True) for raw in updates]
    runner, api = await _stub_api()
    ports = [_free_port() for _ in range(instances)]
    with tempfile.TemporaryDirectory(prefix="newsbot-webhooks-") as tmp:
        procs = [await _start(database, api, port, Path(tmp)) for port in ports]
        try:
            connector = aiohttp.TCPConnector(limit=CONCURRENCY * 2)
            async with aiohttp.ClientSession(connector=connector) as session:
                for port, proc in zip(ports, procs, strict=True):
                    await _ready(session, f"http://127.0.0.1:{port}", proc)
                queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()

                async def post() -> None:
                    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
                    while not queue.empty():
                        port, body = queue.get_nowait()
                        async with session.post(f"http://127.0.0.1:{port}/tg", data=body, headers=headers) as r:
                            await r.read()

                for n, body in enumerate(bodies[: WARMUP * instances]):
                    queue.put_nowait((ports[n % instances], body))
                await asyncio.gather(*(post() for _ in range(CONCURRENCY)))
                for n, body in enumerate(bodies):
                    queue.put_nowait((ports[n % instances], body))
                started = time.perf_counter()
                await asyncio.gather(*(post() for _ in range(CONCURRENCY)))
                seconds = time.perf_counter() - started
        finally:
            for proc in procs:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
            await asyncio.gather(*(proc.wait() for proc in procs))
            await runner.cleanup()
    return round(len(bodies) / seconds, 1)
