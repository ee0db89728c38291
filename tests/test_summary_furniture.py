"""Crawl furniture: cut off of summary sentences, kept out of the stored lead (/latest) and of /search snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.analysis import analyse
from bot.news.article import Article
from bot.news.furniture import clean_title, is_furniture, strip_stamps
from tests.conftest import Chat, add_articles, make_article


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        (", 10:42 ВЕСТНИК Суд Приозерска отложил рассмотрение иска.", "Суд Приозерска отложил рассмотрение иска."),
        ("09:15 12.03.2024 Источник: Мэрия Липовца закрыла мост.", "Мэрия Липовца закрыла мост."),
        ("ЛИПОВЕЦ, 3 мар — Северное агентство. Мост закрыли на ремонт.", "Мост закрыли на ремонт."),
        ("ПРИОЗЕРСК, 14 апреля. /СевИнформ/. Завод запустил линию.", "Завод запустил линию."),
        ("Липовец. 5 мая. NORD.NEWS - В городе открыли парк.", "В городе открыли парк."),
        ("5 мая 2024 13:37. Бюджет города вырос на треть.", "Бюджет города вырос на треть."),
    ],
)
def test_stamps_and_datelines_are_cut_off(line: str, rest: str) -> None:
    assert strip_stamps(line) == rest
    assert not is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "28 января суд Приозерска отложил рассмотрение иска.",  # a date is the story's, not a stamp
        "Липовец, 9 мая — праздничный парад прошёл без происшествий.",
        "В субботу, 6 мая, в озере утонул рыбак.",
    ],
)
def test_story_text_is_kept(line: str) -> None:
    assert strip_stamps(line) == line


@pytest.mark.parametrize(
    "line",
    [
        "ЛИПОВЕЦ, 3 мар — Северное агентство.",
        "Фото: Пресс-служба мэрии Липовца",
        "Мост через Сорогу (архивное фото)",
        "Подробнее о ремонте моста читайте в нашем материале «Сорога без мостов».",
        "Если вы заметили ошибку, выделите её мышкой и нажмите Ctrl+Enter.",
        "© Липовецкий вестник, 2024. Все права защищены.",
        "Подробности: https://example.org/most",
        "Теги: мост, ремонт",
        "Читайте также: Мэр Липовца ушёл в отпуск",
        "Мэр открыл мост Подробнее Ремонт шёл два года, сообщили в мэрии.",
        "Новость набрала 1520 просмотров за час.",
    ],
)
def test_page_lines_are_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("09.07.2024 18:09 : Мэр Липовца ушёл в отставку", "Мэр Липовца ушёл в отставку"),
        ("Мэр Липовца ушёл в отставку 21:49 9 Июля 2024 82", "Мэр Липовца ушёл в отставку"),
        ("Мэр Липовца ушёл в отставку - Новости - Lipovets.ru", "Мэр Липовца ушёл в отставку"),
        ("Мэр Липовца ушёл в отставку / 20.12.16 / Липовец / © Вестник", "Мэр Липовца ушёл в отставку"),
        ("Мэр Липовца ушёл в отставку: Политика: Город: Lipovets.ru", "Мэр Липовца ушёл в отставку"),
        ("Мэр Липовца: я ухожу в отставку", "Мэр Липовца: я ухожу в отставку"),
        ("Мост откроют 25 и 26 июля", "Мост откроют 25 и 26 июля"),
        ("Мэр Липовца ушёл в отставку. Горсовет назначил выборы на осень.", "Мэр Липовца ушёл в отставку"),
    ],
)
def test_titles_lose_their_stamps(title: str, clean: str) -> None:
    assert clean_title(title) == clean


def test_stored_lead_skips_furniture() -> None:
    body = (
        "ЛИПОВЕЦ, 3 мар — Северное агентство.\n"
        "Фото: пресс-служба мэрии\n"
        ", 10:42 ВЕСТНИК Мост через Сорогу закроют на ремонт до осени.\n"
        "Ремонт обойдётся в 40 миллионов рублей."
    )
    article = Article(date=dt.date(2024, 3, 3), title="Мост закроют на ремонт", body=body)
    assert analyse(article).lead == "Мост через Сорогу закроют на ремонт до осени."


async def test_latest_and_search_show_no_furniture(chat: Chat, services) -> None:
    await add_articles(
        services,
        make_article(
            "2024-03-03",
            "Мост через Сорогу закроют на ремонт",
            "ЛИПОВЕЦ, 3 мар — Северное агентство.",
            ", 10:42 ВЕСТНИК Мост через Сорогу закроют на ремонт до осени.",
            "Объезд для машин пройдёт по новому мосту у элеватора.",
            "Подробнее о мосте через Сорогу читайте в нашем материале «Сорога без мостов».",
        ),
    )
    latest = (await chat.send("/latest"))[-1].text
    assert "Мост через Сорогу закроют на ремонт до осени." in latest
    assert "Северное агентство" not in latest and "10:42" not in latest
    found = (await chat.send("/search мост Сорога"))[-1].text
    assert "читайте" not in found and "ВЕСТНИК" not in found
