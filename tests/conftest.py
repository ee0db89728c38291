"""Shared fixtures: a temporary archive, and a chat harness that drives the real dispatcher offline."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiosqlite
import pytest
from aiogram.methods import EditMessageText, SendMessage

from bot.app import build_dispatcher, new_bot
from bot.config import Settings
from bot.middlewares.buttons import signer_for
from bot.runtime.local_session import LocalSession
from bot.runtime.updates import UpdateFactory
from bot.services import Services
from bot.services.ingest import Meta
from storage import Store, open_store
from storage.sqlite.inline import InlineConnection
from tests.postgres_server import PostgresServer, Unavailable

ADMIN_ID = 777
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def make_article(date: str, title: str, *paragraphs: str, extra: str = "") -> str:
    head = f"date {date} {extra}".rstrip()
    return "\n".join([head, title, *paragraphs]) + "\n"


BELARUS = make_article(
    "2025-09-30",
    "Контейнерный поезд связал Петербург и Минск",
    "Торговля с Беларусью выросла на треть, сообщили в порту.",
    "Грузы из Белоруссии идут через Шушары.",
    extra="3.64 BYN",
)


# ---- storage backends ----------------------------------------------------------------------------------------
# Every test that uses the archive (the ``store`` fixture, also through ``services`` and ``chat``) runs on both
# backends, unless it is marked sqlite_only. A machine without PostgreSQL skips the PostgreSQL runs; CI fails them.

BACKENDS = ("sqlite", "postgres")
TEMPLATE = "newsbot_template"  # a migrated database that each test's database copies
_database_names = itertools.count(1)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" in metafunc.fixturenames and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole run, with a migrated template database."""
    try:
        server = PostgresServer().start()
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc}: CI must run the PostgreSQL tests (.ci/run installs postgresql)", pytrace=False)
        pytest.skip(f"PostgreSQL backend not tested here: {exc}")
    try:
        asyncio.run(_migrate(server.create_database(TEMPLATE)))
        yield server
    finally:
        server.stop()


async def _migrate(url: str) -> None:
    await (await open_store(url)).close()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh database with the schema in place, dropped afterwards."""
    name = f"test_{next(_database_names)}"
    url = postgres_server.create_database(name, template=TEMPLATE)
    yield url
    postgres_server.drop_database(name)


@pytest.fixture
def settings(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=None,
        admin_ids=frozenset({ADMIN_ID}),
        database_path=str(tmp_path / "news.db"),
        database_url=request.getfixturevalue("postgres_url") if backend == "postgres" else None,
        seeds_dir=str(tmp_path / "no-seeds"),
    )


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    opened = await open_store(settings.database)
    yield opened
    await opened.close()


@pytest.fixture
def services(store: Store) -> Services:
    return Services.create(store)


class Chat:
    """One user talking to the bot through Dispatcher.feed_update with a recording session."""

    def __init__(self, settings: Settings, services: Services, user_id: int = 1001) -> None:
        self.session = LocalSession()
        self.bot = new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", self.session)
        self.dp = build_dispatcher(settings, services)
        self.services = services
        self.store = services.store
        self.updates = UpdateFactory(user_id=user_id)

    def as_user(self, user_id: int) -> Chat:
        """Another user on the same dispatcher (and the same recording session)."""
        other = Chat.__new__(Chat)
        other.session, other.bot, other.dp = self.session, self.bot, self.dp
        other.services, other.store = self.services, self.store
        other.updates = UpdateFactory(user_id=user_id)
        return other

    async def send(self, text: str) -> list[SendMessage | EditMessageText]:
        return await self._feed(self.updates.message(text))

    async def press(self, callback_data: str) -> list[SendMessage | EditMessageText]:
        """Press a button with exactly this callback data (as the bot sent it, signature included)."""
        return await self._feed(self.updates.callback(callback_data))

    async def press_signed(self, data: str) -> list[SendMessage | EditMessageText]:
        """Press a button with this data as if the bot had sent it to this chat (signed for it)."""
        return await self.press(self.signed(data))

    def unsigned(self, signed: str) -> str:
        """The data of a button the bot sent to this chat (its signature checked)."""
        data = signer_for(self.bot.token).verify(self.updates.chat.id, signed)
        assert data is not None, f"{signed!r} is not signed for chat {self.updates.chat.id}"
        return data

    def signed(self, data: str, chat_id: int | None = None) -> str:
        """``data`` as the bot signs it for ``chat_id`` (this chat by default)."""
        return signer_for(self.bot.token).sign(self.updates.chat.id if chat_id is None else chat_id, data)

    async def _feed(self, update) -> list[SendMessage | EditMessageText]:
        before = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        return [r for r in self.session.requests[before:] if isinstance(r, SendMessage | EditMessageText)]

    @staticmethod
    def buttons(reply: SendMessage | EditMessageText) -> list[tuple[str, str]]:
        rows = getattr(reply.reply_markup, "inline_keyboard", None) or []
        return [(b.text, b.callback_data or "") for row in rows for b in row]


@pytest.fixture
async def chat(settings: Settings, services: Services) -> AsyncIterator[Chat]:
    harness = Chat(settings, services)
    yield harness
    await harness.bot.session.close()


POSTGRES_TABLES = {"articles_fts": "article_index"}  # the lemma index's table in each backend


async def table_rows(store: Store, table: str) -> int:
    """How many rows a table holds, on either backend (SQLite's table names)."""
    conn = store.reader.conn  # type: ignore[attr-defined]
    if isinstance(conn, aiosqlite.Connection | InlineConnection):
        return (await conn.execute_fetchall(f"SELECT count(*) FROM {table}"))[0][0]
    return await conn.fetchval(f"SELECT count(*) FROM {POSTGRES_TABLES.get(table, table)}")


async def query_rows(store: Store, sql: str) -> list[tuple]:
    """The rows of a parameterless query, on either backend."""
    conn = store.reader.conn  # type: ignore[attr-defined]
    if isinstance(conn, aiosqlite.Connection | InlineConnection):
        return [tuple(row) for row in await conn.execute_fetchall(sql)]
    return [tuple(row) for row in await conn.fetch(sql)]


async def add_articles(services: Services, text: str) -> list[int]:
    results = await services.ingest.ingest_text(text, Meta(source="test"))
    return [r.article_id for r in results if r.article_id is not None]
