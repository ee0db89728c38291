"""Outbox delivery worker: sends pending notifications within Telegram's limits, survives 429/403/restarts.

``Notifier.run()`` is the loop started by ``python -m bot run`` and ``python -m bot worker``; ``step()`` sends one
batch and ``deliver_due()`` runs batches until nothing is pending (tests and benchmarks). Time comes from an
injectable ``clock``/``sleep`` pair, so the rate limits can be checked with a fake clock.

Several workers share one outbox: each step claims a batch with a lease (``worker`` names the claimant), renews it
while it sends and gives back what it did not send; the global rate is a budget in the store (see
``bot.services.ratelimit``). Guarantees: a row is marked sent only after Telegram accepted the message; a crash
leaves unconfirmed rows pending under their lease, so they are sent again when it ends (at once by a restarted
``run``, which keeps its worker name): at least once, duplicates only for messages in flight.
Transient failures (network, 5xx, timeouts) are retried with a capped exponential backoff for ``retry_horizon``
seconds from the first failure; only permanent ones (the chat is gone, a bad request) fail at once. A restart
retries every pending row at once.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup

from bot.news.records import Notification
from bot.services.digests import DigestService
from bot.services.ratelimit import RateLimiter, Slots, hold_seconds
from bot.services.wakeup import Wakeup
from storage import Store

log = logging.getLogger(__name__)

Render = Callable[[Notification], tuple[str, InlineKeyboardMarkup | None]]
# TelegramBadRequest texts that mean the chat will never accept messages again.
GONE_MARKERS = ("chat not found", "user is deactivated", "bot was kicked", "bot was blocked",
                "have no rights to send", "not enough rights", "group chat was deactivated", "peer_id_invalid")
RUN_WORKER = f"run@{socket.gethostname()}"  # the single-process bot: a restart takes its own leased rows back
HELD_RETRY = 0.25  # due rows of chats another worker holds: look again after this long


@dataclass(slots=True)
class Outcome:
    kind: str  # sent | retry_after | gone | migrated | backoff | failed
    row: Notification
    reason: str = ""
    seconds: float = 0.0
    new_chat_id: int = 0
    at: float = 0.0  # when it was sent


@dataclass(slots=True)
class Report:
    sent: int = 0
    retried: int = 0  # 429: paused and resent
    backoff: int = 0  # network / 5xx: rescheduled
    failed: int = 0
    gone: int = 0  # chats made inactive
    migrated: int = 0
    seconds: float = 0.0

    def add(self, other: Report) -> None:
        for name in ("sent", "retried", "backoff", "failed", "gone", "migrated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def handled(self) -> int:
        return self.sent + self.backoff + self.failed + self.gone + self.migrated


class Notifier:
    def __init__(
        self,
        bot: Bot,
        store: Store,
        render: Render,
        *,
        wakeup: Wakeup | None = None,
        digests: DigestService | None = None,
        rate: float = 25.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        batch_size: int = 200,
        concurrency: int = 8,
        retry_horizon: float = 24 * 3600.0,
        backoff_base: float = 2.0,
        backoff_max: float = 600.0,
        poll_interval: float = 5.0,
        flush_every: int = 20,
        flush_interval: float = 0.1,
        worker: str = RUN_WORKER,
        lease: float = 30.0,
    ) -> None:
        self.bot, self.store, self.render, self.wakeup, self.digests = bot, store, render, wakeup, digests
        self.limits = RateLimiter(rate)
        self.slots = Slots(rate)
        self.worker, self.lease = worker, lease
        self.claim_size = max(1, min(batch_size, int(rate * lease / 4)))  # sent well within one lease
        self.clock = clock
        self.sleep = sleep or self._sleep
        self.batch_size, self.concurrency = batch_size, concurrency
        self.retry_horizon, self.backoff_base, self.backoff_max = retry_horizon, backoff_base, backoff_max
        self.poll_interval, self.flush_every, self.flush_interval = poll_interval, flush_every, flush_interval
        self._flushed_at = 0.0
        self.paused_until = 0.0
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._outcomes: list[Outcome] = []
        self._report = Report()
        self._held: set[int] = set()  # claimed rows of this step not finished yet
        self._lease_ends = 0.0
        self._claimed = 0  # rows the last step claimed

    # ---- lifecycle -----------------------------------------------------------------------------------------

    def wake(self) -> None:
        """New rows were enqueued (ingest calls this through the shared Wakeup)."""
        self._wake.set()

    def start(self) -> asyncio.Task[None]:
        if self.wakeup is not None:
            self.wakeup.subscribe(self.wake)
        self._task = asyncio.create_task(self.run(), name="notifier")
        return self._task

    async def stop(self, timeout: float = 10.0) -> None:
        """Finish the messages in flight, record their outcome, stop. Unsent rows stay pending."""
        if self.wakeup is not None:
            self.wakeup.unsubscribe(self.wake)
        self._stop.set()
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._task = None

    async def run(self) -> None:
        async with self.store.transaction() as tx:
            resumed = await tx.outbox.resume()
        log.info("notifier %s started (%.0f msg/s for all workers, %d pending rows due now)",
                 self.worker, self.limits.rate, resumed)
        while not self._stop.is_set():
            try:
                self._wake.clear()  # before reading the outbox: an enqueue from now on wakes the next idle
                if self.digests is not None:
                    await self.digests.enqueue_due(self.clock())  # the digests due now join the outbox
                report = await self.step()
                if report.handled >= self.batch_size or self._stop.is_set():
                    continue
                await self._idle(await self._next_wait())
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the worker must outlive a bad batch (e.g. a locked database)
                log.exception("notifier step failed; retrying shortly")
                await self._sleep(min(self.poll_interval, 2.0))
        log.info("notifier stopped")

    async def _next_wait(self) -> float:
        now = self.clock()
        due_at = await self.store.reader.outbox.next_due_at()
        wake_at = self._wake_at(now, due_at)
        if due_at is not None and due_at <= now and not self._claimed:
            wake_at = max(wake_at, now + HELD_RETRY)  # due, but its chat is another worker's for now
        if self.digests is not None and (digest_due := await self.digests.next_due()) is not None:
            wake_at = min(wake_at, max(digest_due, now))
        return min(self.poll_interval, max(0.01, wake_at - now))

    def _wake_at(self, now: float, due_at: float | None) -> float:
        """When the next pending row may go out: its backoff, a flood-wait pause, or its chat's pace."""
        if due_at is None:
            return now + self.poll_interval
        wake_at = max(due_at, self.paused_until)
        if due_at <= now:
            cooling = self.limits.cooling(now)
            if cooling:
                wake_at = max(wake_at, self.limits.next_free(cooling, now))
        return wake_at

    async def _idle(self, seconds: float) -> None:
        """Wait ``seconds``, or less when ingest enqueues something or the worker is stopped."""
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except TimeoutError:
            pass

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except TimeoutError:
            pass

    # ---- one batch ------------------------------------------------------------------------------------------

    async def deliver_due(self, max_seconds: float = 3600.0) -> Report:
        """Run batches (sleeping through rate limits and backoff) until no row is pending. For tests/bench."""
        total = Report()
        start = self.clock()
        while self.clock() - start < max_seconds and not self._stop.is_set():
            report = await self.step()
            total.add(report)
            if report.handled:
                continue
            due_at = await self.store.reader.outbox.next_due_at()
            if due_at is None:
                break
            now = self.clock()
            await self.sleep(max(self._wake_at(now, due_at) - now, 0.001))
        total.seconds = self.clock() - start
        return total

    async def step(self) -> Report:
        """Claim due rows, send those the limits allow now (each chat at most once), record outcomes, give the
        rest back; log one line."""
        started = self.clock()
        self._report = Report()
        async with self.store.transaction() as tx:
            rows = await tx.outbox.claim(
                self.worker, started, self.lease, self.claim_size, self.limits.cooling(started)
            )
        self._claimed = len(rows)
        if not rows:
            return self._report
        self._held, self._lease_ends = {row.id for row in rows}, started + self.lease
        try:
            await self._send_claimed(rows)
        finally:
            await self._release()
        self._report.seconds = self.clock() - started
        r = self._report
        log.info(
            "notifier batch: %d sent, %d retried after 429, %d rescheduled, %d failed, %d chats gone,"
            " %d migrated in %.2fs", r.sent, r.retried, r.backoff, r.failed, r.gone, r.migrated, r.seconds,
        )
        return r

    async def _send_claimed(self, rows: list[Notification]) -> None:
        todo: deque[Notification] = deque(rows)
        running: set[asyncio.Task[Outcome]] = set()
        in_step: set[int] = set()  # chats that got (or skip) their one message of this batch
        retrying: set[int] = set()  # rows answered with 429, resent after the pause
        while todo or running:
            if todo and len(running) < self.concurrency and not self._stop.is_set():
                row = todo.popleft()
                if row.id in retrying:
                    await self._gate(len(todo) + 1)  # the flood-wait pause first, then this chat's own pace
                    wait = self.limits.chat_delay(row.chat_id, self.clock())
                    if wait > 0:
                        await self._wait(wait)
                elif row.chat_id in in_step or self.limits.chat_delay(row.chat_id, self.clock()) > 0:
                    in_step.add(row.chat_id)  # one message per chat per batch keeps each chat's order
                    continue
                in_step.add(row.chat_id)
                await self._gate(len(todo) + 1)
                if self._stop.is_set():
                    todo.clear()  # stopping: finish what is in flight, give the rest back
                    continue
                now = self.clock()
                self.limits.record(row.chat_id, now)
                running.add(asyncio.create_task(self._send(row, now)))
                continue
            if not running:
                break
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                outcome = task.result()
                if outcome.kind == "retry_after":
                    self.paused_until = max(self.paused_until, self.clock() + outcome.seconds)
                    async with self.store.transaction() as tx:
                        await tx.outbox.pause_sends(self.paused_until)  # every worker waits
                    self._report.retried += 1
                    retrying.add(outcome.row.id)
                    todo.appendleft(outcome.row)  # the same message again, after the pause
                else:
                    self._outcomes.append(outcome)
            if len(self._outcomes) >= self.flush_every or self.clock() - self._flushed_at >= self.flush_interval:
                await self._flush()  # often enough that a crash resends only a handful
        await self._flush()

    async def _gate(self, wanted: int) -> None:
        """Wait out a flood-wait pause, this worker's pace and its next slot of the rate all workers share
        (reserving up to ``wanted`` slots when none is left)."""
        now = self.clock()
        if not self.slots.left(now):
            count = min(self.slots.chunk, max(wanted, 1))
            async with self.store.transaction() as tx:
                base = await tx.outbox.reserve_sends(now, count, self.slots.interval)
            self.slots.reserved(base, count, now)
        slot = self.slots.take()
        while True:
            now = self.clock()
            wait = max(self.paused_until - now, self.limits.global_delay(now), slot - now)
            if wait <= 0 or self._stop.is_set():
                return
            await self._wait(wait)

    async def _wait(self, seconds: float) -> None:
        """Sleep, renewing the lease of the claimed rows when the sleep would outlast half of it."""
        end = self.clock() + seconds
        while (left := end - self.clock()) > 0 and not self._stop.is_set():
            await self._keep_lease()
            await self.sleep(min(left, self.lease / 4))

    async def _keep_lease(self) -> None:
        now = self.clock()
        if self._held and now > self._lease_ends - self.lease / 2:
            self._lease_ends = now + self.lease
            async with self.store.transaction() as tx:
                await tx.outbox.extend(self.worker, sorted(self._held), self._lease_ends)

    async def _release(self) -> None:
        """Give back the claimed rows this step did not finish: due again for every worker."""
        held, self._held = sorted(self._held), set()
        if held:
            async with self.store.transaction() as tx:
                await tx.outbox.release(self.worker, held)

    async def _send(self, row: Notification, at: float) -> Outcome:
        outcome = await self._attempt(row)
        outcome.at = at
        return outcome

    async def _attempt(self, row: Notification) -> Outcome:
        try:
            text, keyboard = self.render(row)
            await self.bot.send_message(chat_id=row.chat_id, text=text, reply_markup=keyboard)
        except TelegramRetryAfter as exc:
            return Outcome("retry_after", row, str(exc.message), seconds=float(exc.retry_after))
        except TelegramMigrateToChat as exc:
            return Outcome("migrated", row, "migrated", new_chat_id=exc.migrate_to_chat_id)
        except TelegramForbiddenError as exc:
            return Outcome("gone", row, exc.message)
        except (TelegramBadRequest, TelegramNotFound) as exc:
            if any(marker in exc.message.lower() for marker in GONE_MARKERS):
                return Outcome("gone", row, exc.message)
            return Outcome("failed", row, f"bad request: {exc.message}")
        except (TelegramNetworkError, TelegramServerError, TimeoutError, OSError) as exc:
            return Outcome("backoff", row, f"{type(exc).__name__}: {exc}")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - an unknown error is retried like a network one
            log.warning("unexpected error sending notification %s", row.id, exc_info=True)
            return Outcome("backoff", row, f"{type(exc).__name__}: {exc}")
        return Outcome("sent", row)

    async def _flush(self) -> None:
        """Record the outcomes so far in one transaction."""
        if not self._outcomes:
            return
        outcomes, self._outcomes = self._outcomes, []
        now = self._flushed_at = self.clock()
        r = self._report
        self._held.difference_update(o.row.id for o in outcomes)
        async with self.store.transaction() as tx:
            sent = [o for o in outcomes if o.kind == "sent"]
            await tx.outbox.mark_sent([o.row.id for o in sent])
            await tx.outbox.hold(self.worker, [(o.row.id, o.at + hold_seconds(o.row.chat_id)) for o in sent])
            r.sent += len(sent)
            for o in outcomes:
                if o.kind == "gone":
                    await tx.subscriptions.set_inactive(o.row.chat_id, o.reason)
                    await tx.outbox.drop_chat(o.row.chat_id, o.reason)
                    r.gone += 1
                elif o.kind == "migrated":
                    await tx.subscriptions.move_chat(o.row.chat_id, o.new_chat_id)
                    await tx.outbox.move_chat(o.row.chat_id, o.new_chat_id)
                    r.migrated += 1
                elif o.kind == "failed":
                    await tx.outbox.mark_failed(o.row.id, o.reason)
                    r.failed += 1
                elif o.kind == "backoff":
                    first = o.row.first_failed_at if o.row.first_failed_at is not None else now
                    if now - first >= self.retry_horizon:
                        await tx.outbox.mark_failed(o.row.id, f"{o.reason} (retried for {now - first:.0f} s)")
                        r.failed += 1
                    else:
                        delay = min(self.backoff_base * 2 ** min(o.row.attempts, 30), self.backoff_max)
                        await tx.outbox.retry_later(o.row.id, now + delay, o.reason, first)
                        r.backoff += 1
        for o in outcomes:
            if o.kind in ("gone", "failed", "migrated"):
                log.warning("notification %d to chat %d: %s %s", o.row.id, o.row.chat_id, o.kind, o.reason)
        await self._keep_lease()
