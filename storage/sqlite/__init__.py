"""The SQLite backend: one archive file, WAL, FTS5 over lemmas."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.repositories import Repositories, StorageUnavailable, Store
from storage.sqlite.articles import SqliteArticles
from storage.sqlite.audit import SqliteAudit
from storage.sqlite.callback_args import SqliteCallbackArgs
from storage.sqlite.changes import CommitWatch
from storage.sqlite.db import BUSY_TIMEOUT_MS, Connection, migrate, open_connection
from storage.sqlite.index import SqliteLemmaIndex
from storage.sqlite.inline import InlineConnection
from storage.sqlite.key_terms import SqliteKeyTerms
from storage.sqlite.outbox import SqliteOutbox
from storage.sqlite.quotes import SqliteQuotes
from storage.sqlite.stats import SqliteStats
from storage.sqlite.subscriptions import SqliteSubscriptions


class SqliteRepositories(Repositories):
    """``scans`` runs the statements that may read much of the archive (``conn`` itself when not given)."""

    def __init__(
        self, conn: Connection, watch: CommitWatch | None = None, scans: aiosqlite.Connection | None = None
    ) -> None:
        self.conn = conn
        self.scans: Connection = scans or conn
        self.articles = SqliteArticles(conn, watch)
        self.index = SqliteLemmaIndex(conn, self.scans)
        self.quotes = SqliteQuotes(conn)
        self.key_terms = SqliteKeyTerms(conn, self.scans)
        self.subscriptions = SqliteSubscriptions(conn)
        self.outbox = SqliteOutbox(conn)
        self.audit = SqliteAudit(conn)
        self.callback_args = SqliteCallbackArgs(conn)
        self.stats = SqliteStats(conn)


class SqliteStore(Store):
    def __init__(
        self, path: str, read: Connection, scans: aiosqlite.Connection, write: aiosqlite.Connection,
        watch: CommitWatch | None = None,
    ) -> None:
        self.location = path
        self._watch = watch
        self.reader = SqliteRepositories(read, watch, scans)
        self._writer = SqliteRepositories(write)
        self._write = write
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteRepositories]:
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._write.rollback()
                raise
            else:
                await self._write.commit()

    async def close(self) -> None:
        await self.reader.conn.close()
        if self.reader.scans is not self.reader.conn:
            await self.reader.scans.close()
        await self._write.close()
        if self._watch is not None:
            self._watch.close()

    async def size_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal"):
            file = Path(self.location + suffix)
            if file.exists():
                total += file.stat().st_size
        return total

    async def checkpoint(self) -> None:
        """Fold the write-ahead log back into the database file."""
        await self._write.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _probe(path: str) -> None:
    """Fail early, in plain sqlite3, on a path that is no usable database (a folder, another file, no rights):
    a failing aiosqlite connect can leave its worker thread reporting to an event loop that is gone."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA schema_version")
    finally:
        conn.close()


async def open_sqlite(path: str) -> SqliteStore:
    """Open (creating if needed) the archive at ``path`` and bring its schema up to date."""
    try:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            await asyncio.to_thread(_probe, path)
        write = await open_connection(path)
    except (OSError, sqlite3.Error) as exc:
        raise StorageUnavailable(f"{path}: {exc}") from exc
    scans: aiosqlite.Connection | None = None
    try:
        await write.execute("PRAGMA journal_mode = WAL")
        await migrate(write)
        scans = await open_connection(path)
        read: Connection = scans if path == ":memory:" else InlineConnection.open(path, BUSY_TIMEOUT_MS)
        watch = CommitWatch(path) if path != ":memory:" else None
    except BaseException as exc:
        for conn in (scans, write):  # an open aiosqlite connection would keep the process alive after the error
            if conn is not None:
                await conn.close()
        if isinstance(exc, sqlite3.Error):
            raise StorageUnavailable(f"{path}: {exc}") from exc
        raise
    return SqliteStore(path, read, scans, write, watch)
