"""Real ``python -m bot`` processes for the webhook, worker and multi-instance tests: start, wait, post, stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
from aiogram.types import Update

TOKEN = "123456:ABC-test-token-for-the-recording-api"
SECRET = "s3cret_token-for-tests"
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bot_env(api_base: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a bot process: this repository, the given Bot API, no developer .env (cwd is tmp)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_", "NOTIFY_"))}
    env.update(
        BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=api_base, DATABASE_PATH=str(tmp_path / "news.db"),
        SEEDS_DIR=str(tmp_path / "no-seeds"), ADMIN_IDS="", LOG_LEVEL="INFO", PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


async def start(command: str, env: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    with log_path.open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", command, cwd=log_path.parent, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
        )


async def stop(proc: asyncio.subprocess.Process, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
    """Send ``sig`` and wait (SIGKILL after ``timeout``); returns the exit code."""
    if proc.returncode is None:
        try:
            proc.send_signal(sig)
        except ProcessLookupError:
            pass
    try:
        await asyncio.wait_for(proc.wait(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
    assert proc.returncode is not None
    return proc.returncode


async def wait_for_log(path: Path, text: str, proc: asyncio.subprocess.Process, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in (path.read_text(errors="replace") if path.exists() else ""):
        if proc.returncode is not None or time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared in {path.name}:\n{path.read_text(errors='replace')[-3000:]}")
        await asyncio.sleep(0.05)


async def wait_healthy(session: aiohttp.ClientSession, base: str, proc: asyncio.subprocess.Process,
                       log_path: Path, timeout: float = 90.0) -> None:
    """Until ``GET /healthz`` answers 200 (the server listens and the database answers)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            async with session.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        if proc.returncode is not None or time.monotonic() > deadline:
            raise AssertionError(f"webhook at {base} never became healthy:\n"
                                 f"{log_path.read_text(errors='replace')[-3000:]}")
        await asyncio.sleep(0.05)


async def post_update(session: aiohttp.ClientSession, url: str, update: Update, secret: str | None = SECRET) -> int:
    """POST an update as Telegram does; returns the HTTP status (the webhook answers once it handled it)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    body = update.model_dump_json(by_alias=True, exclude_none=True)
    async with session.post(url, data=body, headers={**headers, "Content-Type": "application/json"}) as response:
        await response.read()
        return response.status


def tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""
