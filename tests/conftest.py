"""Shared fixtures: a temporary archive, and a chat harness that drives the real dispatcher offline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText, SendMessage

from bot.app import bot_properties, build_dispatcher
from bot.config import Settings
from bot.ingest import Meta, ingest_upload
from bot.local_session import LocalSession
from bot.updates import UpdateFactory
from storage.db import Database, connect

ADMIN_ID = 777
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def make_article(date: str, title: str, *paragraphs: str, extra: str = "") -> str:
    head = f"date {date} {extra}".rstrip()
    return "\n".join([head, title, *paragraphs]) + "\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=None,
        admin_ids=frozenset({ADMIN_ID}),
        database_path=str(tmp_path / "news.db"),
        seeds_dir=str(tmp_path / "no-seeds"),
    )


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = await connect(settings.database_path)
    yield database
    await database.close()


class Chat:
    """One user talking to the bot through Dispatcher.feed_update with a recording session."""

    def __init__(self, settings: Settings, db: Database, user_id: int = 1001) -> None:
        self.session = LocalSession()
        self.bot = Bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", session=self.session, default=bot_properties())
        self.dp = build_dispatcher(settings, db)
        self.db = db
        self.updates = UpdateFactory(user_id=user_id)

    def as_user(self, user_id: int) -> Chat:
        """Another user on the same dispatcher (and the same recording session)."""
        other = Chat.__new__(Chat)
        other.session, other.bot, other.dp, other.db = self.session, self.bot, self.dp, self.db
        other.updates = UpdateFactory(user_id=user_id)
        return other

    async def send(self, text: str) -> list[SendMessage | EditMessageText]:
        return await self._feed(self.updates.message(text))

    async def press(self, callback_data: str) -> list[SendMessage | EditMessageText]:
        return await self._feed(self.updates.callback(callback_data))

    async def _feed(self, update) -> list[SendMessage | EditMessageText]:
        before = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        return [r for r in self.session.requests[before:] if isinstance(r, SendMessage | EditMessageText)]

    @staticmethod
    def buttons(reply: SendMessage | EditMessageText) -> list[tuple[str, str]]:
        rows = getattr(reply.reply_markup, "inline_keyboard", None) or []
        return [(b.text, b.callback_data or "") for row in rows for b in row]


@pytest.fixture
async def chat(settings: Settings, db: Database) -> AsyncIterator[Chat]:
    harness = Chat(settings, db)
    yield harness
    await harness.bot.session.close()


async def add_articles(db: Database, text: str) -> list[int]:
    results = await ingest_upload(db, text, Meta(source="test"))
    return [r.article_id for r in results if r.article_id is not None]
