"""A minimal progress line on stderr for long CLI runs (silent when stderr is not a terminal and small jobs)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int | None, label: str, stream: TextIO = sys.stderr, min_total: int = 200) -> None:
        self.total = total
        self.label = label
        self.stream = stream
        self.done = 0
        self.enabled = total is None or total >= min_total
        self._started = time.monotonic()
        self._last_draw = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last_draw >= 0.5 or self.done == self.total):
            self._last_draw = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            width = 30
            filled = int(width * self.done / self.total)
            bar = "#" * filled + "-" * (width - filled)
            eta = (self.total - self.done) / rate if rate else 0
            line = f"\r{self.label} [{bar}] {self.done}/{self.total} {rate:.0f}/s eta {eta:.0f}s"
        else:
            line = f"\r{self.label} {self.done} {rate:.0f}/s"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
