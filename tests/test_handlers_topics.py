"""/topic and /topics through the real dispatcher: lemma matching, stories and their buttons, citations,
speech, no-match, HTML safety."""

from __future__ import annotations

import re

import pytest

from bot.views.callbacks import OpenArticle, OpenStory, ShowTopic, SubscribeTopic
from tests.conftest import Chat, add_articles, make_article

ARCHIVE = (
    make_article(
        "2025-05-01",
        "Энергетика Северогорска перейдет на газ",
        "Энергетика Северогорска к зиме полностью перейдет на природный газ, сообщил министр Павел Горбунцов.",
        "Старые угольные котлы закроют до декабря, а освободившиеся площадки отдадут под парк.",
        "Это позволит снизить выбросы почти вдвое.",
    )
    + make_article(
        "2025-05-03",
        "В Липовце открыли подстанцию",
        "В Липовце открыли подстанцию, которая укрепит энергетику северных районов области.",
        "Управлять энергетикой пригородов становится сложнее, пояснила глава комитета Вера Ласточкина.",
        "Подстанция обошлась в 900 миллионов рублей.",
    )
    + make_article(
        "2025-05-04",
        "Городской марафон собрал тысячу бегунов",
        "В Северогорске прошел городской марафон: на старт вышли около тысячи бегунов.",
        "Победил Олег Ступин, он пробежал дистанцию за 2 часа 21 минуту.",
    )
    + make_article(
        "2025-05-05",
        "Марафон в Липовце перенесли на осень",
        "Весенний марафон в Липовце перенесли на октябрь из-за ремонта набережной.",
        "Организаторы марафона вернут деньги всем, кто уже оплатил участие.",
    )
)


@pytest.fixture
async def archive(services) -> list[int]:
    return await add_articles(services, ARCHIVE)


