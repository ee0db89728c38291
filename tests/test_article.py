"""The upload format: line 1 `date YYYY-MM-DD [extra]`, line 2 title, then body paragraphs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.news.article import Article, ArticleFormatError, decode, parse, parse_each

ONE = "date 2025-09-29 3.64 BYN\nМинск и Петербург договорились о поставках\nПервый абзац.\nВторой абзац.\n"


def test_parses_date_extra_title_and_paragraphs() -> None:
    [article] = parse(ONE)
    assert article.date == dt.date(2025, 9, 29)
    assert article.extra == "3.64 BYN"
    assert article.title == "Минск и Петербург договорились о поставках"
    assert article.body.split("\n") == ["Первый абзац.", "Второй абзац."]


def test_tolerates_bom_leading_spaces_crlf_and_no_final_newline() -> None:
    raw = "\ufeff date 2025-09-29\r\n  Заголовок  \r\nТекст статьи.\r\n\r\nЕщё абзац."
    [article] = parse(raw)
    assert article.title == "Заголовок"
    assert article.body == "Текст статьи.\nЕщё абзац."
    assert article.extra == ""


def test_bytes_in_utf8_with_bom() -> None:
    [article] = parse(b"\xef\xbb\xbf" + ONE.encode("utf-8"))
    assert article.extra == "3.64 BYN"


def test_bytes_in_windows_1251_are_detected() -> None:
    text = (
        "date 2025-10-01\nЗаводы Татарстана нарастили выпуск станков\n"
        "Объём производства станков на предприятиях республики вырос на пятую часть, сообщили в отраслевом "
        "объединении. Директор завода Семён Ёлкин заявил, что спрос держится уже второй год.\n"
    )
    [article] = parse(text.encode("cp1251"))
    assert article.title == "Заводы Татарстана нарастили выпуск станков"
    assert "Семён Ёлкин" in article.body


def test_several_articles_in_one_file_each_starts_at_a_date_line() -> None:
    text = ONE + "\ndate 2025-09-30\nВторая статья\nЕё текст.\n"
    first, second = parse(text)
    assert second.title == "Вторая статья"
    assert second.line == 6
    assert first.line == 1


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("date 2025-13-01\nЗаголовок\nТекст.", 1, "несуществующая дата"),
        ("date 29.09.2025\nЗаголовок\nТекст.", 1, "ГГГГ-ММ-ДД"),
        ("date\nЗаголовок\nТекст.", 1, "нужна дата"),
        ("date 2025-09-29\n", 2, "нет заголовка"),
        ("date 2025-09-29\nЗаголовок\n\n  \n", 3, "пустой текст"),
        ("Просто текст без даты\nещё строка", 1, "date"),
        ("date 2025-09-29\n\nЗаголовок\nТекст", 2, "нет заголовка"),
    ],
)
def test_errors_name_the_line_and_the_reason_in_russian(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ArticleFormatError) as info:
        parse(text)
    assert info.value.line == line
    assert fragment in info.value.reason


def test_error_line_points_into_the_second_article() -> None:
    text = ONE + "date 2025-02-30\nЗаголовок\nТекст.\n"
    with pytest.raises(ArticleFormatError) as info:
        parse(text)
    assert info.value.line == 5


def test_parse_each_keeps_good_articles_next_to_a_broken_one() -> None:
    text = ONE + "date 2025-02-30\nЗаголовок\nТекст.\ndate 2025-10-02\nТретья\nТекст третьей.\n"
    results = parse_each(text)
    assert [type(r) for r in results] == [Article, ArticleFormatError, Article]


def test_binary_input_is_not_text() -> None:
    with pytest.raises(ArticleFormatError) as info:
        parse(bytes(range(256)) * 4)
    assert "не текстовый" in info.value.reason or "кодировк" in info.value.reason


def test_empty_input() -> None:
    with pytest.raises(ArticleFormatError):
        parse(b"")
    with pytest.raises(ArticleFormatError):
        parse("   \n\n")


def test_content_hash_ignores_whitespace_but_not_words() -> None:
    [a] = parse(ONE)
    [b] = parse(ONE.replace("Первый абзац.", "Первый   абзац. "))
    [c] = parse(ONE.replace("Первый", "Третий"))
    assert a.content_hash == b.content_hash != c.content_hash


def test_decode_prefers_utf8() -> None:
    assert decode("ёлка".encode()) == "ёлка"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_articles_or_a_format_error(data: bytes) -> None:
    try:
        articles = parse(data)
    except ArticleFormatError as exc:
        assert exc.line >= 0 and exc.reason
    else:
        assert all(a.title and a.body for a in articles)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("date 2025-09-1\n\r ЁёабвгЖ\ufeff\t.«»-"), max_size=200))
def test_any_text_gives_articles_or_a_format_error(text: str) -> None:
    try:
        articles = parse(text)
    except ArticleFormatError as exc:
        assert exc.line >= 0 and exc.reason
    else:
        assert all(isinstance(a.date, dt.date) and a.title for a in articles)


def test_every_seed_file_parses_and_keeps_its_text() -> None:
    """Each seed file, read as bytes, gives articles whose fields are exactly the file's lines."""
    from tests.conftest import SEEDS

    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) >= 16
    for path in files:
        raw = path.read_bytes()
        lines = [line.strip() for line in raw.decode("utf-8-sig").splitlines() if line.strip()]
        rebuilt = []
        for article in parse(raw):
            rebuilt.append(f"date {article.date.isoformat()} {article.extra}".strip())
            rebuilt += [article.title, *article.body.split("\n")]
        assert rebuilt == [" ".join(line.split()) if line.startswith("date") else line for line in lines], path
