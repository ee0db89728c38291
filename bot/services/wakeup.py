"""A wake-up call from the code that enqueues notifications to the worker that delivers them.

One object is made at start-up and passed to both sides: ingest calls ``notify()`` after it committed new
outbox rows, the notifier waits on it instead of polling.
"""

from __future__ import annotations

from collections.abc import Callable


class Wakeup:
    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def notify(self) -> None:
        for callback in list(self._listeners):
            callback()
