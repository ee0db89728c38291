"""/topics (what the archive is about now) and /topic (a cited summary over the matching articles)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.news.records import NoMatch, Topic
from bot.news.summarize import TopicSummary
from bot.views import html
from bot.views.callbacks import OpenArticle, ShowTopic, SubscribeTopic
from bot.views.html import esc

USAGE = (
    "Напишите тему: <code>/topic энергетика</code> или <code>/topic природный газ</code>. "
    "Темы последних новостей — /topics"
)
NO_TOPICS = "В архиве пока нет статей, тем тоже нет."
STALE_BUTTON = "Эта кнопка устарела. Наберите /topics ещё раз."


def too_long(limit: int) -> str:
    return f"Слишком длинная тема: не больше {limit} символов."


def articles_ru(n: int) -> str:
    return html.count_ru(n, "статья", "статьи", "статей")


def summary_text(summary: TopicSummary) -> str:
    """Heading, the cited sentences, then the numbered list of articles the numbers refer to."""
    head = f"<b>Тема: {esc(summary.query)}</b> — {articles_ru(summary.total)}"
    if summary.neighbours:
        head += f"\n<i>с учётом слов: {esc(', '.join(summary.neighbours))}</i>"
    lines = [head, ""]
    for cited in summary.sentences:
        lines.append(f"{esc(cited.text)} [{cited.ref}]")
    if not summary.sentences:
        lines.append("Подходящих предложений для сводки не нашлось — вот сами статьи.")
    lines += ["", "<b>Источники</b>"]
    for n, article in enumerate(summary.articles, start=1):
        lines.append(f"[{n}] {esc(article.title)} — <i>{html.date_ru(article.date)}</i>")
    return "\n".join(lines)


def summary_keyboard(summary: TopicSummary, topic_id: int) -> InlineKeyboardMarkup | None:
    rows = [
        [html.button(f"Открыть [{n}] {article.title}", OpenArticle(id=article.id))]
        for n, article in enumerate(summary.articles, start=1)
    ]
    rows.append([html.button("🔔 Подписаться на тему", SubscribeTopic(topic=topic_id))])
    return html.keyboard(rows)


def summary_messages(summary: TopicSummary, topic_id: int) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    return html.answer_parts(summary_text(summary), summary_keyboard(summary, topic_id))


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
