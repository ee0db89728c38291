"""Answers computed from one version of the archive, kept until an article is added or deleted.

Every process reads the archive's version (``Articles.version``: one row, kept by triggers) before it answers
from such a cache, so an article stored by another process (a second webhook instance, the ingest CLI) is seen
at once; within one version a repeated question costs that one read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Version = tuple[int, int]  # (change stamp, article count), as ``Articles.version`` returns it
V = TypeVar("V")


class VersionedCache(Generic[V]):
    """At most ``size`` values, least recently used dropped first, all forgotten when the version changes."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.version: Version | None = None
        self._values: OrderedDict[Hashable, V] = OrderedDict()

    def at(self, version: Version) -> bool:
        """Move to ``version``; True when it is a new one (everything kept so far is forgotten)."""
        if version == self.version:
            return False
        self.version = version
        self._values.clear()
        return True

    def get(self, key: Hashable) -> V | None:
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V, version: Version) -> None:
        """Keep ``value`` if it was computed from the current version (a newer one may have arrived meanwhile)."""
        if version != self.version:
            return
        self._values[key] = value
        self._values.move_to_end(key)
        if len(self._values) > self.size:
            self._values.popitem(last=False)

    def __len__(self) -> int:
        return len(self._values)
