"""Who is speaking: names, namesakes, pronouns, titles (sentences written for these tests, invented people)."""

from __future__ import annotations

from bot.news.quotes import Quote, extract_quotes


def _quotes(text: str) -> list[Quote]:
    quotes = extract_quotes(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def _speakers(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in _quotes(text)]


def test_the_verb_gender_decides_between_namesakes() -> None:
    text = (
        "«Школу ждали десять лет», - сказал Павел Синицын, глава района.\n"
        "Директором назначена Ирина Синицына, учитель истории. "
        "Синицына считает, что классов хватит.\n"
        "«Мы откроем кружки для малышей», — добавила Синицына."
    )
    assert [q.speaker for q in _quotes(text)] == ["Павел Синицын", "Ирина Синицына", "Ирина Синицына"]
