"""A real crash: `python -m bot run` against a slow fake Bot API, SIGKILLed mid-broadcast, then restarted.

Every notification must arrive (at least once); duplicates only for the few messages in flight at the crash.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path

from bot.services.ingest import IngestService, Meta
from storage import open_store
from tests.conftest import make_article
from tests.fake_bot_api import FakeBotApi

CHATS = 30
ARTICLES = 2
TOTAL = CHATS * ARTICLES
KILL_AFTER = 12
MAX_DUPLICATES = 12  # in flight at the crash: concurrency (8) + marks not yet flushed (~0.1 s of sending)
_NUMBER_RE = re.compile(r"номер (\d+)")
TOKEN = "123456:ABC-test-token-for-the-fake-api"


async def prepare(path: str) -> None:
    store = await open_store(path)
    try:
        async with store.transaction() as tx:
            await tx.subscriptions.add_many([(chat, "экология", ("экология",)) for chat in range(1, CHATS + 1)])
        text = "\n".join(
            make_article("2025-09-29", f"Экологический форум номер {n}", f"На форуме {n} говорили об экологии.")
            for n in range(ARTICLES)
        )
        results = await IngestService(store).ingest_text(text, Meta(source="test"))
        assert [r.notified for r in results] == [CHATS] * ARTICLES
    finally:
        await store.close()


async def start_bot(api: FakeBotApi, tmp_path: Path, db_path: str, log_name: str) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": api.base_url,
        "DATABASE_PATH": db_path,
        "SEEDS_DIR": str(tmp_path / "no-seeds"),
        "NOTIFY_RATE": "20",
        "ADMIN_IDS": "",
        "LOG_LEVEL": "INFO",
    }
    log = (tmp_path / log_name).open("wb")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stdout=log, stderr=log
        )
    finally:
        log.close()


async def stop(proc: asyncio.subprocess.Process, sig: int) -> None:
    if proc.returncode is None:
        try:
            proc.send_signal(sig)
        except ProcessLookupError:
            pass
    try:
        await asyncio.wait_for(proc.wait(), 15)
    except TimeoutError:
        proc.kill()
        await proc.wait()


def delivered(api: FakeBotApi) -> Counter[tuple[int, int]]:
    found: Counter[tuple[int, int]] = Counter()
    for message in api.messages:
        match = _NUMBER_RE.search(message.text)
        if match:
            found[(message.chat_id, int(match.group(1)))] += 1
    return found


async def test_sigkill_mid_broadcast_loses_nothing(tmp_path: Path) -> None:
    db_path = str(tmp_path / "news.db")
    await prepare(db_path)
    api = await FakeBotApi(send_delay=0.05).start()
    procs: list[asyncio.subprocess.Process] = []
    try:
        procs.append(await start_bot(api, tmp_path, db_path, "first.log"))
        await api.wait_for_messages(KILL_AFTER, timeout=60)
        await stop(procs[0], signal.SIGKILL)
        assert procs[0].returncode == -signal.SIGKILL
        first_run = len(api.messages)
        assert first_run < TOTAL, "the broadcast finished before the kill; slow the fake API down"

        procs.append(await start_bot(api, tmp_path, db_path, "second.log"))
        await api.wait_until(lambda: len(delivered(api)) >= TOTAL, timeout=60)
        await stop(procs[1], signal.SIGTERM)
        assert procs[1].returncode == 0
    except BaseException:
        for name in ("first.log", "second.log"):
            log = tmp_path / name
            if log.exists():
                print(f"---- {name}\n" + log.read_text(errors="replace")[-3000:])
        raise
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        await api.close()

    counts = delivered(api)
    assert set(counts) == {(chat, n) for chat in range(1, CHATS + 1) for n in range(ARTICLES)}
    duplicates = sum(c - 1 for c in counts.values())
    assert duplicates <= MAX_DUPLICATES
    store = await open_store(db_path)
    try:
        assert await store.reader.outbox.counts() == {"pending": 0, "sent": TOTAL, "failed": 0, "dropped": 0}
    finally:
        await store.close()