def _refs(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", text.split("<b>Источники</b>")[0])]


@pytest.mark.parametrize("word", ["энергетике", "энергетика", "энергетикой", "ЭНЕРГЕТИКУ"])
async def test_topic_matches_any_case_form(chat: Chat, archive: list[int], word: str) -> None:
    replies = await chat.send(f"/topic {word}")
    text = replies[-1].text
    assert f"Тема «{word}»" in text  # the query as typed, in quote marks: «Тема: энергетике» read as broken
    assert "2 статьи" in text
    assert "Энергетика Северогорска" in text and "В Липовце открыли подстанцию" in text
    assert "марафон" not in text.lower()


def _sources(text: str) -> list[str]:
    return [line for line in text.split("<b>Источники</b>")[1].strip().split("\n") if line.startswith("[")]


def _check_citations(text: str) -> None:
    refs = _refs(text)
    assert refs and sorted(set(refs)) == list(range(1, len(_sources(text)) + 1))  # listed == cited


async def test_stories_with_a_button_each_then_one_story_in_full(chat: Chat, archive: list[int]) -> None:
    reply = (await chat.send("/topic энергетика"))[-1]
    assert "2 сюжета" in reply.text
    _check_citations(reply.text)
    buttons = Chat.buttons(reply)
    stories = [data for _, data in buttons if data.startswith("ts:")]
    assert len(stories) == 2 and any(data.startswith("st:") for _, data in buttons)
    assert not any(data.startswith("ar:") for _, data in buttons)

    story = (await chat.press(stories[1]))[-1]
    _check_citations(story.text)
    assert "В Липовце открыли подстанцию" in story.text or "Энергетика Северогорска" in story.text
    opens = [OpenArticle.unpack(chat.unsigned(data)) for _, data in Chat.buttons(story) if data.startswith("ar:")]
    assert len(opens) == len(_sources(story.text))
    opened = await chat.press_signed(OpenArticle(id=opens[0].id).pack())
    first_title = _sources(story.text)[0].split("] ", 1)[1].split(" — ")[0]
    assert first_title in opened[0].text

    back = next(data for _, data in Chat.buttons(story) if data.startswith("tp:"))
    assert "2 сюжета" in (await chat.press(back))[-1].text


async def test_a_query_of_one_story_is_told_in_full(chat: Chat, archive: list[int]) -> None:
    reply = (await chat.send("/topic подстанция"))[-1]
    assert "сюжет" not in reply.text.split("\n")[0]
    assert "<b>В Липовце открыли подстанцию</b>" in reply.text
    _check_citations(reply.text)
    assert not any(data.startswith(("ts:", "tp:")) for _, data in Chat.buttons(reply))


async def test_a_stale_story_button_answers_the_topic_again(chat: Chat, archive: list[int]) -> None:
    topic_id = await chat.services.callback_args.remember("энергетика", 1001)
    replies = await chat.press_signed(OpenStory(topic=topic_id, story=999_999).pack())
    assert "2 сюжета" in replies[-1].text  # the story is gone: the topic as it is now
    foreign = await chat.services.callback_args.remember("энергетика", 555)
    assert await chat.press_signed(OpenStory(topic=foreign, story=archive[0]).pack()) == []  # another chat's words


async def test_speech_is_shown_as_speech_with_its_speaker(chat: Chat, services) -> None:
    await add_articles(
        services,
        make_article(
            "2025-06-02",
            "В Северогорске построят три подстанции",
            "Губернатор Северогорской области Иван Прохоров рассказал о планах энергетиков.",
            "«Мы построим три новые подстанции к осени следующего года. Каждая обойдётся в полмиллиарда рублей», "
            "— сказал Прохоров журналистам.",
            "Первую подстанцию заложат в мае на окраине Северогорска.",
        ),
    )
    text = (await chat.send("/topic подстанции"))[-1].text
    # the quotation and its attribution are one sentence (never split inside quote marks)
    assert "«Мы построим три новые подстанции к осени следующего года. Каждая обойдётся" in text
    assert "рублей», — сказал Прохоров журналистам. [1]" in text
    assert "\nМы построим" not in text


async def test_topic_deterministic(chat: Chat, archive: list[int]) -> None:
    first = (await chat.send("/topic энергетика"))[-1].text
    second = (await chat.send("/topic энергетикой"))[-1].text
    assert first.split("\n", 1)[1] == second.split("\n", 1)[1]


async def test_phrase_topic_needs_all_words(chat: Chat, archive: list[int]) -> None:
    text = (await chat.send("/topic марафон Липовец"))[-1].text
    assert "1 статья" in text and "Марафон в Липовце" in text


async def test_no_match_suggests_topics(chat: Chat, archive: list[int]) -> None:
    reply = (await chat.send("/topic марафонцы вулканы"))[-1]
    assert "ничего не нашлось" in reply.text
    buttons = Chat.buttons(reply)
    assert buttons and all(data.startswith("tp:") for _, data in buttons)
    follow = await chat.press(buttons[0][1])
    assert "Тема «" in follow[-1].text


async def test_usage_and_long_query(chat: Chat) -> None:
    assert "/topic энергетика" in (await chat.send("/topic"))[-1].text
    assert "не больше" in (await chat.send("/topic " + "слово " * 60))[-1].text
    assert "нет статей" in (await chat.send("/topics"))[-1].text


async def test_html_safety(chat: Chat, services) -> None:
    await add_articles(
        services,
        make_article(
            "2025-06-01",
            "Энергетика <b>без</b> тегов & прочего",
            "Энергетика <i>региона</i> растет: тариф < 5 рублей & мощность > 10 мегаватт.",
            "Энергетика области получила <script>alert(1)</script> новый резерв мощности.",
        ),
    )
    text = (await chat.send("/topic энергетика"))[-1].text
    assert "<i>региона</i>" not in text and "<script>" not in text and "<b>без</b>" not in text
    assert "&lt;b&gt;без&lt;/b&gt;" in text and "&amp;" in text and "&lt; 5" in text
    assert re.sub(r"</?(b|i)>", "", text).count("<") == 0


async def test_topics_buttons_open_summaries(chat: Chat, archive: list[int]) -> None:
    reply = (await chat.send("/topics"))[-1]
    buttons = Chat.buttons(reply)
    assert buttons and all(data.startswith("tp:") for _, data in buttons)
    labels = [label.lower() for label, _ in buttons]
    for boring in ("заявить", "сообщить", "год", "также", "область", "тысяча", "рубль"):
        assert boring not in labels
    assert any("марафон" in label or "энергетик" in label for label in labels)
    pressed = await chat.press(buttons[0][1])
    assert "Тема «" in pressed[-1].text and "Источники" in pressed[-1].text
    _check_citations(pressed[-1].text)
    ShowTopic.unpack(chat.unsigned(buttons[0][1]))


async def test_subscribe_button_carries_topic(chat: Chat, archive: list[int]) -> None:

    reply = (await chat.send("/topic энергетика"))[-1]
    data = next(data for _, data in Chat.buttons(reply) if data.startswith("st:"))
    topic_id = SubscribeTopic.unpack(chat.unsigned(data)).topic
    assert await chat.services.callback_args.recall(topic_id, 1001) == "энергетика"


async def test_one_added_word_is_named_in_the_singular(chat: Chat, services) -> None:
    await add_articles(services, make_article(
        "2025-06-01", "Экология Северогорска", "Экология Северогорска улучшилась, заявил эколог Павел Горбунцов.",
        "Экологический совет города одобрил новые фильтры.",
    ) + make_article("2025-06-02", "Экология реки", "Экология реки Липовки беспокоит рыбаков."))
    text = (await chat.send("/topic экология"))[-1].text
    assert "<i>с учётом слова: экологический</i>" in text
