"""Inline mode («@bot words» in any chat) and the deep link its messages carry (/start a<id>)."""

from __future__ import annotations

import re

import pytest
from aiogram.methods import AnswerInlineQuery

from bot.runtime.local_session import BOT_USER
from tests.conftest import Chat, add_articles, make_article
from tests.test_views_html import well_formed


def ferries(n: int) -> str:
    return "".join(
        make_article(f"2025-07-{1 + i % 28:02d}", f"Паром номер {i} & <компания>", f"Паром {i} вышел в рейс утром.")
        for i in range(n)
    )


async def ask(chat: Chat, query: str, offset: str = "") -> AnswerInlineQuery:
    before = len(chat.session.requests)
    await chat.dp.feed_update(chat.bot, chat.updates.inline(query, offset))
    [answer] = [r for r in chat.session.requests[before:] if isinstance(r, AnswerInlineQuery)]
    return answer


def check(answer: AnswerInlineQuery) -> None:
    for result in answer.results:
        assert len(result.id.encode()) <= 64
        text = result.input_message_content.message_text
        assert len(text) <= 4096 and well_formed(text)


async def test_an_empty_query_offers_the_latest_articles_page_by_page(chat: Chat, services) -> None:
    await add_articles(services, ferries(15))
    first = await ask(chat, "")
    check(first)
    assert len(first.results) == 10 and first.next_offset == "10"
    assert first.cache_time and first.cache_time <= 60
    second = await ask(chat, "", first.next_offset)
    assert len(second.results) == 5 and second.next_offset == ""
    assert not {r.id for r in first.results} & {r.id for r in second.results}


async def test_a_query_offers_search_results_with_a_deep_link(chat: Chat, services) -> None:
    ids = await add_articles(services, ferries(3) + make_article("2025-08-01", "Мост открыли", "Мост открыли утром."))
    answer = await ask(chat, "паромы")
    check(answer)
    assert len(answer.results) == 3 and all("Паром" in r.title for r in answer.results)
    posted = answer.results[0].input_message_content.message_text
    link = re.search(r'href="https://t\.me/(\w+)\?start=a(\d+)"', posted)
    assert link and link.group(1) == BOT_USER.username and int(link.group(2)) in ids
    assert "&lt;компания&gt;" in posted  # article text is escaped
    [opened] = await chat.send(f"/start a{link.group(2)}")
    assert "вышел в рейс" in opened.text and f"№{link.group(2)}" in opened.text


@pytest.mark.parametrize("query", ["NEAR(", '"', "*", "AND OR", "<b>", "\ud800", "паром " * 1000, "дирижабль"])
async def test_hostile_queries_get_results_or_none_never_an_error(chat: Chat, services, query: str) -> None:
    await add_articles(services, ferries(2))
    answer = await ask(chat, query)
    check(answer)


async def test_start_with_an_unknown_link_or_article(chat: Chat) -> None:
    [missing] = await chat.send("/start a999999")
    assert "нет в архиве" in missing.text
    [other] = await chat.send("/start promo")
    assert "/latest" in other.text  # the help
