"""Story grouping on our own articles: same event together, different events apart, time, order, ties."""

from __future__ import annotations

import datetime as dt
import random

from bot.news.keyterms import key_terms
from bot.news.language import content_lemmas
from bot.news.stories import Story, StoryDoc, features, group, story_of, story_terms
from tests.conftest import add_articles, make_article

DAY = dt.date(2025, 3, 1)


def doc(aid: int, day: int, text: str, *terms: str, about: bool = True) -> StoryDoc:
    weighted = [(t, 5.0) for t in terms] + [(lem, 4.0) for lem in dict.fromkeys(content_lemmas(text))]
    return StoryDoc(aid, DAY + dt.timedelta(days=day), features(weighted, {"мост"}), about)


BRIDGE = [
    doc(1, 0, "Мост через Сорогу в Липовце закрыли на ремонт, объезд пройдёт у элеватора", "сорога", "ремонт"),
    doc(2, 0, "Ремонт моста через Сорогу: машины пустили в объезд у элеватора", "сорога", "ремонт"),
    doc(3, 1, "Из-за ремонта моста через Сорогу автобусы ходят в объезд", "сорога", "ремонт", "автобус"),
]
FERRY = [  # the same days, the same town, another event
    doc(4, 1, "В Липовце после зимы открыли паромную переправу через Лань", "паромная переправа", "лань"),
    doc(5, 2, "Паромная переправа через Лань работает каждые полчаса", "паромная переправа", "лань"),
]
LATER_BRIDGE = [doc(6, 40, "Мост через Сорогу снова закрыли на ремонт, объезд у элеватора", "сорога", "ремонт")]


def ids(stories: list[Story]) -> list[list[int]]:
    return [sorted(s.ids) for s in stories]


def test_two_events_are_told_apart_and_each_is_whole() -> None:
    stories = group(BRIDGE + FERRY)
    assert ids(stories) == [[1, 2, 3], [4, 5]]  # heaviest first
    bridge = stories[0]
    assert (bridge.first, bridge.last, bridge.size) == (DAY, DAY + dt.timedelta(days=1), 3)
    assert bridge.days == ((DAY, 2), (DAY + dt.timedelta(days=1), 1))  # per day: a trend chart's peaks
    assert bridge.key in bridge.ids and bridge.ids[0] == bridge.key  # the most central article names it


def test_the_same_words_weeks_later_are_another_story() -> None:
    stories = group(BRIDGE + LATER_BRIDGE)
    assert ids(stories) == [[1, 2, 3], [6]]


def test_passing_mentions_weigh_less_than_articles_about_the_query() -> None:
    mentions = [
        doc(7, 3, "Паромщики Сороги получили новые катера к сезону", "катер", "сезон", about=False),
        doc(8, 3, "Катера для паромщиков Сороги пришли к началу сезона", "катер", "сезон", about=False),
        doc(9, 3, "Новые катера паромщиков Сороги вышли на воду в сезон", "катер", "сезон", about=False),
    ]
    stories = group(FERRY + mentions)
    assert ids(stories) == [[4, 5], [7, 8, 9]]
    assert stories[1].weight < stories[0].weight


def test_grouping_ignores_input_order() -> None:
    docs = BRIDGE + FERRY + LATER_BRIDGE
    expected = group(docs)
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert group(shuffled) == expected


def test_a_story_is_found_by_any_of_its_articles() -> None:
    stories = group(BRIDGE + FERRY)
    assert story_of(stories, 5) is stories[1]
    assert story_of(stories, 99) is None


def test_query_words_do_not_make_a_story() -> None:
    vector = features([("мост", 9.0), ("мост сорога", 3.0), ("сорога", 2.0), ("паром", 1.0)], {"мост", "сорога"})
    assert set(vector) == {"паром"}  # a phrase of query words is the query too
    assert abs(sum(w * w for w in vector.values()) - 1.0) < 1e-9


def test_story_terms_weigh_the_rare_and_the_headline() -> None:
    terms = key_terms(
        "Мост через Сорогу закрыли на ремонт",
        ["Мост через Сорогу в Липовце закрыли на ремонт до осени.", "Объезд пройдёт у элеватора."],
    )
    df = {"сорога": 1, "элеватор": 1, "мост": 40, "ремонт": 30, "липовец": 35}
    stored = dict(story_terms(terms, df, 100))
    assert stored["сорога"] > stored["мост"]  # rarer in the archive
    assert stored["сорога"] > stored["элеватор"]  # in the title and the lead, not only in the body
    assert "год" not in stored and "через" not in stored  # boilerplate and function words say nothing


async def test_story_terms_are_stored_at_ingest_and_go_with_their_article(services) -> None:
    [aid] = await add_articles(
        services,
        make_article("2025-03-01", "Мост через Сорогу закрыли", "Мост через Сорогу в Липовце закрыли на ремонт."),
    )
    reader = services.store.reader
    stored = (await reader.key_terms.story_terms([aid]))[aid]
    assert dict(stored).keys() >= {"сорога", "мост"}
    assert [w for _, w in stored] == sorted((w for _, w in stored), reverse=True)
    await services.articles.delete(aid)
    assert await reader.key_terms.story_terms([aid]) == {}
