"""/topics (what the archive is about now) and /topic <words> (a cited summary over all matching articles)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import render
from bot.news.summarize import TopicSummary
from bot.render import OpenArticle, ShowTopic, SubscribeTopic, esc
from storage import callback_args
from storage import topics as topics_repo
from storage.db import Database
from storage.topics import NoMatch

MAX_TOPIC_CHARS = 200
TOPICS_SHOWN = 12

TOPIC_USAGE = (
    "Напишите тему: <code>/topic энергетика</code> или <code>/topic природный газ</code>. "
    "Темы последних новостей — /topics"
)
NO_TOPICS = "В архиве пока нет статей, тем тоже нет."



def summary_text(summary: TopicSummary) -> str:
    """HTML: heading, the cited sentences, then the numbered list of articles the numbers refer to."""
    total = summary.total
    head = f"<b>Тема: {esc(summary.query)}</b> — {total} {render.plural(total, 'статья', 'статьи', 'статей')}"
    if summary.neighbours:
        head += f"\n<i>с учётом слов: {esc(', '.join(summary.neighbours))}</i>"
    lines = [head, ""]
    for cited in summary.sentences:
        lines.append(f"{esc(cited.text)} [{cited.ref}]")
    if not summary.sentences:
        lines.append("Подходящих предложений для сводки не нашлось — вот сами статьи.")
    lines += ["", "<b>Источники</b>"]
    for n, article in enumerate(summary.articles, start=1):
        lines.append(f"[{n}] {esc(article.title)} — <i>{render.date_ru(article.date)}</i>")
    return "\n".join(lines)


def summary_keyboard(summary: TopicSummary, topic_id: int) -> InlineKeyboardMarkup | None:
    rows = [
        [render.button(f"Открыть [{n}] {article.title}", OpenArticle(id=article.id))]
        for n, article in enumerate(summary.articles, start=1)
    ]
    rows.append([render.button("🔔 Подписаться на тему", SubscribeTopic(topic=topic_id))])
    return render.keyboard(rows)


def no_match_text(result: NoMatch) -> str:
    text = f"По теме «{esc(result.query)}» в архиве ничего не нашлось."
    if result.suggestions:
        text += "\nВозможно, вас интересует одна из этих тем:"
    else:
        text += " Посмотрите /topics или попробуйте другие слова."
    return text


def topics_text(topics: list[tuple[str, str, int]]) -> str:
    lines = ["<b>О чём пишут сейчас</b>", "Нажмите на тему, чтобы получить сводку:"]
    for n, (_, label, count) in enumerate(topics, start=1):
        lines.append(f"{n}. {esc(label)} — {count} {render.plural(count, 'статья', 'статьи', 'статей')}")
    return "\n".join(lines)


async def remember_all(db: Database, texts: list[str]) -> list[int]:
    """callback_args ids of ``texts``; writes (a transaction) only for texts not stored yet."""
    known: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        async with db.read.execute("SELECT id FROM callback_args WHERE text = ?", (text,)) as cur:
            row = await cur.fetchone()
        if row is not None:
            known[text] = row[0]
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        async with db.transaction() as conn:
            for text in missing:
                known[text] = await callback_args.remember(conn, text)
    return [known[t] for t in texts]


async def topic_buttons(db: Database, labels: list[str]) -> list[list[InlineKeyboardButton]]:
    """Two topic buttons per row; each carries the callback_args id of its words."""
    ids = await remember_all(db, labels)
    buttons = [render.button(label, ShowTopic(topic=i)) for label, i in zip(labels, ids, strict=True)]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


async def topic_reply(db: Database, query: str) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The messages answering a topic query (the keyboard rides on the last one)."""
    result = await topics_repo.topic_summary(db.read, query)
    if isinstance(result, NoMatch):
        if not result.terms:
            return [(TOPIC_USAGE, None)]
        rows = await topic_buttons(db, [label.strip("«»") for _, label in result.suggestions])
        return [(no_match_text(result), render.keyboard(rows))]
    [topic_id] = await remember_all(db, [query])
    parts = render.split_message(summary_text(result))
    markup = summary_keyboard(result, topic_id)
    return [(part, markup if i == len(parts) - 1 else None) for i, part in enumerate(parts)]


async def send_topic(message: Message, db: Database, query: str) -> None:
    for text, markup in await topic_reply(db, query):
        await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="topics")

    @router.message(Command("topics"))
    async def topics(message: Message, db: Database) -> None:
        found = await topics_repo.top_topics(db.read, TOPICS_SHOWN)
        if not found:
            await message.answer(NO_TOPICS)
            return
        rows = await topic_buttons(db, [label.strip("«»") for _, label, _ in found])
        await message.answer(topics_text(found), reply_markup=render.keyboard(rows))

    @router.message(Command("topic"))
    async def topic(message: Message, command: CommandObject, db: Database) -> None:
        query = " ".join((command.args or "").split())
        if not query:
            await message.answer(TOPIC_USAGE)
            return
        if len(query) > MAX_TOPIC_CHARS:
            await message.answer(f"Слишком длинная тема: не больше {MAX_TOPIC_CHARS} символов.")
            return
        await send_topic(message, db, query)

    @router.callback_query(ShowTopic.filter())
    async def topic_button(callback: CallbackQuery, callback_data: ShowTopic, db: Database) -> None:
        query = await callback_args.recall(db.read, callback_data.topic)
        if query is None:
            await callback.answer("Эта кнопка устарела. Наберите /topics ещё раз.")
            return
        await callback.answer()
        if isinstance(callback.message, Message):
            await send_topic(callback.message, db, query)

    return router
