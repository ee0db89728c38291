"""Telegram's broadcast limits as a pure object driven by an explicit clock (so tests can use a fake one).

* global: ``rate`` messages per second (GCRA: a steady pace with a small burst allowance);
* per chat: at most one message per second;
* groups (negative chat ids): additionally at most 20 messages per minute.
"""

from __future__ import annotations

from collections import deque

CHAT_INTERVAL = 1.0
GROUP_WINDOW = 60.0
GROUP_MAX = 20


class RateLimiter:
    def __init__(self, rate: float, burst: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.interval = 1.0 / rate
        self.burst = burst if burst is not None else max(1, int(rate * 0.05))
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
