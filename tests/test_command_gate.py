"""The router gate: a message tries only the routers that have its command, and nothing answers differently."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.app import build_dispatcher
from bot.config import Settings
from bot.runtime.command_gate import gate_command_routers
from bot.services import Services
from bot.views.fallback import PLAIN_TEXT, UNKNOWN_COMMAND
from tests.conftest import Chat, add_articles, make_article


def test_only_routers_of_commands_alone_are_gated(settings: Settings, services: Services) -> None:
    gated = {r.name for r in build_dispatcher(settings, services).chain_tail if r.message._handler.filters}
    assert {"latest", "search", "quotes", "topics"} <= gated
    assert not gated & {"upload", "subscriptions", "fallback"}  # documents, migrations, plain text


def test_a_pattern_command_or_another_filter_keeps_the_router_open() -> None:
    import re

    root, by_pattern, mixed = Router(), Router(), Router()
    by_pattern.message(Command(re.compile(r"item_\d+")))(lambda message: None)
    mixed.message(Command("a"))(lambda message: None)
    mixed.message(F.photo)(lambda message: None)
    root.include_routers(by_pattern, mixed)
    assert gate_command_routers(root) == 0


async def test_commands_with_a_mention_or_arguments_still_reach_their_handler(chat: Chat, services: Services) -> None:
    await add_articles(services, make_article("2025-03-01", "Мост открыт", "Мост через реку открыли для машин."))
    assert "Мост открыт" in (await chat.send("/latest@newsbot_local_bot 3"))[-1].text
    assert "Мост открыт" in (await chat.send("/search   мост"))[-1].text
    assert (await chat.send("/latestnews"))[-1].text == UNKNOWN_COMMAND  # a command's prefix is no command
    assert (await chat.send("мост"))[-1].text == PLAIN_TEXT
