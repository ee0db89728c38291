"""Whether anything was committed to the archive since the last look, without a trip to the reader's thread.

SQLite's ``PRAGMA data_version`` changes whenever another connection, of this process or of another one, commits
to the database. Asked on a connection of its own it answers in microseconds from the write-ahead log's shared
index (no page is read), so the reader asks for the archive's version, a round trip through aiosqlite's thread,
only when something was committed since it last did.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class CommitWatch:
    def __init__(self, path: str) -> None:
        # never reads a table, so it never holds a snapshot; it is used from the event loop's thread only
        self._conn = sqlite3.connect(Path(path).absolute().as_uri(), uri=True, isolation_level=None,
                                     check_same_thread=False)

    def mark(self) -> int:
        """A number that differs from the last one whenever another connection committed in between."""
        return self._conn.execute("PRAGMA data_version").fetchall()[0][0]

    def close(self) -> None:
        self._conn.close()
