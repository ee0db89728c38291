"""The real `python -m bot run` process against a scripted Bot API: menu failures, an API that is down at start,
a rejected token, SIGTERM/SIGINT; the token never reaches the log."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from pathlib import Path

import pytest

from tests.fake_bot_api import FakeBotApi
from tests.test_crash_delivery import TOKEN, start_bot, stop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_for_log(path: Path, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text(errors="replace") if path.exists() else True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{text!r} never appeared in {path.name}")
        await asyncio.sleep(0.05)


def check_log(path: Path) -> str:
    log = path.read_text(errors="replace")
    assert TOKEN not in log and TOKEN.split(":")[1] not in log  # the token is never logged
    assert "Traceback" not in log
    return log


@pytest.mark.parametrize(
    ("failure", "sig"),
    [
        ("failing", signal.SIGTERM),
        ("failing", signal.SIGINT),
        ("html_failing", signal.SIGTERM),  # a proxy's HTML error page that echoes the path, token included
    ],
    ids=["api-error-sigterm", "api-error-sigint", "html-page-echoing-the-token-sigterm"],
)
async def test_polling_survives_a_menu_failure_and_stops_cleanly(tmp_path: Path, failure: str, sig: int) -> None:
    api = await FakeBotApi(updates_wait=0.1, **{failure: frozenset({"setMyCommands"})}).start()
    proc = None
    try:
        proc = await start_bot(api, tmp_path, str(tmp_path / "run.db"), "bot.log")
        # Ready: the menu was attempted (and refused), and polling goes on afterwards.
        await api.wait_until(lambda: "setMyCommands" in api.calls, timeout=60)
        first = api.calls.index("setMyCommands")
        await api.wait_until(lambda: api.calls[first:].count("getUpdates") >= 2, timeout=30)
        assert proc.returncode is None
        proc.send_signal(sig)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        assert "setMyCommands failed" in check_log(tmp_path / "bot.log")  # and no token, no traceback
    finally:
        if proc is not None:
            await stop(proc, signal.SIGKILL)
        await api.close()


async def test_an_api_down_at_start_is_waited_for(tmp_path: Path) -> None:
    port = free_port()
    api = FakeBotApi(updates_wait=0.1)
    api.port = port  # nothing listens there yet
    proc = None
    try:
        proc = await start_bot(api, tmp_path, str(tmp_path / "run.db"), "bot.log")
        await wait_for_log(tmp_path / "bot.log", "Bot API is unreachable", timeout=60)
        assert proc.returncode is None
        await api.start(port)
        await api.wait_until(lambda: api.calls.count("getUpdates") >= 2, timeout=60)
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        log = check_log(tmp_path / "bot.log")
        assert log.count("Bot API is unreachable") <= 10  # one line per try, backing off
    finally:
        if proc is not None:
            await stop(proc, signal.SIGKILL)
        await api.close()


async def test_sigterm_while_waiting_for_the_api_exits_cleanly(tmp_path: Path) -> None:
    api = FakeBotApi()
    api.port = free_port()
    proc = await start_bot(api, tmp_path, str(tmp_path / "run.db"), "bot.log")
    try:
        await wait_for_log(tmp_path / "bot.log", "Bot API is unreachable", timeout=60)
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        check_log(tmp_path / "bot.log")
    finally:
        await stop(proc, signal.SIGKILL)


async def test_a_rejected_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    api = await FakeBotApi(unauthorized=True).start()
    try:
        proc = await start_bot(api, tmp_path, str(tmp_path / "run.db"), "bot.log")
        assert await asyncio.wait_for(proc.wait(), 60) == 2
        assert "Telegram не принял BOT_TOKEN" in check_log(tmp_path / "bot.log")
    finally:
        await api.close()
