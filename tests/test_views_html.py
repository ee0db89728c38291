"""Telegram formatting: escaping, splitting under 4096, callback data under 64 bytes."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.middlewares.buttons import signer_for
from bot.news.language import shorten
from bot.views import html
from bot.views.callbacks import (
    SIGNED_DATA_BYTES,
    LatestPage,
    OpenArticle,
    SearchPage,
    SearchWords,
    SpeakerQuotes,
    carries,
)
from bot.views.html import esc, split_message


class _Nesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def well_formed(piece: str) -> bool:
    """Every tag closed in order, nothing left open, no tag or entity cut in half."""
    checker = _Nesting()
    checker.feed(piece)
    checker.close()
    cut_entity = piece.rstrip().endswith("&") or any(piece.rstrip().endswith(f"&{x}") for x in ("amp", "lt", "gt"))
    return checker.ok and not checker.stack and "<" not in piece[piece.rfind(">") + 1 :] and not cut_entity


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


def test_callback_data_fits_64_bytes_at_the_extremes_signature_included() -> None:
    big = 2**62
    signer = signer_for("123456:test")
    for data in (LatestPage(offset=big, size=20), OpenArticle(id=big), SearchPage(query=big, offset=big),
                 SpeakerQuotes(speaker=big, offset=big, edit=1)):
        assert len(signer.sign(-1002003004005, data.pack()).encode()) <= 64
    words = "ж" * 100
    while not carries(words, 300):
        words = words[:-1]
    assert len(SearchWords(offset=300, words=words).pack().encode()) == SIGNED_DATA_BYTES  # the longest carried
    assert len(signer.sign(-1002003004005, SearchWords(offset=300, words=words).pack()).encode()) <= 64
    assert not carries("время: итоги", 300)  # aiogram's separator stays out of the data


def test_a_cut_inside_an_element_closes_and_reopens_it() -> None:
    extra = "поле " * 2000
    text = f"<b>Заголовок</b>\n<i>{extra}</i> · №7\n\nАбзац статьи."
    parts = split_message(text)
    assert len(parts) >= 3
    assert all(len(p) <= html.MESSAGE_LIMIT and well_formed(p) for p in parts)
    assert parts[1].startswith("<i>") and parts[0].endswith("</i>")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "b", "i", "code"]), st.text(max_size=1500)), max_size=12),
       st.integers(min_value=200, max_value=4096))
def test_any_tagged_text_splits_into_well_formed_pieces(chunks: list[tuple[str, str]], limit: int) -> None:
    text = "".join(f"<{tag}>{esc(body)}</{tag}>" if tag else esc(body) for tag, body in chunks)
    parts = split_message(text, limit=limit)
    assert all(len(p) <= limit and well_formed(p) for p in parts)


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
