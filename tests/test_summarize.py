"""The pure summariser: citations, determinism, penalties, de-duplication."""

from __future__ import annotations

import datetime as dt

from bot.news.language import content_lemmas
from bot.news.summarize import (
    SourceArticle,
    SourceSentence,
    lead3,
    lexrank,
    plain_lexrank,
    standalone_penalty,
    summarize,
)


def _article(aid: int, day: int, title: str, *sentences: str) -> SourceArticle:
    sents = tuple(SourceSentence(i, s, tuple(content_lemmas(s))) for i, s in enumerate(sentences))
    return SourceArticle(aid, dt.date(2025, 4, day), title, frozenset(content_lemmas(title)), sents)


ARTICLES = [
    _article(
        3, 20, "Энергетика Приозерья переходит на газ",
        "Энергетика Приозерья к зиме полностью перейдет на природный газ, сообщил министр Павел Горбунцов.",
        "Это позволит снизить выбросы на треть.",
        "«Мы долго к этому шли», — добавил он.",
        "Энергетика Приозерья к зиме полностью перейдет на природный газ, сообщил министр Павел Горбунцов.",
    ),
    _article(
        2, 18, "Новая подстанция в Липовце",
        "В Липовце открыли подстанцию, которая укрепит энергетику северных районов.",
        "Подстанция обошлась в 900 миллионов рублей.",
    ),
    _article(
        1, 10, "Ремонт котельных завершен",
        "В Приозерье завершили ремонт котельных, важный для энергетики региона.",
        "Также отремонтировали школы.",
    ),
]
IDF = {"энергетика": 1.2, "приозерье": 2.0}


def idf(lemma: str) -> float:
    return IDF.get(lemma, 2.5)


def test_citations_point_to_listed_articles() -> None:
    summary = summarize("энергетика", ["энергетика"], ARTICLES, idf)
    assert 3 <= len(summary.sentences) <= 6
    for cited in summary.sentences:
        article = summary.articles[cited.ref - 1]
        assert cited.article_id == article.id
        assert cited.text in {s.text for s in article.sentences}
    refs = [c.ref for c in summary.sentences]
    assert refs == sorted(refs) and refs[0] == 1  # numbered in order of first citation


def test_deterministic_and_order_independent_of_dict_state() -> None:
    first = summarize("энергетика", ["энергетика"], ARTICLES, idf)
    for _ in range(3):
        assert summarize("энергетика", ["энергетика"], ARTICLES, idf) == first


def test_duplicates_removed_and_dependent_sentences_avoided() -> None:
    summary = summarize("энергетика", ["энергетика"], ARTICLES, idf)
    texts = [c.text for c in summary.sentences]
    assert len(texts) == len(set(texts))
    assert "«Мы долго к этому шли», — добавил он." not in texts


def test_penalties() -> None:
    plain = standalone_penalty("Энергетика региона к зиме перейдет на природный газ, сообщил министр.")
    assert plain == 1.0
    assert standalone_penalty("Это позволит снизить выбросы на треть в ближайшие годы.") < plain
    assert standalone_penalty("При этом тарифы для населения не вырастут в следующем году.") < plain
    assert standalone_penalty("«Мы долго к этому шли и наконец дошли до цели»") < 0.5
    assert standalone_penalty("Для энергетики края, напомнил он, это крупнейший проект последних лет.") < plain
    assert standalone_penalty('Иммунитет формируется за две недели", — сказала министр Лидия Гаранина.') < plain
    assert standalone_penalty("Каждая подстанция важна для области и ее жителей», — сказала она.") < plain


def test_baselines() -> None:
    assert lead3(ARTICLES[0]) == [s.text for s in ARTICLES[0].sentences[:3]]
    assert len(plain_lexrank(ARTICLES, idf, 3)) == 3
    assert lexrank([], []) == []
