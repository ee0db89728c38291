"""A read-only SQLite connection that runs its statements on the event loop's own thread.

The bot's reads are indexed and bounded (a page, an article, a speaker's quotes, at most a thousand FTS matches
ranked): SQLite answers them in tens to hundreds of microseconds. Sent to aiosqlite's thread, each one also
costs two thread wake-ups, a future and the hand-over of the GIL both ways, and under load the two threads took
turns rather than overlapping (measured: one process handled as many updates/s with one update in flight as
with sixteen). Here a statement runs where it is awaited, and the coroutine then yields once, so a long chain
of reads still lets other updates through. Statements that scan the archive (a chart's matches per day, a
topic's source sentences) stay on an aiosqlite connection (``SqliteRepositories.scans``).

Only the part of aiosqlite's interface the read repositories and the tests use is offered.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Generator, Sequence
from types import TracebackType
from typing import Any


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def fetchone(self) -> sqlite3.Row | None:
        return self._cursor.fetchone()

    async def fetchall(self) -> list[sqlite3.Row]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._cursor.close()


class _Executed:
    """``await conn.execute(...)`` or ``async with conn.execute(...) as cursor``, as with aiosqlite."""

    def __init__(self, run: Any) -> None:
        self._run = run
        self._cursor: InlineCursor | None = None

    async def _open(self) -> InlineCursor:
        self._cursor = InlineCursor(self._run())
        await asyncio.sleep(0)
        return self._cursor

    def __await__(self) -> Generator[Any, None, InlineCursor]:
        return self._open().__await__()

    async def __aenter__(self) -> InlineCursor:
        return await self._open()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._cursor is not None:
            await self._cursor.close()


class InlineConnection:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, path: str, busy_timeout_ms: int) -> InlineConnection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    async def execute_fetchall(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        rows = self._conn.execute(sql, parameters).fetchall()
        await asyncio.sleep(0)  # one turn for the other tasks
        return rows

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> _Executed:
        return _Executed(lambda: self._conn.execute(sql, parameters))

    @property
    def total_changes(self) -> int:
        return self._conn.total_changes

    async def close(self) -> None:
        self._conn.close()
