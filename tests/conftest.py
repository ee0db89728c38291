"""Shared fixtures: a temporary archive, and a chat harness that drives the real dispatcher offline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

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
async def store(settings: Settings) -> AsyncIterator[Store]:
    opened = await open_store(settings.database_path)
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


async def add_articles(services: Services, text: str) -> list[int]:
    results = await services.ingest.ingest_text(text, Meta(source="test"))
    return [r.article_id for r in results if r.article_id is not None]
