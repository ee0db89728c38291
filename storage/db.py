"""SQLite connection: WAL, foreign keys, busy timeout, numbered migrations, one writer at a time.

Two aiosqlite connections share one file: ``read`` for queries, ``write`` for transactions. WAL lets readers
run while a transaction is open; an asyncio lock serialises writers inside the process and ``busy_timeout``
makes concurrent processes wait instead of failing.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

BUSY_TIMEOUT_MS = 10_000
_MIGRATION_RE = re.compile(r"^(\d{4})_[\w-]+\.sql$")


class Database:
    def __init__(self, path: str, read: aiosqlite.Connection, write: aiosqlite.Connection) -> None:
        self.path = path
        self.read = read
        self.write = write
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One atomic unit of work: everything inside commits together or not at all."""
        async with self._write_lock:
            await self.write.execute("BEGIN IMMEDIATE")
            try:
                yield self.write
            except BaseException:
                await self.write.rollback()
                raise
            else:
                await self.write.commit()

    async def close(self) -> None:
        await self.read.close()
        await self.write.close()

    async def size_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal"):
            file = Path(self.path + suffix)
            if file.exists():
                total += file.stat().st_size
        return total


async def _open(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA synchronous = NORMAL")
    return conn


async def connect(path: str) -> Database:
    """Open (creating if needed) the archive at ``path`` and bring its schema up to date."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    write = await _open(path)
    await write.execute("PRAGMA journal_mode = WAL")
    await migrate(write)
    read = await _open(path)
    return Database(path, read, write)


def migrations() -> list[tuple[int, str]]:
    """(version, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


async def migrate(conn: aiosqlite.Connection) -> int:
    """Apply every migration newer than ``PRAGMA user_version``; each one atomically. Returns the version."""
    async with conn.execute("PRAGMA user_version") as cur:
        current = (await cur.fetchone())[0]
    for version, sql in migrations():
        if version <= current:
            continue
        await conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
        current = version
    return current
