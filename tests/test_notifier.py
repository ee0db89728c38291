"""Delivery worker: rate limits measured with a fake clock; 429, 403, migrate, timeouts, 5xx scripted."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage

from bot.app import new_bot
from bot.runtime.local_session import LocalSession
from bot.services.ingest import IngestService, Meta
from bot.services.notifier import Notifier
from bot.services.ratelimit import RateLimiter
from bot.services.wakeup import Wakeup
from bot.views.notifications import notification_message
from tests.conftest import make_article

METHOD = SendMessage(chat_id=1, text="x")


class FakeClock:
    """Time that moves only when the worker sleeps."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        for _ in range(3):  # let the sends already started run "now", before time moves on
            await asyncio.sleep(0)
        self.now += max(seconds, 0.0)


class Harness:
    def __init__(self, store, rate: float = 25.0, **kwargs) -> None:
        self.clock = FakeClock()
        self.log: list[tuple[float, int, str]] = []  # (time, chat id, text) of every accepted sendMessage
        self.session = LocalSession(on_request=self._record)
        self.bot = new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", self.session)
        self.store = store
        self.notifier = Notifier(self.bot, store, notification_message, rate=rate, clock=self.clock, sleep=self.clock.sleep, **kwargs)

    def _record(self, method) -> None:
        if isinstance(method, SendMessage):
            self.log.append((self.clock(), int(method.chat_id), method.text))

    def chats(self) -> list[int]:
        return [chat for _, chat, _ in self.log]


async def subscribe(store, chat_ids, words: str = "экология") -> None:
    async with store.transaction() as tx:
        await tx.subscriptions.add_many([(c, words, (words,)) for c in chat_ids])


def eco_article(n: int) -> str:
    return make_article(
        "2025-09-29", f"Экологический форум номер {n}", f"Участники форума {n} обсудили вопросы экологии города."
    )


async def ingest(store, *numbers: int, wakeup: Wakeup | None = None) -> list[int]:
    results = await IngestService(store, wakeup).ingest_text("\n".join(eco_article(n) for n in numbers), Meta(source="test"))
    return [r.article_id for r in results]


async def test_global_rate_is_respected(store) -> None:
    await subscribe(store, range(1, 101))
    await ingest(store, 1)
    h = Harness(store, rate=25)
    report = await h.notifier.deliver_due()
    assert report.sent == 100 and sorted(h.chats()) == list(range(1, 101))
    times = [t for t, _, _ in h.log]
    # no 1-second window holds more than 25 messages
    assert all(times[i + 25] - times[i] >= 1.0 - 1e-9 for i in range(len(times) - 25))
    assert times[-1] - times[0] == pytest.approx(99 / 25, rel=0.02)


async def test_per_chat_and_group_limits(store) -> None:
    await subscribe(store, [7, -100200])
    await ingest(store, *range(25))
    h = Harness(store, rate=1000)
    report = await h.notifier.deliver_due()
    assert report.sent == 50
    private = [t for t, chat, _ in h.log if chat == 7]
    group = [t for t, chat, _ in h.log if chat == -100200]
    assert len(private) == len(group) == 25
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(private, private[1:], strict=False))
    assert all(group[i + 20] - group[i] >= 60.0 - 1e-9 for i in range(len(group) - 20))
    # each chat receives its articles in order
    order = [int(text.split("номер ")[1].split("<")[0]) for _, chat, text in h.log if chat == 7]
    assert order == list(range(25))


async def test_retry_after_pauses_everything_and_resends_the_same_message(store) -> None:
    await subscribe(store, range(1, 21))
    await ingest(store, 1)
    h = Harness(store, rate=1000, concurrency=1)
    h.session.fail_next(TelegramRetryAfter(METHOD, "Too Many Requests: retry after 7", 7), "sendMessage")
    start = h.clock()
    report = await h.notifier.deliver_due()
    assert report.sent == 20 and report.retried == 1
    assert sorted(h.chats()) == list(range(1, 21))  # every message once
    assert h.log[0][1] == 1  # the refused message goes first after the pause
    assert all(t >= start + 7 for t, _, _ in h.log)


