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


async def test_gives_up_after_bounded_attempts_with_a_reason(store) -> None:
    await subscribe(store, [1])
    [article] = await ingest(store, 1)
    h = Harness(store, rate=1000, max_attempts=3)
    for _ in range(3):
        h.session.fail_next(TelegramServerError(METHOD, "Bad Gateway"), "sendMessage")
    report = await h.notifier.deliver_due()
    assert report.failed == 1 and report.backoff == 2 and report.sent == 0
    status, reason = await store.reader.outbox.status(1, article)
    assert status == "failed" and "Bad Gateway" in reason
    assert (await store.reader.stats.counts())["notifications_failed"] == 1


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
