"""Several delivery workers on one outbox (both backends): leases, chats kept with one worker, one global rate;
and `python -m bot worker` as a real process."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import signal
import time
from collections import Counter
from pathlib import Path

from aiogram.methods import SendMessage

from bot.app import new_bot
from bot.runtime.local_session import LocalSession
from bot.services.notifier import Notifier
from bot.services.ratelimit import Slots
from bot.views.notifications import notification_message
from tests.bot_processes import bot_env, start, stop, wait_for_log
from tests.recording_bot_api import RecordingBotApi
from tests.test_notifier import ingest, subscribe


class SharedVirtualClock:
    """Time for several workers that moves only when all of them sleep, to the earliest wake-up: what the
    rate limits allow is checked exactly, whatever else the machine is doing."""

    def __init__(self, workers: int) -> None:
        self.now = time.time()
        self.awake = workers
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), wake))
        self.awake -= 1
        self._advance()
        await wake

    def finished(self) -> None:
        self.awake -= 1
        self._advance()

    def _advance(self) -> None:
        asyncio.get_running_loop().call_soon(self._wake_earliest)  # after the tasks already scheduled (sends)

    def _wake_earliest(self) -> None:
        if self.awake == 0 and self._sleepers:
            at, _, wake = heapq.heappop(self._sleepers)
            self.now = max(self.now, at)
            self.awake += 1
            wake.set_result(None)


async def claim(store, worker: str, now: float, lease: float = 10.0, limit: int = 100):
    async with store.transaction() as tx:
        return await tx.outbox.claim(worker, now, lease, limit)


async def test_a_claimed_row_is_nobody_elses_until_its_lease_ends(store) -> None:
    await subscribe(store, [1, 2, 3])
    await ingest(store, 1)
    first = await claim(store, "a", now=100.0, limit=2)
    assert [r.chat_id for r in first] == [1, 2]
    assert [r.chat_id for r in await claim(store, "b", now=105.0)] == [3]  # chats 1 and 2 are a's
    assert await claim(store, "c", now=109.0) == []
    assert await store.reader.outbox.next_due_at() == 110.0
    back = await claim(store, "c", now=110.5)  # a died: its lease ended
    assert [r.chat_id for r in back] == [1, 2]
    assert [r.chat_id for r in await claim(store, "b", now=110.5)] == [3]  # a worker keeps its own rows


async def test_released_rows_are_claimable_at_once_and_sent_ones_keep_their_chat(store) -> None:
    await subscribe(store, [1, 2])
    await ingest(store, 1, 2)
    rows = await claim(store, "a", now=100.0)
    assert sorted((r.chat_id, r.article_id) for r in rows) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    sent = [r for r in rows if r.article_id == 1]
    async with store.transaction() as tx:
        await tx.outbox.mark_sent([r.id for r in sent])
        await tx.outbox.hold("a", [(r.id, 100.5 + (60 if r.chat_id < 0 else 1)) for r in sent])
        await tx.outbox.release("a", [r.id for r in rows if r not in sent])
    assert await claim(store, "b", now=101.0) == []  # both chats got a message from a 0.5 s ago
    assert len(await claim(store, "b", now=101.6)) == 2
    assert (await store.reader.outbox.counts())["sent"] == 2


async def test_the_send_budget_is_one_for_all_workers(store) -> None:
    async with store.transaction() as tx:
        first = await tx.outbox.reserve_sends(1000.0, 5, 0.1)
        second = await tx.outbox.reserve_sends(1000.0, 5, 0.1)  # another worker, same moment
        await tx.outbox.pause_sends(1010.0)
        third = await tx.outbox.reserve_sends(1001.0, 1, 0.1)
    assert (first, second, third) == (1000.0, 1000.5, 1010.0)
    slots = Slots(rate=10, burst=1)
    slots.reserved(second, 5, 1000.0)
    assert [round(slots.take(), 3) for _ in range(5)] == [1000.5, 1000.6, 1000.7, 1000.8, 1000.9]
    slots.reserved(1002.0, 5, 1002.0)
    assert slots.left(1002.0) == 5
    assert slots.left(1002.25) == 3  # 1002.0 and 1002.1 lapsed unused: spending them now would burst
    assert round(slots.take(), 3) == 1002.2


async def test_two_workers_deliver_once_within_one_global_rate_and_each_chat_pace(store) -> None:
    rate = 50.0
    await subscribe(store, range(1, 101))
    await subscribe(store, [1007, 1008], words="форум")  # two more chats that get every article
    await ingest(store, 1, 2, 3)
    log: list[tuple[float, int, str]] = []
    clock = SharedVirtualClock(workers=2)

    def record(method) -> None:
        if isinstance(method, SendMessage):
            log.append((clock(), int(method.chat_id), method.text))

    async def deliver(worker: Notifier):
        try:
            return await worker.deliver_due(max_seconds=30)
        finally:
            clock.finished()

    workers = [
        Notifier(new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", LocalSession(on_request=record)), store,
                 notification_message, rate=rate, worker=name, lease=5.0, clock=clock, sleep=clock.sleep)
        for name in ("w1", "w2")
    ]
    reports = await asyncio.wait_for(asyncio.gather(*(deliver(w) for w in workers)), 60)
    assert all(r.sent > 0 for r in reports)  # both did a share
    counts = Counter((chat, text) for _, chat, text in log)
    assert len(counts) == 100 * 3 + 2 * 3 and set(counts.values()) == {1}
    times = sorted(t for t, _, _ in log)
    burst = max(1, int(rate * 0.05))
    window = int(rate) + burst
    assert all(times[i + window] - times[i] >= 1.0 - 1e-6 for i in range(len(times) - window))
    for chat in (1007, 1008):
        mine = sorted(t for t, c, _ in log if c == chat)
        assert all(b - a >= 1.0 - 1e-6 for a, b in zip(mine, mine[1:], strict=False))
    assert (await store.reader.outbox.counts())["sent"] == len(log)


async def test_worker_process_delivers_and_stops_on_sigterm(tmp_path: Path, settings, store) -> None:
    await subscribe(store, range(1, 31))
    await ingest(store, 1)
    api = await RecordingBotApi().start()
    env = bot_env(api.base_url, tmp_path, DATABASE_PATH=settings.database_path, NOTIFY_RATE="100")
    if settings.database_url is not None:
        env["DATABASE_URL"] = settings.database
    log = tmp_path / "worker.log"
    proc = await start("worker", env, log)
    try:
        await wait_for_log(log, "worker delivering", proc)
        await api.wait_until(lambda: len(api.sent()) >= 30, timeout=60)
        assert await stop(proc, signal.SIGTERM) == 0
        assert sorted(c.chat_id for c in api.sent()) == list(range(1, 31))
        assert (await store.reader.outbox.counts())["sent"] == 30
        assert "Traceback" not in log.read_text(errors="replace")
    finally:
        await stop(proc, signal.SIGKILL)
        await api.close()
