"""The SQLite reader runs on the event loop: it sees every commit, writes nothing, and lets other tasks in."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.services import Services
from storage import Store
from storage.sqlite.inline import InlineConnection
from tests.conftest import add_articles

pytestmark = pytest.mark.sqlite_only


async def test_reads_see_the_writers_commits_and_cannot_write(store: Store, services: Services) -> None:
    assert isinstance(store.reader.conn, InlineConnection)  # type: ignore[attr-defined]
    assert await store.reader.articles.count() == 0
    [article_id] = await add_articles(services, "date 2025-09-01\nМост открыли\nМост через реку открыли утром.\n")
    assert await store.reader.articles.count() == 1
    assert (await store.reader.articles.get(article_id)).title == "Мост открыли"
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await store.reader.conn.execute_fetchall("DELETE FROM articles")  # type: ignore[attr-defined]
    assert await store.reader.articles.count() == 1


async def test_a_chain_of_reads_lets_other_tasks_run(store: Store) -> None:
    turns: list[str] = []

    async def other() -> None:
        turns.append("other")

    task = asyncio.get_running_loop().create_task(other())
    for n in range(3):
        await store.reader.conn.execute_fetchall("SELECT 1")
        turns.append(f"read {n}")
    await task
    assert turns.index("other") < turns.index("read 2")


async def test_cursor_interface(store: Store) -> None:
    async with store.reader.conn.execute("SELECT ? + 1", (41,)) as cursor:
        assert (await cursor.fetchone())[0] == 42
    cursor = await store.reader.conn.execute("SELECT 1 UNION ALL SELECT 2")
    assert [row[0] for row in await cursor.fetchall()] == [1, 2]
    await cursor.close()
