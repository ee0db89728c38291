"""What a daily digest says: for each subscription, the stories of its new articles, one sentence each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.news.language import shorten
from bot.news.records import DigestItem, StoredArticle

SENTENCE_CHARS = 300
MAX_STORIES = 8  # per subscription; the rest are counted


@dataclass(frozen=True, slots=True)
class DigestStory:
    article_id: int  # the article the story is told by (its newest)
    title: str
    sentence: str
    articles: int  # how many of the day's articles tell this story


@dataclass(frozen=True, slots=True)
class DigestGroup:
    topic: str  # the subscription's words
    stories: list[DigestStory]
    more: int = 0  # stories left out


@dataclass(frozen=True, slots=True)
class DigestContent:
    date: str  # the chat's local date, ISO
    groups: list[DigestGroup] = field(default_factory=list)

    @property
    def topics(self) -> list[str]:
        return [group.topic for group in self.groups]

    def to_dict(self) -> dict:
        """What ``from_dict`` reads (``dataclasses.asdict`` does the same, several times slower)."""
        return {
            "date": self.date,
            "groups": [
                {
                    "topic": g.topic,
                    "stories": [
                        {"article_id": s.article_id, "title": s.title, "sentence": s.sentence, "articles": s.articles}
                        for s in g.stories
                    ],
                    "more": g.more,
                }
                for g in self.groups
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> DigestContent:
        groups = [
            DigestGroup(g["topic"], [DigestStory(**s) for s in g["stories"]], g.get("more", 0)) for g in data["groups"]
        ]
        return cls(data["date"], groups)


def assemble(
    day: dt.date,
    items: Sequence[DigestItem],
    articles: Mapping[int, StoredArticle],
    story_of: Mapping[int, int],
    sentence_of: Mapping[int, str] | None = None,
) -> DigestContent:
    """Group the waiting articles by subscription, then by story (``story_of``: article id -> the id of its
    story's most central article), largest stories first; each story is told by the lead (or ``sentence_of``)
    of that central article when it is among them, else of its newest."""
    sentence_of = sentence_of or {}
    by_topic: dict[str, list[int]] = {}
    for item in items:
        if item.article_id in articles:
            for topic in item.topics:
                by_topic.setdefault(topic, []).append(item.article_id)
    groups = []
    for topic in sorted(by_topic):
        stories: dict[int, list[StoredArticle]] = {}
        for article_id in dict.fromkeys(by_topic[topic]):
            stories.setdefault(story_of.get(article_id, article_id), []).append(articles[article_id])
        told = []
        for key, members in stories.items():
            teller = next((a for a in members if a.id == key), None) or max(members, key=lambda a: (a.date, a.id))
            sentence = sentence_of.get(teller.id) or teller.lead
            told.append(DigestStory(teller.id, teller.title, shorten(sentence, SENTENCE_CHARS), len(members)))
        told.sort(key=lambda s: (-s.articles, -s.article_id))
        groups.append(DigestGroup(topic, told[:MAX_STORIES], max(0, len(told) - MAX_STORIES)))
    return DigestContent(day.isoformat(), groups)
