"""PostgreSQL connections: an asyncpg pool, numbered migrations under an advisory lock, one writer at a time.

Reads go to the pool. A write transaction first takes a transaction-level advisory lock (``WRITE_LOCK``), so the
services' read-then-write units (an article with its speakers, a subscription under the per-chat cap, a claim on
the outbox) run one at a time across every process, as SQLite's write lock runs them; reads never wait for it.
"""

from __future__ import annotations

import re
import socket
from importlib import resources
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.repositories import StorageUnavailable

Db = asyncpg.Pool | asyncpg.Connection  # the pool for reads, one connection inside a transaction
MIGRATION_LOCK = 0x6E657773_0001  # advisory lock keys ("news" + a number)
WRITE_LOCK = 0x6E657773_0002
CONNECT_TIMEOUT_S = 10.0
POOL_SIZE = 10
# the lemma index's own pool (PgLemmaIndex): a search holds one connection for a few short reads, so a few serve
# sixteen updates in flight, and a process holds at most POOL_SIZE + INDEX_POOL_SIZE connections
INDEX_POOL_SIZE = 4
INT64_MAX = 2**63 - 1
_MIGRATION_RE = re.compile(r"^(\d{4})_[\w-]+\.sql$")


async def keep_session(conn: asyncpg.Connection) -> None:
    """The pools' release step: nothing to send. asyncpg's default reset (advisory locks, cursors, LISTEN,
    session settings) is a round trip per released connection, about two per update; the store leaves none of
    that behind (settings are fixed when a connection opens, advisory locks are per transaction or released by
    ``migrate``), and asyncpg itself still rolls back a transaction left open."""


def fits(*numbers: int) -> bool:
    """Do these numbers fit a BIGINT? (Larger ones make the driver raise instead of finding nothing.)"""
    return all(-INT64_MAX <= n <= INT64_MAX for n in numbers)


def clean(text: str) -> str:
    """Text as PostgreSQL can store it: no NUL characters."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def row_count(status: str) -> int:
    """Rows touched, from a command status such as ``INSERT 0 3`` or ``UPDATE 2``."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def redacted(url: str) -> str:
    """The database URL without its password, for logs and messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc}" if user else netloc))


def migrations() -> list[tuple[int, str]]:
    """(version, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("storage.postgres.migrations").iterdir():
        match = _MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


async def migrate(conn: asyncpg.Connection) -> int:
    """Apply every migration not applied yet, each in its own transaction, one process at a time (a session
    advisory lock: instances starting together wait, and the second finds the work done). Returns the version."""
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")
        for version, sql in migrations():
            if version <= current:
                continue
            async with conn.transaction():
                await conn.execute(sql)
                await conn.execute("INSERT INTO schema_migrations (version) VALUES ($1)", version)
            current = version
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
    return current


def unavailable(url: str, exc: BaseException) -> StorageUnavailable:
    """A StorageUnavailable whose message says in Russian why the server could not be used."""
    reason = _reason(exc)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StorageUnavailable(f"{redacted(url)}: {reason} ({detail})")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return "сервер не принял имя пользователя или пароль"
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return "такой базы данных на сервере нет"
    if isinstance(exc, TimeoutError):
        return f"сервер не ответил за {CONNECT_TIMEOUT_S:.0f} с"
    if isinstance(exc, socket.gaierror):
        return "не удалось найти сервер по имени"
    if isinstance(exc, OSError):
        return "сервер PostgreSQL недоступен"
    if isinstance(exc, ValueError):
        return "адрес базы данных не разобрать"
    return "сервер PostgreSQL отказал"
