"""SQLite connections: WAL, foreign keys, busy timeout, numbered migrations, one writer at a time.

Three connections share one file: queries on the event loop itself (``storage.sqlite.inline``), scans of much of
the archive on an aiosqlite thread, transactions on another. WAL lets readers run while a transaction is open
(so the loop's reads do not wait for writers); an asyncio lock serialises writers inside the process and
``busy_timeout`` makes concurrent processes wait instead of failing.
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources

import aiosqlite

from storage.sqlite.inline import InlineConnection

BUSY_TIMEOUT_MS = 10_000
# what a repository runs its statements on: the writer's and the scans' aiosqlite connections, the inline reader
Connection = aiosqlite.Connection | InlineConnection
INT64_MAX = 2**63 - 1
_MIGRATION_RE = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def fits(*numbers: int) -> bool:
    """Do these numbers fit SQLite's 64-bit integers? (Larger ones make the driver raise OverflowError.)"""
    return all(-INT64_MAX <= n <= INT64_MAX for n in numbers)


async def open_connection(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        await conn.close()  # its thread would keep the process alive
        raise
    return conn


def migrations() -> list[tuple[int, str]]:
    """(version, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("storage.sqlite.migrations").iterdir():
        match = _MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


async def schema_version(conn: aiosqlite.Connection) -> int:
    rows = await conn.execute_fetchall("PRAGMA user_version")
    return rows[0][0]


async def migrate(conn: aiosqlite.Connection) -> int:
    """Apply every migration newer than ``PRAGMA user_version``, one process at a time. Returns the version.

    Each migration runs in its own write transaction that re-reads the version first: processes starting
    together on a new archive queue up on SQLite's write lock (``busy_timeout``), and whoever comes second
    finds the work done instead of failing half-way.
    """
    current = await schema_version(conn)
    for version, sql in migrations():
        if version <= current:
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            current = await schema_version(conn)
            if version > current:
                for statement in statements(sql):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version = {version}")
                current = version
        except BaseException:
            await conn.rollback()
            raise
        await conn.commit()
    return current


def statements(script: str) -> list[str]:
    """The statements of an SQL script, triggers whole (``executescript`` would commit half-way instead)."""
    found: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if _without_comments(pending).strip(" \n\t;"):
                found.append(pending.strip())
            pending = ""
    return found


def _without_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
