"""Key terms at ingest, document frequencies, derivational neighbours, topic picking."""

from __future__ import annotations

from bot.news.keyterms import (
    BOILERPLATE,
    ENTITY,
    NOUN,
    PHRASE,
    is_neighbour,
    key_terms,
    phrase_of,
    pick_topics,
)
from tests.conftest import add_articles, make_article

ENERGY = make_article(
    "2025-03-02",
    "В Заозерске запустили новую котельную",
    "В Заозерске заработала газовая котельная мощностью 40 мегаватт, сообщила Инна Полозова, глава городской энергетики.",
    "По словам Полозовой, котельная заменит три старых угольных котла.",
    "Также в городе обновят тепловые сети.",
)
SPORT = make_article(
    "2025-03-03",
    "Лыжный марафон собрал тысячу участников",
    "В Заозерске прошел лыжный марафон на 50 километров.",
    "Победил Олег Ступин из Твери, заявил главный судья соревнований.",
)


def _terms(text: str) -> dict[str, tuple[str, float]]:
    lines = text.strip().split("\n")
    return {t.key: (t.kind, t.tf) for t in key_terms(lines[1], lines[2:])}


def test_key_terms_find_nouns_phrases_and_names() -> None:
    terms = _terms(ENERGY)
    assert terms["котельная"][0] == NOUN and terms["котельная"][1] >= 3  # title counts more
    assert terms["газовая котельная"][0] == PHRASE
    assert terms["тепловая сеть"][0] == PHRASE
    assert terms["инна полозова"][0] == ENTITY  # a bare «Полозовой» later counts for the full name
    assert "полозова" not in terms and "полозов" not in terms or terms["полозов"][0] != ENTITY
    assert terms["заозерск"][0] == ENTITY


def test_boilerplate_never_a_topic_kind() -> None:
    for text in (ENERGY, SPORT):
        for key, (kind, _) in _terms(text).items():
            if key in BOILERPLATE or key in {"заявить", "сообщить", "также", "год"}:
                assert kind not in {NOUN, PHRASE}, key


def test_phrase_agreement_and_normal_form() -> None:
    assert phrase_of("природного", "газа") == "природный газ"
    assert phrase_of("тепловые", "сети") == "тепловая сеть"
    assert phrase_of("новой", "газа") is None  # no agreement


def test_derivational_neighbours_from_morphology() -> None:
    assert is_neighbour("энергетика", "энергетический")
    assert is_neighbour("энергетический", "энергетика")
    assert not is_neighbour("энергетика", "энергетик")  # same part of speech: another word
    assert not is_neighbour("газ", "газета")


def test_pick_topics_skips_covered_and_boilerplate() -> None:
    rows = [("газ", "газ", 5, 5.0), ("природный газ", "природный газ", 5, 4.0), ("год", "год", 9, 9.0),
            ("котельная", "котельная", 3, 3.0)]
    assert [key for key, _, _ in pick_topics(rows, 5)] == ["газ", "котельная"]


async def test_document_frequencies_incremental_and_deleted(store, services) -> None:
    ids = await add_articles(services, ENERGY + SPORT)
    docs, df = await store.reader.key_terms.document_frequencies(["заозерск", "котельная", "марафон"])
    assert docs == 2 and df == {"заозерск": 2, "котельная": 1, "марафон": 1}
    assert await services.articles.key_terms(ids[0], 12)
    assert await services.articles.delete(ids[1])
    docs, df = await store.reader.key_terms.document_frequencies(["заозерск", "марафон"])
    assert docs == 1 and df == {"заозерск": 1}
    assert await services.articles.key_terms(ids[1], 12) == []


async def test_top_topics_meaningful(services) -> None:
    await add_articles(services, ENERGY + SPORT + ENERGY.replace("2025-03-02", "2025-03-04").replace("новую", "вторую"))
    keys = [topic.key for topic in await services.topics.current()]
    assert "котельная" in keys or "газовая котельная" in keys
    assert not set(keys) & (BOILERPLATE | {"заявить", "также"})
