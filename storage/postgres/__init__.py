"""The PostgreSQL backend: an asyncpg pool shared by several processes, a tsvector index over lemmas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from storage.postgres.articles import PgArticles
from storage.postgres.audit import PgAudit
from storage.postgres.callback_args import PgCallbackArgs
from storage.postgres.db import (
    CONNECT_TIMEOUT_S,
    INDEX_POOL_SIZE,
    POOL_SIZE,
    WRITE_LOCK,
    Db,
    keep_session,
    migrate,
    redacted,
    unavailable,
)
from storage.postgres.index import BY_INDEX_SETTINGS, PgLemmaIndex
from storage.postgres.key_terms import PgKeyTerms
from storage.postgres.outbox import PgOutbox
from storage.postgres.quotes import PgQuotes
from storage.postgres.stats import PgStats
from storage.postgres.subscriptions import PgSubscriptions
from storage.repositories import Repositories, Store


class PgRepositories(Repositories):
    def __init__(self, db: Db, by_index: asyncpg.Pool | None = None) -> None:
        self.conn = db
        self.articles = PgArticles(db)
        self.index = PgLemmaIndex(db, by_index)
        self.quotes = PgQuotes(db)
        self.key_terms = PgKeyTerms(db)
        self.subscriptions = PgSubscriptions(db)
        self.outbox = PgOutbox(db)
        self.audit = PgAudit(db)
        self.callback_args = PgCallbackArgs(db)
        self.stats = PgStats(db)


class PgStore(Store):
    def __init__(self, url: str, pool: asyncpg.Pool, by_index: asyncpg.Pool) -> None:
        self.location = redacted(url)
        self.pool = pool
        self.by_index = by_index
        self.reader = PgRepositories(pool, by_index)
        self._write_lock = asyncio.Lock()  # one connection per process waits for the database-wide lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgRepositories]:
        async with self._write_lock, self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
            yield PgRepositories(conn)

    async def close(self) -> None:
        await self.by_index.close()
        await self.pool.close()

    async def size_bytes(self) -> int:
        return await self.pool.fetchval("SELECT pg_database_size(current_database())")


async def open_postgres(url: str) -> PgStore:
    """Connect to the database at ``url`` and bring its schema up to date; StorageUnavailable says why not.

    Two pools: one for everything, and one whose connections the lemma index matches on (see PgLemmaIndex)."""
    try:
        pool = await asyncpg.create_pool(
            url, min_size=1, max_size=POOL_SIZE, timeout=CONNECT_TIMEOUT_S, reset=keep_session
        )
    except (OSError, TimeoutError, ValueError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise unavailable(url, exc) from None
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        by_index = await asyncpg.create_pool(
            url, min_size=1, max_size=INDEX_POOL_SIZE, timeout=CONNECT_TIMEOUT_S, server_settings=BY_INDEX_SETTINGS,
            reset=keep_session,
        )
    except BaseException as exc:
        await pool.close()
        if isinstance(exc, OSError | TimeoutError | asyncpg.PostgresError | asyncpg.InterfaceError):
            raise unavailable(url, exc) from None
        raise
    return PgStore(url, pool, by_index)
