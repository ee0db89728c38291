"""Every view that lists things fits one Telegram message, however long (and however HTML-hostile) its items."""

from __future__ import annotations

import datetime as dt

from bot.news.records import SearchHit, Speaker, StoredArticle, StoredQuote, Subscription
from bot.services.search import Ranking
from bot.views import html, latest, quotes, search, subscriptions
from bot.views.callbacks import SearchPage
from tests.conftest import add_articles, make_article
from tests.test_views_html import well_formed

HOSTILE = "Тег <b> & «кавычки» & амперсанды &amp; "
DATE = dt.date(2025, 9, 29)


def article(n: int, title_chars: int = 500, body_chars: int = 3000) -> StoredArticle:
    title = (HOSTILE * 20)[:title_chars]
    body = (f"Предложение {n} о жизни города & <его> окрестностей. " * 80)[:body_chars]
    return StoredArticle(n, DATE, title, body, "", body[:2000], "test", None, None)


def fits(text: str) -> bool:
    return len(text) <= html.MESSAGE_LIMIT and well_formed(text)


def test_latest_with_twenty_long_titles_and_leads() -> None:
    text, _ = latest.latest_view([article(n) for n in range(1, 21)], 0, 20, 20)
    assert fits(text) and text.count("\n\n") == 20  # all twenty listed
    text, _ = latest.latest_view([article(1, title_chars=60, body_chars=300)], 0, 1, 1)
    assert "Предложение 1" in text  # room to spare: the lead is shown


def test_search_results_with_huge_titles_and_snippets() -> None:
    hits = [SearchHit(article(n), 1.0, 0, 2500, frozenset({"предложение", "город"})) for n in range(1, 6)]
    text, _ = search.search_view(
        "город " * 40, ("город",), Ranking(hits, 1001, 300), 0, 5, lambda o: SearchPage(query=1, offset=o)
    )
    assert fits(text) and "<b>Предложение</b>" in text
    assert "найдено больше 1000, показаны лучшие 300" in text


def test_quotes_of_a_very_talkative_speaker() -> None:
    speaker = Speaker(1, "Очень Длинное Имя " * 10, "глава & <ведомства> " * 20, 99)
    said = [StoredQuote(n, n, HOSTILE * 30, DATE, "direct", "другая роль " * 20, ("Слова & <слова> " * 400))
            for n in range(1, 6)]
    text, _ = quotes.quotes_view(speaker, said, 0, 5)
    assert fits(text)


def test_speakers_with_long_names_and_roles() -> None:
    top = [Speaker(n, "Имя & <Фамилия> " * 20, "роль " * 100, 10) for n in range(1, 16)]
    text, _ = quotes.speakers_view(top)
    assert fits(text)


def test_fifty_long_subscriptions() -> None:
    subs = [Subscription(n, 1, ("тема & <слово> " * 10)[:100], ("тема",)) for n in range(1, 51)]
    text, _ = subscriptions.list_view(subs)
    assert fits(text) and text.count("\n") >= 50


async def test_latest_twenty_through_the_bot_is_one_message(chat, services) -> None:
    long_title = "Очень длинный заголовок новости о строительстве и ремонте дорог, мостов и набережных в городе номер"
    await add_articles(services, "".join(
        make_article("2025-09-01", f"{long_title} {n} — подробности", "Первое предложение статьи о ремонте. " * 20)
        for n in range(20)
    ))
    replies = await chat.send("/latest 20")
    assert len(replies) == 1 and fits(replies[0].text)
    assert "Что-то пошло не так" not in replies[0].text
