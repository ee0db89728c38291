"""The one sentence splitter (language.sentences) and the quotation-mark scan it shares with the quote extractor."""

from __future__ import annotations

from bot.news.language import paragraphs, sentences
from bot.news.quotemarks import quotations
from tests.conftest import SEEDS


def _texts(text: str) -> list[str]:
    spans = sentences(text)
    for s in spans:
        assert text[s.start : s.end] == s.text
    return [s.text for s in spans]


def test_a_period_inside_quote_marks_does_not_end_the_sentence() -> None:
    text = 'Казань принимает форум "ЦИФРА. Регионы". Он продлится три дня.'
    assert _texts(text) == ['Казань принимает форум "ЦИФРА. Регионы".', "Он продлится три дня."]


def test_a_quotation_of_several_sentences_is_one_sentence_with_its_attribution() -> None:
    text = "«Работы много. Сроки сжатые», — сказал инженер. Потом он уехал."
    assert _texts(text) == ["«Работы много. Сроки сжатые», — сказал инженер.", "Потом он уехал."]


def test_a_line_break_ends_a_sentence() -> None:
    assert _texts("Мост открыт\nДороги расчистили.") == ["Мост открыт", "Дороги расчистили."]


def test_a_line_broken_by_a_lost_link_is_glued_back() -> None:
    text = "Об этом он сообщил агентству\nЛенТАСС\n. Потом уехал.\nПриводит\nагентство слова мэра."
    assert _texts(text) == [
        "Об этом он сообщил агентству\nЛенТАСС\n.",
        "Потом уехал.",
        "Приводит\nагентство слова мэра.",
    ]


def test_quotations_nested_and_unclosed() -> None:
    text = "«Он сказал: «нет», и ушел». Потом «еще"
    (para,) = paragraphs(text)
    found = quotations(text, para.start, para.end)
    assert [(q.open, q.close) for q in found] == [(0, text.index("».")), (text.rindex("«"), -1)]


def test_straight_marks_open_and_close_by_their_neighbours() -> None:
    text = 'Фирма "Север" выпустила "Ладогу-2" и "Онегу".'
    found = quotations(text, 0, len(text))
    assert [text[q.start : q.end] for q in found] == ["Север", "Ладогу-2", "Онегу"]


def test_the_users_article_keeps_its_exhibition_sentence_whole() -> None:
    body = (SEEDS / "000_557d75f3d41e43d6.txt").read_text(encoding="utf-8")
    assert 'Минск в эти дни принимает международную выставку "ИННОПРОМ. Беларусь".' in _texts(body)