async def test_retry_after_with_concurrent_sends(store) -> None:
    await subscribe(store, range(1, 41))
    await ingest(store, 1)
    h = Harness(store, rate=1000, concurrency=8)
    for _ in range(3):
        h.session.fail_next(TelegramRetryAfter(METHOD, "Too Many Requests", 3), "sendMessage")
    await h.notifier.deliver_due()
    assert sorted(h.chats()) == list(range(1, 41))


@pytest.mark.parametrize(
    "error",
    [
        TelegramForbiddenError(METHOD, "Forbidden: bot was blocked by the user"),
        TelegramBadRequest(METHOD, "Bad Request: chat not found"),
        TelegramForbiddenError(METHOD, "Forbidden: user is deactivated"),
    ],
)
async def test_blocked_chat_is_made_inactive_and_its_rows_dropped(store, error) -> None:
    await subscribe(store, [1, 2, 3])
    await ingest(store, 1, 2)
    h = Harness(store, rate=1000)
    h.session.fail_next(error, "sendMessage")  # the first message goes to chat 1
    report = await h.notifier.deliver_due()
    assert report.gone == 1
    assert sorted(h.chats()) == [2, 2, 3, 3]
    assert not await store.reader.subscriptions.is_active(1)
    assert (await store.reader.outbox.counts())["dropped"] == 2
    assert (await store.reader.stats.counts())["inactive_chats"] == 1
    # later articles skip the inactive chat
    results = await IngestService(store).ingest_text(eco_article(3), Meta())
    assert results[0].notified == 2


async def test_migrated_group_gets_the_message_at_its_new_id(store) -> None:
    await subscribe(store, [-200, 5])
    await ingest(store, 1)
    h = Harness(store, rate=1000)
    h.session.fail_next(TelegramMigrateToChat(METHOD, "Bad Request: group chat was upgraded", -100999), "sendMessage")
    report = await h.notifier.deliver_due()
    assert report.migrated == 1
    assert sorted(h.chats()) == [-100999, 5]
    assert [s.words for s in await store.reader.subscriptions.list_for_chat(-100999)] == ["экология"]
    assert await store.reader.subscriptions.list_for_chat(-200) == []
    assert (await IngestService(store).ingest_text(eco_article(2), Meta()))[0].notified == 2


async def test_timeouts_and_5xx_back_off_then_arrive_once(store) -> None:
    await subscribe(store, [1, 2])
    await ingest(store, 1)
    h = Harness(store, rate=1000)
    h.session.fail_next(TelegramNetworkError(METHOD, "Request timeout error"), "sendMessage")
    h.session.fail_next(TelegramServerError(METHOD, "Internal Server Error"), "sendMessage")
    h.session.fail_next(TimeoutError(), "sendMessage")
    start = h.clock()
    report = await h.notifier.deliver_due()
    assert report.sent == 2 and report.backoff == 3 and report.failed == 0
    assert sorted(h.chats()) == [1, 2]
    assert h.clock() - start >= 2.0  # waited for the backoff


class Outage(LocalSession):
    """A Bot API that answers 502 (or drops the connection) until ``until`` on the harness clock."""

    def __init__(self, clock: FakeClock, until: float, error: Exception) -> None:
        super().__init__()
        self.clock, self.until, self.error = clock, until, error
        self.attempts = 0

    async def make_request(self, bot, method, timeout=None):  # type: ignore[override]
        if isinstance(method, SendMessage):
            self.attempts += 1
            if self.clock() < self.until:
                raise self.error
        return await super().make_request(bot, method, timeout)


def outage_harness(store, seconds: float, error: Exception, **kwargs) -> tuple[Harness, Outage]:
    h = Harness(store, rate=1000, **kwargs)
    session = Outage(h.clock, h.clock() + seconds, error)
    h.bot = new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", session)
    h.session = session
    h.notifier = Notifier(h.bot, store, notification_message, rate=1000, clock=h.clock, sleep=h.clock.sleep, **kwargs)
    return h, session


@pytest.mark.parametrize("error", [TelegramServerError(METHOD, "Bad Gateway"),
                                   TelegramNetworkError(METHOD, "Cannot connect to host")])
