"""/trend: bins per day or week, the main stories' peaks, the PNG chart (decodes, one bar per bin, small), drawn
off the event loop and once per archive version; the button under /topic; no matches give text, not a chart."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import threading

import pytest
from aiogram.methods import SendPhoto
from matplotlib.collections import PolyCollection
from matplotlib.image import imread

from bot.news.stories import Story
from bot.news.trend import Bin, binned, story_peaks, trend, unit_for
from bot.views import trend as views
from bot.views.callbacks import ShowTrend
from tests.conftest import Chat, add_articles, make_article
from tests.test_views_html import well_formed

D = dt.date


def _story(key: int, *days: tuple[D, int]) -> Story:
    return Story(key, (key,), days[0][0], days[-1][0], float(sum(n for _, n in days)), tuple(days))


def test_short_spans_are_shown_per_day_with_every_empty_day() -> None:
    bins = binned({D(2025, 3, 1): 2, D(2025, 3, 4): 1}, "day")
    assert bins == (Bin(D(2025, 3, 1), 2), Bin(D(2025, 3, 2), 0), Bin(D(2025, 3, 3), 0), Bin(D(2025, 3, 4), 1))
    assert unit_for(D(2025, 3, 1), D(2025, 4, 30)) == "day"
    assert unit_for(D(2025, 3, 1), D(2025, 6, 30)) == "week"


def test_long_spans_are_counted_per_week_from_monday() -> None:
    per_day = {D(2025, 1, 1): 1, D(2025, 1, 5): 2, D(2025, 1, 6): 4, D(2025, 3, 31): 3}  # Wed, Sun, Mon, Mon
    bins = binned(per_day, "week")
    assert bins[0] == Bin(D(2024, 12, 30), 3) and bins[1] == Bin(D(2025, 1, 6), 4)
    assert bins[-1] == Bin(D(2025, 3, 31), 3)
    assert len(bins) == 14 and sum(b.count for b in bins) == 10
    assert all((b.start - bins[0].start).days % 7 == 0 for b in bins)


def test_each_main_story_peaks_in_its_busiest_bin_and_only_three_are_named() -> None:
    stories = [
        _story(10, (D(2025, 3, 1), 1), (D(2025, 3, 2), 3), (D(2025, 3, 3), 3)),  # a tie: the earlier day
        _story(20, (D(2025, 3, 5), 2)),
        _story(30, (D(2025, 3, 7), 1)),
        _story(40, (D(2025, 3, 8), 5)),
    ]
    peaks = story_peaks(stories, {10: "Первый", 20: "Второй", 30: "Третий"}, "day")
    assert [(p.label, p.start, p.count) for p in peaks] == [
        ("Первый", D(2025, 3, 2), 3), ("Второй", D(2025, 3, 5), 2), ("Третий", D(2025, 3, 7), 1),
    ]
    recurring = story_peaks(stories, {10: "Первый", 20: "Первый", 30: "Третий", 40: "Четвёртый"}, "day")
    assert [p.label for p in recurring] == ["Первый", "Третий", "Четвёртый"]  # one headline is named once


def _trend(days: int = 200) -> object:
    per_day = {D(2024, 1, 1) + dt.timedelta(days=i): 1 + (i * 7) % 5 for i in range(days)}
    stories = [_story(1, (D(2024, 2, 14), 4)), _story(2, (D(2024, 5, 2), 3)), _story(3, (D(2024, 7, 1), 2))]
    labels = {1: "Совет <директоров> & компания «Рассвет» утвердили план " * 3, 2: "Второй сюжет", 3: "Третий"}
    return trend("энергетика & <b>", per_day, stories, labels)


@pytest.mark.parametrize("days", [1, 20, 200, 2000])
def test_the_chart_is_a_small_png_with_one_bar_per_bin(days: int) -> None:
    found = _trend(days)
    png = views.png(found)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) <= 150 * 1024
    height, width, _ = imread(io.BytesIO(png), format="png").shape
    assert (width, height) == (800, 420)
    [bars] = [c for c in views.chart(found).axes[0].collections if isinstance(c, PolyCollection)]
    heights = [round(path.vertices[:, 1].max()) for path in bars.get_paths()]
    assert len(heights) == len(found.bins) == (days if found.unit == "day" else len(found.bins))
    assert heights == [b.count for b in found.bins]


def test_the_caption_is_short_escaped_html_naming_the_peaks() -> None:
    text = views.caption(_trend())
    assert len(text) <= 1024 and well_formed(text)
    assert "&lt;b&gt;" in text and "&lt;директоров&gt;" in text
    assert "по неделям" in text and text.count("\n") == 4  # head, «Пики…», three peaks


DATES = ["2025-01-06", "2025-01-07", "2025-01-07", "2025-01-20", "2025-04-14"]
ARCHIVE = "".join(
    make_article(
        date,
        f"Северогорская электростанция: новость {n}",
        f"Северогорская электростанция сообщила о новом этапе ремонта номер {n}.",
        f"Электростанцию обслуживают {100 + n} человек, рассказал директор Павел Горбунцов.",
    )
    for n, date in enumerate(DATES, 1)
) + make_article("2025-02-01", "Марафон в Липовце", "В Липовце прошел весенний марафон.")


@pytest.fixture
async def archive(services) -> list[int]:
    return await add_articles(services, ARCHIVE)


def _photos(chat: Chat) -> list[SendPhoto]:
    return [r for r in chat.session.requests if isinstance(r, SendPhoto)]


async def test_trend_sends_a_chart_of_the_matching_articles(chat: Chat, archive: list[int]) -> None:
    replies = await chat.send("/trend электростанции")
    assert replies == [] and len(photos := _photos(chat)) == 1
    photo = photos[0]
    assert "5 статей" in photo.caption and "по неделям" in photo.caption  # 6 January to 14 April: weekly
    assert "6 января – 14 апреля 2025" in photo.caption  # the days of the matches, not the ends of their weeks
    found = await chat.services.trends.trend("электростанции")
    assert [b.count for b in found.bins] == [3, 0, 1] + [0] * 11 + [1]
    assert imread(io.BytesIO(photo.photo.data), format="png").shape[:2] == (420, 800)


async def test_no_match_answers_in_text_without_a_chart(chat: Chat, archive: list[int]) -> None:
    replies = await chat.send("/trend дирижабль")
    assert _photos(chat) == [] and "ничего нет" in replies[-1].text
    assert "/trend энергетика" in (await chat.send("/trend"))[-1].text


async def test_the_same_query_on_the_same_archive_is_drawn_once(chat: Chat, services, archive: list[int]) -> None:
    drawn: list[str] = []

    def draw(found) -> bytes:
        drawn.append(found.query)
        return views.png(found)

    first = await services.trends.chart("электростанция", draw)
    again = await services.trends.chart("  ЭЛЕКТРОСТАНЦИЯ ", draw)
    assert drawn == ["электростанция"] and first[1] == again[1]
    await add_articles(services, make_article("2025-03-04", "Электростанция", "Электростанция снова работает."))
    newer = await services.trends.chart("электростанция", draw)
    assert len(drawn) == 2 and newer[0].total == 6


async def test_drawing_does_not_block_other_updates(chat: Chat, archive: list[int], monkeypatch) -> None:
    other_answered = threading.Event()

    def slow_png(found) -> bytes:
        assert other_answered.wait(timeout=30), "the event loop was blocked while the chart was drawn"
        return b"\x89PNG\r\n\x1a\n"

    monkeypatch.setattr(views, "png", slow_png)
    trend_task = asyncio.create_task(chat.send("/trend электростанция"))
    help_replies = await chat.send("/help")
    assert help_replies and not trend_task.done()
    other_answered.set()
    await asyncio.wait_for(trend_task, 30)
    assert len(_photos(chat)) == 1


async def test_the_topic_answer_offers_the_chart(chat: Chat, archive: list[int]) -> None:
    replies = await chat.send("/topic электростанция")
    trend_buttons = [data for text, data in Chat.buttons(replies[-1]) if text == views.BUTTON]
    assert len(trend_buttons) == 1
    assert ShowTrend.unpack(chat.unsigned(trend_buttons[0]))
    await chat.press(trend_buttons[0])
    assert len(_photos(chat)) == 1
    await chat.press_signed(ShowTrend(topic=987654).pack())
    assert len(_photos(chat)) == 1  # a forged or expired button draws nothing
