"""The pure summariser: a story told in full, an overview of stories, citations, repeats, speech, determinism."""

from __future__ import annotations

import datetime as dt
import re

from bot.news.facts import fact_of, same_fact
from bot.news.language import content_lemmas, sentences
from bot.news.speech import QuoteSpan
from bot.news.stories import Story
from bot.news.summarize import (
    SourceArticle,
    SourceSentence,
    TopicSummary,
    lead3,
    lexrank,
    overview,
    plain_lexrank,
    tell,
)


def _article(aid: int, day: int, title: str, *paragraphs: str) -> SourceArticle:
    body = "\n".join(paragraphs)
    sents = tuple(
        SourceSentence(i, s.text, tuple(content_lemmas(s.text)), s.start) for i, s in enumerate(sentences(body))
    )
    return SourceArticle(aid, dt.date(2025, 4, day), title, frozenset(content_lemmas(title)), sents)


def _story(*articles: SourceArticle) -> Story:
    dates = [a.date for a in articles]
    return Story(articles[0].id, tuple(a.id for a in articles), min(dates), max(dates), float(len(articles)), ())


GAS = [
    _article(
        3, 20, "Энергетика Приозерья переходит на газ",
        "Энергетика Приозерья к зиме полностью перейдёт на природный газ, сообщил министр Павел Горбунцов.",
        "Это позволит снизить выбросы на треть.",
        "«Мы долго к этому шли», — добавил он.",
        "Старые угольные котельные закроют до декабря, а площадки отдадут под парки.",
        "Фото: пресс-служба министерства",
    ),
    _article(
        2, 19, "Котельные Приозерья переведут на газ",
        "Котельные Приозерья к зиме переведут на природный газ, объявил министр энергетики Павел Горбунцов.",
        "На перевод котельных из бюджета области выделят 900 миллионов рублей.",
        "Газ к котельным подведут по новой трубе длиной 40 километров.",
    ),
    _article(
        1, 18, "Приозерье выделит 900 миллионов на газ",
        "Власти Приозерья потратят 900 миллионов рублей на перевод котельных на газ.",
        "Подрядчика для прокладки газовой трубы выберут на конкурсе в мае.",
    ),
]
MARATHON = [
    _article(
        5, 21, "Марафон в Липовце собрал тысячу бегунов",
        "Марафон в Липовце собрал около тысячи бегунов из шести областей.",
        "Победил Олег Ступин, который пробежал дистанцию за два часа двадцать минут.",
    ),
]
IDF = {"энергетика": 1.2, "приозерье": 2.0}


def idf(lemma: str) -> float:
    return IDF.get(lemma, 2.5)


def _tell(query: str = "газ", articles: list[SourceArticle] = GAS, quotes=None) -> TopicSummary:
    return tell(query, [query], _story(*articles), articles, quotes or {}, idf, total=len(articles))


def _refs_match_sources(summary: TopicSummary) -> None:
    refs = [c.ref for c in summary.sentences]
    assert sorted(set(refs)) == list(range(1, len(summary.articles) + 1))  # every listed source is cited
    for cited in summary.sentences:
        assert summary.articles[cited.ref - 1].id == cited.article_id


def test_a_story_in_full_cites_exactly_its_sources() -> None:
    summary = _tell()
    assert summary.full and 4 <= len(summary.sentences) <= 6
    _refs_match_sources(summary)
    assert {a.id for a in summary.further}.isdisjoint({a.id for a in summary.articles})


def test_no_furniture_no_back_references_no_repeats() -> None:
    texts = [c.text for c in _tell().sentences]
    assert not any(t.startswith(("Это", "«Мы долго", "Фото")) for t in texts)
    # «900 миллионов рублей … на перевод котельных» is told by two articles: once only
    assert sum("900 миллионов" in t for t in texts) == 1
    # and the two articles announcing the switch to gas count as one fact
    assert sum("к зиме" in t for t in texts) == 1


