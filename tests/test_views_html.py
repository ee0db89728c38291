"""Telegram formatting: escaping, splitting under 4096, callback data under 64 bytes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.news.language import shorten
from bot.views import html
from bot.views.callbacks import LatestPage, OpenArticle, SearchPage
from bot.views.html import esc, split_message


def test_escape_article_text() -> None:
    assert esc("<b>Газпром & Ко</b>") == "&lt;b&gt;Газпром &amp; Ко&lt;/b&gt;"


def test_short_text_is_one_message() -> None:
    assert split_message("Коротко.") == ["Коротко."]


def test_long_text_splits_on_paragraphs_under_the_limit() -> None:
    paragraph = "Предложение о погоде в Казани. " * 40
    text = "\n\n".join([paragraph.strip()] * 12)
    parts = split_message(text)
    assert len(parts) > 1
    assert all(len(p) <= html.MESSAGE_LIMIT for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_split_never_cuts_an_entity_or_a_tag() -> None:
    text = ("&amp;" * 1000) + ("<b>жирный</b>" * 500)
    for part in split_message(text, limit=500):
        assert len(part) <= 500
        assert part.count("<b>") == part.count("</b>")
        assert not part.endswith("&amp") and not part.startswith("amp;")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=9000))
def test_any_escaped_text_splits_into_well_formed_pieces(raw: str) -> None:
    parts = split_message(esc(raw))
    assert all(len(p) <= html.MESSAGE_LIMIT for p in parts)
    assert all("<" not in p for p in parts)


def test_callback_data_fits_64_bytes_at_the_extremes() -> None:
    big = 2**62
    for data in (LatestPage(offset=big, size=20), OpenArticle(id=big), SearchPage(query=big, offset=big)):
        assert len(data.pack().encode()) <= 64


def test_shorten_cuts_on_a_word_boundary() -> None:
    text = "Очень длинный заголовок статьи о строительстве нового моста через реку Неву в Петербурге"
    short = shorten(text, 40)
    assert len(short) <= 40 and short.endswith("…")
    assert text.startswith(short[:-1])


def test_pager_row_shows_only_existing_directions() -> None:
    make = lambda o: LatestPage(offset=o, size=5)  # noqa: E731
    assert [b.text for b in html.pager_row(0, 5, 12, make)] == ["Дальше ▶"]
    assert [b.text for b in html.pager_row(5, 5, 12, make)] == ["◀ Назад", "Дальше ▶"]
    assert [b.text for b in html.pager_row(10, 5, 12, make)] == ["◀ Назад"]
    assert html.pager_row(0, 5, 5, make) == []
