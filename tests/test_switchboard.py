"""The switchboard: a message or a button is offered only to the routers that may answer it, and nothing answers
differently."""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import CallbackQuery, Message

from bot.app import build_dispatcher
from bot.config import Settings
from bot.runtime.switchboard import routes_of
from bot.runtime.updates import UpdateFactory
from bot.services import Services
from bot.views.callbacks import LatestPage, OpenArticle
from bot.views.fallback import PLAIN_TEXT, STALE_BUTTON, UNKNOWN_COMMAND
from tests.conftest import Chat, add_articles, make_article

FACTORY = UpdateFactory(user_id=5)


def message(text: str) -> Message:
    update = FACTORY.message(text).message
    assert update is not None
    return update


def button(data: str) -> CallbackQuery:
    update = FACTORY.callback(data).callback_query
    assert update is not None
    return update


def names(routers: tuple[Router, ...] | None) -> list[str]:
    assert routers is not None
    return [r.name for r in routers]


def test_the_bots_routes(settings: Settings, services: Services) -> None:
    dp = build_dispatcher(settings, services)
    routes = dp.routes()  # type: ignore[attr-defined]

    latest = names(routes.for_event("message", message("/latest 3")))
    assert "latest" in latest and "search" not in latest
    assert latest[-1] == "fallback"  # an unknown argument or a failed filter still ends at the hint
    assert names(routes.for_event("message", message("/Search@newsbot_local_bot мост")))[0] == "search"
    plain = names(routes.for_event("message", message("мост")))
    assert not {"latest", "search", "quotes", "topics"} & set(plain)
    assert {"upload", "subscriptions", "fallback"} <= set(plain)  # documents, migrations, plain text
    assert names(routes.for_event("message", message("/nosuchcommand"))) == plain

    page = button(LatestPage(offset=5, size=5).pack())
    assert names(routes.for_event("callback_query", page)) == ["latest", "fallback"]
    assert names(routes.for_event("callback_query", button("zz:1"))) == ["fallback"]
    assert routes.for_event("edited_message", message("x")) is None  # other kinds: every router


def test_a_pattern_command_another_filter_or_subrouters_keep_a_router_open() -> None:
    by_pattern, mixed, parent, child, buttons = Router(), Router(), Router(), Router(), Router()
    by_pattern.message(Command(re.compile(r"item_\d+")))(lambda message: None)
    mixed.message(Command("a"))(lambda message: None)
    mixed.message(F.photo)(lambda message: None)
    child.message(Command("b"))(lambda message: None)
    parent.include_router(child)
    buttons.callback_query(F.data == "x")(lambda query: None)
    routes = routes_of([by_pattern, mixed, parent, buttons])

    assert routes.for_event("message", message("/item_5")) == (by_pattern, mixed, parent)
    assert routes.for_event("message", message("hello")) == (by_pattern, mixed, parent)
    assert routes.for_event("callback_query", button("x")) == (parent, buttons)


async def test_commands_with_a_mention_or_arguments_still_reach_their_handler(chat: Chat, services: Services) -> None:
    await add_articles(services, make_article("2025-03-01", "Мост открыт", "Мост через реку открыли для машин."))
    assert "Мост открыт" in (await chat.send("/latest@newsbot_local_bot 3"))[-1].text
    assert "Мост открыт" in (await chat.send("/search   мост"))[-1].text
    assert (await chat.send("/latestnews"))[-1].text == UNKNOWN_COMMAND  # a command's prefix is no command
    assert (await chat.send("мост"))[-1].text == PLAIN_TEXT
    [opened] = await chat.press_signed(OpenArticle(id=1).pack())
    assert "Мост через реку" in opened.text


async def test_an_unknown_button_gets_the_stale_answer(chat: Chat) -> None:
    await chat.press_signed("zz:1")
    answers = [r for r in chat.session.requests if isinstance(r, AnswerCallbackQuery)]
    assert answers[-1].text == STALE_BUTTON


async def test_a_router_added_later_is_offered_updates(chat: Chat) -> None:
    await chat.send("/help")
    late = Router(name="late")

    @late.message(Command("late"))
    async def answer(message: Message) -> None:
        await message.answer("поздно")

    @late.callback_query(F.data == "late")
    async def pressed(query: CallbackQuery) -> None:
        await query.answer("нажато")

    chat.dp.sub_routers.insert(0, late)  # include_router appends after the fallback, which would answer first
    late._parent_router = chat.dp
    assert (await chat.send("/late"))[-1].text == "поздно"
    await chat.press_signed("late")
    assert [r for r in chat.session.requests if isinstance(r, AnswerCallbackQuery)][-1].text == "нажато"
