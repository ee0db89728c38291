"""Updates/s through real ``python -m bot webhook`` processes sharing the benchmark's database.

A stub Bot API on loopback answers every call at once; the benchmark posts the same update mix as
``updates_per_s`` over HTTP, ``CONCURRENCY`` at a time, spread evenly over the instances. Client, servers and
database share the machine's cores, so the figure says how the instances scale on one machine, not on many.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiogram.types import Update

from .http import Connection, read_message, request_bytes, response_bytes
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


_CHAT_RE = re.compile(rb"(?:^|&)chat_id=(-?\d+)")
_ACCEPTED = response_bytes(b'{"ok":true,"result":true}')
_ME = response_bytes(b'{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"Bench"}}')


def _api_reply(method: bytes, body: bytes) -> bytes:
    """getMe is the bench bot; a sent message comes back as a message in its chat; everything else is accepted."""
    if method == b"getMe":
        return _ME
    if method == b"sendMessage":
        chat = _CHAT_RE.search(body)
        message = {"message_id": 1, "date": int(time.time()), "chat": {"id": int(chat.group(1)) if chat else 0,
                                                                         "type": "private"}}
        return response_bytes(json.dumps({"ok": True, "result": message}).encode())
    return _ACCEPTED


async def _stub_api() -> tuple[asyncio.Server, str]:
    """A Bot API on loopback that answers every call at once."""
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head, body = await read_message(reader)
                path = head.split(b" ", 2)[1]
                writer.write(_api_reply(path.rsplit(b"/", 1)[-1], body))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    port = _free_port()
    server = await asyncio.start_server(serve, "127.0.0.1", port)
    return server, f"http://127.0.0.1:{port}"


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
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    requests = [
        request_bytes("/tg", Update.model_validate(raw).model_dump_json(by_alias=True, exclude_none=True).encode(),
                      headers)
        for raw in updates
    ]
    api, api_url = await _stub_api()
    ports = [_free_port() for _ in range(instances)]
    with tempfile.TemporaryDirectory(prefix="newsbot-webhooks-") as tmp:
        procs = [await _start(database, api_url, port, Path(tmp)) for port in ports]
        try:
            async with aiohttp.ClientSession() as session:
                for port, proc in zip(ports, procs, strict=True):
                    await _ready(session, f"http://127.0.0.1:{port}", proc)
            await _post(ports, requests[: WARMUP * instances])
            started = time.perf_counter()
            await _post(ports, requests)
            seconds = time.perf_counter() - started
        finally:
            for proc in procs:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
            await asyncio.gather(*(proc.wait() for proc in procs))
            api.close()
            await api.wait_closed()
    return round(len(requests) / seconds, 1)


async def _post(ports: list[int], requests: list[bytes]) -> None:
    """Every request, CONCURRENCY at a time, the n-th to the instance n modulo their number."""
    queue = list(enumerate(requests))
    queue.reverse()

    async def client() -> None:
        connections = {port: await Connection.open(port) for port in ports}
        try:
            while queue:
                n, request = queue.pop()
                await connections[ports[n % len(ports)]].send(request)
        finally:
            for connection in connections.values():
                await connection.close()

    await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
