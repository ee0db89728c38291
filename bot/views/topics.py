"""/topics (what the archive is about now) and /topic (a topic's stories, and one story told in full)."""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.news.furniture import clean_title
from bot.news.language import shorten
from bot.news.records import NoMatch, Topic
from bot.news.stories import Story
from bot.news.summarize import SourceArticle, TopicSummary
from bot.views import html
from bot.views.callbacks import OpenArticle, OpenStory, ShowTopic, ShowTrend, SubscribeTopic
from bot.views.html import esc

USAGE = (
    "Напишите тему: <code>/topic энергетика</code> или <code>/topic природный газ</code>. "
    "Темы последних новостей — /topics"
)
NO_TOPICS = "В архиве пока нет статей, тем тоже нет."
STALE_BUTTON = "Эта кнопка устарела. Наберите /topics ещё раз."
STALE_STORY = "Архив изменился, этого сюжета больше нет — вот тема заново."
NO_SENTENCES = "Подходящих предложений для сводки не нашлось — вот сами статьи."
TREND_BUTTON = "📈 График темы"
FURTHER_LISTED = 8
TITLE_CHARS = 150
_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
    "декабря",
)


def too_long(limit: int) -> str:
    return f"Слишком длинная тема: не больше {limit} символов."


def articles_ru(n: int) -> str:
    return html.count_ru(n, "статья", "статьи", "статей")


def stories_ru(n: int) -> str:
    return html.count_ru(n, "сюжет", "сюжета", "сюжетов")


def day_ru(date: dt.date, year: bool = True) -> str:
    """«9 июля 2018»."""
    text = f"{date.day} {_MONTHS[date.month - 1]}"
    return f"{text} {date.year}" if year else text


def span_ru(first: dt.date, last: dt.date) -> str:
    """A story's days: «9 июля 2018», «9–12 июля 2018», «28 сентября – 2 октября 2018»."""
    if first == last:
        return day_ru(last)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{day_ru(last)}"
    if first.year == last.year:
        return f"{day_ru(first, year=False)} – {day_ru(last)}"
    return f"{day_ru(first)} – {day_ru(last)}"


def headline(title: str) -> str:
    """A title as the lists show it: crawl stamps and a printed lead cut off, at most TITLE_CHARS."""
    return shorten(clean_title(title), TITLE_CHARS)


def story_line(story: Story) -> str:
    return f"{span_ru(story.first, story.last)} · {articles_ru(story.size)}"


def _head(summary: TopicSummary) -> list[str]:
    head = f"<b>Тема «{esc(summary.query)}»</b> — {articles_ru(summary.total)}"
    if not summary.full:
        head += f", {stories_ru(len(summary.stories) + summary.more_stories)}"
    lines = [head]
    if summary.neighbours:
        words = "слова" if len(summary.neighbours) == 1 else "слов"
        lines.append(f"<i>с учётом {words}: {esc(', '.join(summary.neighbours))}</i>")
    if summary.total > summary.grouped > 0 and not summary.full:
        lines.append(f"<i>главные сюжеты среди {articles_ru(summary.grouped)}, самых новых</i>")
    return lines


def _sources(articles: tuple[SourceArticle, ...]) -> list[str]:
    lines = ["", "<b>Источники</b>"]
    lines += [
        f"[{n}] {esc(headline(a.title))} — <i>{html.date_ru(a.date)}</i>" for n, a in enumerate(articles, start=1)
    ]
    return lines


def overview_text(summary: TopicSummary) -> str:
    """The heading, each story (headline, days and size, its one or two cited sentences), the numbered sources."""
    lines = _head(summary)
    for n, digest in enumerate(summary.stories, start=1):
        lines += ["", f"<b>{n}. {esc(headline(digest.title))}</b>", f"<i>{story_line(digest.story)}</i>"]
        lines += [f"{esc(c.text)} [{c.ref}]" for c in digest.sentences]
    if summary.more_stories:
        lines += ["", f"<i>И ещё {stories_ru(summary.more_stories)} поменьше.</i>"]
    return "\n".join(lines + _sources(summary.articles))


def story_text(summary: TopicSummary) -> str:
    """One story in full: its headline, days and size, 4–6 cited sentences, the sources and its other articles."""
    lines = _head(summary)
    digest = summary.stories[0]
    lines += ["", f"<b>{esc(headline(digest.title))}</b>", f"<i>{story_line(digest.story)}</i>", ""]
    lines += [f"{esc(c.text)} [{c.ref}]" for c in digest.sentences] or [NO_SENTENCES]
    if summary.articles:
        lines += _sources(summary.articles)
    further = summary.further[:FURTHER_LISTED]
    if further:
        lines += ["", "<b>Ещё в сюжете</b>"]
        lines += [f"• {esc(headline(a.title))} — <i>{html.date_ru(a.date)}</i>" for a in further]
    unlisted = digest.story.size - len(summary.articles) - len(further)
    if unlisted > 0:
        lines.append(f"<i>и ещё {articles_ru(unlisted)}</i>")
    return "\n".join(lines)


def overview_keyboard(summary: TopicSummary, topic_id: int) -> InlineKeyboardMarkup | None:
    rows = [
        [html.button(f"{n}. {digest.title}", OpenStory(topic=topic_id, story=digest.story.key))]
        for n, digest in enumerate(summary.stories, start=1)
    ]
    rows.append(topic_actions(topic_id))
    return html.keyboard(rows)


def story_keyboard(summary: TopicSummary, topic_id: int) -> InlineKeyboardMarkup | None:
    listed = summary.articles or summary.further[:FURTHER_LISTED]
    rows = [
        [html.button(f"Открыть [{n}] {clean_title(a.title)}" if summary.articles else clean_title(a.title),
                     OpenArticle(id=a.id))]
        for n, a in enumerate(listed, start=1)
    ]
    if summary.more_stories:
        rows.append([html.button("◀ Все сюжеты темы", ShowTopic(topic=topic_id))])
    rows.append(topic_actions(topic_id))
    return html.keyboard(rows)


def topic_actions(topic_id: int) -> list[InlineKeyboardButton]:
    return [
        html.button("🔔 Подписаться на тему", SubscribeTopic(topic=topic_id)),
        html.button(TREND_BUTTON, ShowTrend(topic=topic_id)),
    ]


def summary_messages(summary: TopicSummary, topic_id: int) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    if summary.full:
        return html.answer_parts(story_text(summary), story_keyboard(summary, topic_id))
    return html.answer_parts(overview_text(summary), overview_keyboard(summary, topic_id))


def no_match_text(result: NoMatch) -> str:
    text = f"По теме «{esc(result.query)}» в архиве ничего не нашлось."
    if result.suggestions:
        text += "\nВозможно, вас интересует одна из этих тем:"
    else:
        text += " Посмотрите /topics или попробуйте другие слова."
    return text


def topic_buttons(labels: list[str], ids: list[int]) -> list[list[InlineKeyboardButton]]:
    """Two topic buttons per row; each carries the callback_args id of its words."""
    buttons = [html.button(label, ShowTopic(topic=i)) for label, i in zip(labels, ids, strict=True)]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def topics_text(topics: list[Topic]) -> str:
    lines = ["<b>О чём пишут сейчас</b>", "Нажмите на тему, чтобы получить сводку:"]
    for n, topic in enumerate(topics, start=1):
        lines.append(f"{n}. {esc(topic.label)} — {articles_ru(topic.articles)}")
    return "\n".join(lines)


def button_label(label: str) -> str:
    """A topic's words as a button shows them (and a press sends back): «ИННОПРОМ» without the quote marks."""
    return label.strip("«»")
