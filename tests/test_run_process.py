"""The real `python -m bot run` process: a failing setMyCommands is not fatal, SIGTERM/SIGINT stop it cleanly."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.fake_bot_api import FakeBotApi
from tests.test_crash_delivery import start_bot, stop


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_polling_survives_a_menu_failure_and_stops_cleanly(tmp_path: Path, sig: int) -> None:
    api = await FakeBotApi(updates_wait=0.1, failing=frozenset({"setMyCommands"})).start()
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
        log = (tmp_path / "bot.log").read_text(errors="replace")
        assert "setMyCommands failed" in log
        assert "123456:ABC-test-token" not in log  # the token is never logged
    finally:
        if proc is not None:
            await stop(proc, signal.SIGKILL)
        await api.close()
