"""The user's seeds through the bot: /topic экология and /topic энергетика, every story opened, read for what a
reader would mind: furniture, fragments, back-references, unbalanced marks, speech shown as the bot's words."""

from __future__ import annotations

import re
from html import unescape

import pytest

from bot.news.language import words
from bot.services.sources import seed_if_empty
from tests.conftest import SEEDS, Chat

CITED_RE = re.compile(r"^(.*\S) \[(\d+)\]$")
OPENERS = {"он", "она", "они", "это", "этот", "эта", "эти", "такой", "такое", "также", "однако", "напомним", "там"}
DROZDENKO_SAID = (  # words of the user's article that are Дрозденко's (direct speech)
    "Мы самый динамичный регион", "все, что связано с энергетикой", "Мы уже сегодня работаем",
    "Нам поставляют водоочистные станции", "мы закупим еще 52 водоочистные станции",
)


@pytest.fixture
async def seeded(chat: Chat, services) -> Chat:
    summary = await seed_if_empty(services.ingest, str(SEEDS))
    assert summary is not None and summary.count("failed") == 0
    return chat


def cited_sentences(text: str) -> list[str]:
    body = text.split("<b>Источники</b>")[0]
    return [unescape(m.group(1)) for line in body.split("\n") if (m := CITED_RE.match(line))]


def check_reads_alone(sentence: str) -> None:
    first = words(sentence)[0].lower()
    assert first not in OPENERS, sentence
    assert sentence.lstrip('«"„')[:1].isupper() or sentence[:1].isdigit(), sentence
    assert sentence.count("«") == sentence.count("»") and sentence.count('"') % 2 == 0, sentence
    assert not re.search(r"Фото:|Подробнее|читайте|Ctrl", sentence), sentence
    assert "ИННОПРОМ. [" not in sentence and not sentence.endswith('"ИННОПРОМ.'), sentence
    for said in DROZDENKO_SAID:
        if said.lower() in sentence.lower():
            assert sentence.endswith("— Александр Дрозденко") or "Дрозденко" in sentence, sentence
    outside = re.sub(r'«[^»]*»|"[^"]*"|„[^“]*“', "", sentence)
    assert not re.search(r"\b(?:[Мм]ы|[Нн]аш\w*|[Нн]ам)\b", outside), sentence  # nobody's first person


@pytest.mark.parametrize("query", ["экология", "энергетика"])
async def test_seed_topics_read_cleanly_in_every_story(seeded: Chat, query: str) -> None:
    reply = (await seeded.send(f"/topic {query}"))[-1]
    shown = cited_sentences(reply.text)
    stories = [data for _, data in Chat.buttons(reply) if data.startswith("ts:")]
    assert len(shown) >= 3 and stories
    for data in stories:
        shown += cited_sentences((await seeded.press(data))[-1].text)
    for sentence in shown:
        check_reads_alone(sentence)
    assert any(s.endswith("— Александр Дрозденко") for s in shown)  # his words, attributed to him