async def test_an_outage_of_a_minute_loses_nothing(store, error) -> None:
    await subscribe(store, range(1, 41))
    await ingest(store, 1)
    h, api = outage_harness(store, 60.0, error)
    report = await h.notifier.deliver_due(max_seconds=3 * 3600)
    assert report.sent == 40 and report.failed == 0
    assert (await store.reader.outbox.counts())["sent"] == 40
    assert api.attempts < 40 * 12  # backed off, not hammering the API


async def test_transient_failures_give_up_only_after_the_horizon(store) -> None:
    await subscribe(store, [1])
    [article] = await ingest(store, 1)
    h, api = outage_harness(store, 10 * 24 * 3600.0, TelegramServerError(METHOD, "Bad Gateway"), retry_horizon=6 * 3600)
    start = h.clock()
    report = await h.notifier.deliver_due(max_seconds=24 * 3600)
    assert report.failed == 1 and report.sent == 0
    assert 6 * 3600 <= h.clock() - start <= 6 * 3600 + 601  # capped backoff: at most 10 min late
    assert 36 <= api.attempts <= 50  # 2, 4 … 512 s, then every 10 min for six hours
    status, reason = await store.reader.outbox.status(1, article)
    assert status == "failed" and "Bad Gateway" in reason
    assert (await store.reader.stats.counts())["notifications_failed"] == 1


async def test_a_restarted_worker_retries_backed_off_rows_at_once(store) -> None:
    await subscribe(store, [1])
    await ingest(store, 1)
    h, _ = outage_harness(store, 30.0, TelegramNetworkError(METHOD, "Cannot connect to host"))
    await h.notifier.step()  # fails; the row waits for its backoff
    assert await store.reader.outbox.next_due_at() > h.clock()
    worker = Notifier(new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", LocalSession()), store,
                      notification_message, rate=1000, poll_interval=60)
    task = worker.start()
    try:
        for _ in range(200):
            if (await store.reader.outbox.counts())["sent"] == 1:
                break
            await asyncio.sleep(0.01)
        assert (await store.reader.outbox.counts())["sent"] == 1
    finally:
        await worker.stop()
    assert task.done()


async def test_other_bad_request_fails_without_retry(store) -> None:
    await subscribe(store, [1])
    [article] = await ingest(store, 1)
    h = Harness(store, rate=1000)
    h.session.fail_next(TelegramBadRequest(METHOD, "Bad Request: can't parse entities"), "sendMessage")
    await h.notifier.deliver_due()
    assert (await store.reader.outbox.status(1, article))[0] == "failed"


async def test_worker_wakes_when_ingest_enqueues_and_stops_cleanly(store) -> None:
    await subscribe(store, [1])
    session = LocalSession()
    bot = new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", session)
    wakeup = Wakeup()
    notifier = Notifier(bot, store, notification_message, wakeup=wakeup, rate=1000, poll_interval=60)
    task = notifier.start()
    try:
        await asyncio.sleep(0.05)
        await ingest(store, 1, wakeup=wakeup)
        for _ in range(200):
            if session.sent():
                break
            await asyncio.sleep(0.01)
        assert len(session.sent()) == 1  # well before the 60 s poll
    finally:
        await asyncio.wait_for(notifier.stop(), 5)
    assert task.done() and not task.cancelled()
    assert (await store.reader.outbox.counts())["sent"] == 1


def test_rate_limiter_unit() -> None:
    limits = RateLimiter(rate=10, burst=1)
    assert limits.global_delay(0.0) == 0.0
    limits.record(1, 0.0)
    assert limits.global_delay(0.0) == pytest.approx(0.1)
    assert limits.chat_delay(1, 0.5) == pytest.approx(0.5)
    assert limits.chat_delay(2, 0.5) == 0.0
    assert limits.cooling(0.5) == [1] and limits.cooling(1.0) == []
    for n in range(20):
        limits.record(-5, 10.0 + n * 1.0)
    assert limits.chat_delay(-5, 30.0) == pytest.approx(40.0)  # 20 in the last minute: wait for the oldest