def test_same_fact_by_words_or_by_a_figure() -> None:
    a = "Котельные Приозерья к зиме переведут на природный газ, объявил министр."
    b = "Все котельные Приозерья к зиме переведут на газ, заявили в министерстве."
    c = "Власти выделят на котельные 900 миллионов рублей."
    d = "На перевод котельных потратят 900 миллионов рублей."
    e = "В 2025 году в Приозерье откроют новый парк."

    def fact(text: str):
        return fact_of(text, content_lemmas(text), {"газ"})

    assert same_fact(fact(a), fact(b))
    assert same_fact(fact(c), fact(d))
    assert not same_fact(fact(a), fact(c))
    assert not same_fact(fact(e), fact("В 2025 году в Липовце построят мост."))  # a shared year is no fact


def test_speech_is_attributed_in_a_summary() -> None:
    article = _article(
        7, 22, "Губернатор Приозерья пообещал новые подстанции",
        "Губернатор Приозерья Павел Горбунцов рассказал о планах энергетиков области.",
        "«Мы построим в Приозерье три новые подстанции к 2027 году.",
        "Каждая из них обойдётся в полмиллиарда рублей», — сказал губернатор.",
    )
    body_start = article.sentences[1].start
    quote = QuoteSpan(7, "Павел Горбунцов", "direct", body_start + 1, article.sentences[2].start + 44)
    summary = _tell("подстанция", [article], {7: [quote]})
    texts = [c.text for c in summary.sentences]
    assert "«Мы построим в Приозерье три новые подстанции к 2027 году», — Павел Горбунцов" in texts
    assert not any(t.startswith("Мы построим") for t in texts)  # never as the bot's own statement


def test_overview_tells_each_story_in_a_sentence_or_two() -> None:
    summary = overview(
        "приозерье", ["приозерье"], [(_story(*GAS), GAS), (_story(*MARATHON), MARATHON)], {}, idf, total=4
    )
    assert not summary.full and len(summary.stories) == 2
    assert all(1 <= len(d.sentences) <= 2 for d in summary.stories)
    _refs_match_sources(summary)
    assert summary.stories[1].title == "Марафон в Липовце собрал тысячу бегунов"


def test_overview_tells_another_strike_on_other_days_with_its_own_figures() -> None:
    def strike(aid: int, day: int, flights: str) -> SourceArticle:
        return _article(
            aid, day, f"Авиакомпания Приозерья отменила {flights} рейсов",
            f"Авиакомпания Приозерья отменила {flights} рейсов из-за забастовки пилотов.",
        )

    july, august, again = [strike(11, 1, "600")], [strike(12, 29, "400")], [strike(13, 1, "600")]
    apart = overview("рейс", ["рейс"], [(_story(*july), july), (_story(*august), august)], {}, idf, total=2)
    assert len(apart.stories) == 2  # two strikes a month apart
    same = overview("рейс", ["рейс"], [(_story(*july), july), (_story(*again), again)], {}, idf, total=2)
    assert same.full  # the same figures on the same day: one story


def test_overview_leaves_out_a_story_that_retells_another() -> None:
    retold = [
        _article(
            9, 23, "Приозерье переходит на газ",
            "Котельные Приозерья к зиме переведут на природный газ, объявил министр энергетики Павел Горбунцов.",
        )
    ]
    summary = overview("газ", ["газ"], [(_story(*GAS), GAS), (_story(*retold), retold)], {}, idf, total=4)
    assert summary.full  # only one story was left: it is told in full
    assert summary.stories[0].story.key == GAS[0].id


def test_deterministic() -> None:
    first = _tell()
    for _ in range(3):
        assert _tell() == first


def test_baselines() -> None:
    assert lead3(GAS[0]) == [s.text for s in GAS[0].sentences[:3]]
    assert len(plain_lexrank(GAS, idf, 3)) == 3
    assert lexrank([], []) == []
    assert all(not re.search(r"\[\d+\]", line) for line in lead3(GAS[1]))
