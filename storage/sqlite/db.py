"""SQLite connections: WAL, foreign keys, busy timeout, numbered migrations, one writer at a time.

Two aiosqlite connections share one file: one for queries, one for transactions. WAL lets readers run while a
transaction is open; an asyncio lock serialises writers inside the process and ``busy_timeout`` makes
concurrent processes wait instead of failing.
"""

from __future__ import annotations

import re
from importlib import resources

import aiosqlite

BUSY_TIMEOUT_MS = 10_000
INT64_MAX = 2**63 - 1
_MIGRATION_RE = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def fits(*numbers: int) -> bool:
    """Do these numbers fit SQLite's 64-bit integers? (Larger ones make the driver raise OverflowError.)"""
    return all(-INT64_MAX <= n <= INT64_MAX for n in numbers)


async def open_connection(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def migrations() -> list[tuple[int, str]]:
    """(version, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("storage.sqlite.migrations").iterdir():
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
