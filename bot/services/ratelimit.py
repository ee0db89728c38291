"""Telegram's broadcast limits as pure objects driven by an explicit clock (so tests can use a fake one).

* global: ``rate`` messages per second (GCRA: a steady pace with a small burst allowance);
* per chat: at most one message per second;
* groups (negative chat ids): additionally at most 20 messages per minute.

With several delivery workers the global rate is one budget in the database: the store keeps the GCRA's
theoretical arrival time, each worker reserves a few consecutive slots at a time (``Slots``) and spends them in
order. So the rate holds for all workers together whatever their number, needs no setting per worker, and a
stopped worker's share is not lost. Per-chat limits stay in each worker's ``RateLimiter``: a chat is served by one
worker at a time (the outbox lease keeps it with the worker that last wrote to it for ``hold_seconds``).
"""

from __future__ import annotations

import math
from collections import deque

CHAT_INTERVAL = 1.0
GROUP_WINDOW = 60.0
GROUP_MAX = 20
CHUNK_SECONDS = 0.2  # a worker reserves this much of the global rate per round trip to the database


def default_burst(rate: float) -> int:
    return max(1, int(rate * 0.05))


def hold_seconds(chat_id: int) -> float:
    """How long a chat stays with the worker that wrote to it, so that its limit holds across workers."""
    return GROUP_WINDOW if chat_id < 0 else CHAT_INTERVAL


class RateLimiter:
    def __init__(self, rate: float, burst: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.interval = 1.0 / rate
        self.burst = burst if burst is not None else default_burst(rate)
        self._tat = 0.0  # theoretical arrival time of the next message (GCRA)
        self._last: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}

    def global_delay(self, now: float) -> float:
        """Seconds to wait before the next message may go out (0 when it may go now)."""
        tolerance = (self.burst - 1) * self.interval
        return max(0.0, self._tat - tolerance - now)

    def chat_delay(self, chat_id: int, now: float) -> float:
        wait = 0.0
        last = self._last.get(chat_id)
        if last is not None:
            wait = last + CHAT_INTERVAL - now
        times = self._groups.get(chat_id)
        if chat_id < 0 and times is not None and len(times) >= GROUP_MAX:
            wait = max(wait, times[0] + GROUP_WINDOW - now)
        return max(0.0, wait)

    def record(self, chat_id: int, now: float) -> None:
        """A message to ``chat_id`` goes out at ``now``."""
        self._tat = max(self._tat, now) + self.interval
        self._last[chat_id] = now
        if chat_id < 0:
            times = self._groups.setdefault(chat_id, deque(maxlen=GROUP_MAX))
            times.append(now)

    def cooling(self, now: float) -> list[int]:
        """Chats that may not receive a message at ``now``; forgets chats that are free again."""
        busy = []
        for chat_id in list(self._last):
            if self.chat_delay(chat_id, now) > 0:
                busy.append(chat_id)
            else:
                self._last.pop(chat_id, None)
                times = self._groups.get(chat_id)
                if times is not None and (not times or times[-1] + GROUP_WINDOW <= now):
                    self._groups.pop(chat_id, None)
        return busy

    def next_free(self, chat_ids: list[int], now: float) -> float:
        """Earliest moment one of ``chat_ids`` may receive a message again."""
        return min((now + self.chat_delay(c, now) for c in chat_ids), default=now)


class Slots:
    """This worker's reserved slots of the shared global rate, spent in order.

    ``reserved(base, count, now)`` records ``count`` slots the store handed out from ``base``; slot j may be used
    at ``base + j / rate`` less the burst tolerance (GCRA), never before the moment it was reserved, and lapses
    when left unused for more than one interval past it.
    """

    def __init__(self, rate: float, burst: int | None = None) -> None:
        self.interval = 1.0 / rate
        self.tolerance = ((burst if burst is not None else default_burst(rate)) - 1) * self.interval
        self.chunk = max(1, int(rate * CHUNK_SECONDS))
        self._base = self._floor = 0.0
        self._used = self._count = 0

    def left(self, now: float) -> int:
        """Slots still to spend; those whose moment passed more than one interval ago lapse unused (spending
        them late would send faster than the rate)."""
        lapsed = math.ceil((now - self.interval - self._base) / self.interval)
        self._used = min(self._count, max(self._used, lapsed))
        return self._count - self._used

    def reserved(self, base: float, count: int, now: float) -> None:
        self._base, self._floor, self._used, self._count = base, now, 0, count

    def take(self) -> float:
        """When the next reserved slot may be used (it is spent)."""
        at = max(self._floor, self._base + self._used * self.interval - self.tolerance)
        self._used += 1
        return at
