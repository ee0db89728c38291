"""/quotes <name>: what a person said, newest first; /speakers: who is quoted most."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import render
from bot.render import OpenArticle, SpeakerQuotes, esc
from storage import quotes as quotes_repo
from storage.db import Database
from storage.quotes import Speaker, StoredQuote

PAGE = 5
TOP_SPEAKERS = 15
MAX_NAME_CHARS = 100
KIND_RU = {"direct": "прямая речь", "indirect": "косвенная речь"}

USAGE = "Напишите, чьи цитаты показать: <code>/quotes Громова</code> или <code>/quotes Марина Громова</code>. Кого цитируют — /speakers"


def speaker_title(speaker: Speaker) -> str:
    role = f", {esc(speaker.role)}" if speaker.role else ""
    return f"<b>{esc(speaker.name)}</b>{role}"


def quotes_view(
    speaker: Speaker, quotes: list[StoredQuote], offset: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [f"{speaker_title(speaker)} — цитат: {speaker.quote_count}"]
    for n, quote in enumerate(quotes, start=offset + 1):
        role = f" ({esc(quote.role)})" if quote.role and quote.role != speaker.role else ""
        said = esc(render.shorten(quote.text, 700))
        said = f"«{said}»" if quote.kind == "direct" else f"— {said}"
        lines.append(
            f"\n{n}. {said}{role}\n"
            f"<i>{render.date_ru(quote.article_date)} · {KIND_RU.get(quote.kind, quote.kind)}</i> · "
            f"{esc(render.shorten(quote.article_title, 120))}"
        )
    rows, seen = [], set()
    for n, quote in enumerate(quotes, start=offset + 1):
        if quote.article_id not in seen:
            seen.add(quote.article_id)
            rows.append([render.button(f"{n}. {quote.article_title}", OpenArticle(id=quote.article_id))])
    rows.append(
        render.pager_row(offset, PAGE, speaker.quote_count, lambda o: SpeakerQuotes(speaker=speaker.id, offset=o, edit=1))
    )
    return "\n".join(lines), render.keyboard(rows)


def choose_view(query: str, speakers: list[Speaker]) -> tuple[str, InlineKeyboardMarkup | None]:
    text = f"«{esc(query)}» — это несколько человек. Выберите:"
    rows = [
        [render.button(f"{s.name}" + (f", {s.role}" if s.role else ""), SpeakerQuotes(speaker=s.id, offset=0))]
        for s in speakers[:10]
    ]
    return text, render.keyboard(rows)


async def speaker_page(db: Database, speaker_id: int, offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    speaker = await quotes_repo.get_speaker(db.read, speaker_id)
    if speaker is None or speaker.quote_count <= 0:
        return "Цитат этого человека в архиве больше нет. Кого цитируют — /speakers", None
    offset = min(max(offset, 0), max(speaker.quote_count - 1, 0))
    quotes = await quotes_repo.quotes_of(db.read, speaker_id, PAGE, offset)
    return quotes_view(speaker, quotes, offset)


def create_router() -> Router:
    router = Router(name="quotes")

    @router.message(Command("quotes"))
    async def quotes(message: Message, command: CommandObject, db: Database) -> None:
        query = " ".join((command.args or "").split())
        if not query:
            await message.answer(USAGE)
            return
        if len(query) > MAX_NAME_CHARS or not any(ch.isalpha() for ch in query):
            await message.answer("Укажите имя или фамилию, например <code>/quotes Громова</code>.")
            return
        speakers = await quotes_repo.find_speakers(db.read, query)
        if len(speakers) == 1:
            text, markup = await speaker_page(db, speakers[0].id, 0)
        elif speakers:
            text, markup = choose_view(query, speakers)
        else:
            text, markup = await unknown_view(db, query)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(SpeakerQuotes.filter())
    async def speaker_button(callback: CallbackQuery, callback_data: SpeakerQuotes, db: Database) -> None:
        text, markup = await speaker_page(db, callback_data.speaker, callback_data.offset)
        await callback.answer()
        if not isinstance(callback.message, Message):
            return
        if callback_data.edit:
            await callback.message.edit_text(text, reply_markup=markup)
        else:
            await callback.message.answer(text, reply_markup=markup)  # keep the list it was chosen from

    @router.message(Command("speakers"))
    async def speakers(message: Message, db: Database) -> None:
        top = await quotes_repo.top_speakers(db.read, TOP_SPEAKERS)
        if not top:
            await message.answer("В архиве пока нет цитат.")
            return
        lines = ["<b>Кого цитируют чаще всего</b>"]
        for n, speaker in enumerate(top, start=1):
            role = f", {esc(render.shorten(speaker.role, 80))}" if speaker.role else ""
            lines.append(f"{n}. {esc(speaker.name)}{role} — {speaker.quote_count}")
        rows = [[render.button(f"{s.name} ({s.quote_count})", SpeakerQuotes(speaker=s.id, offset=0))] for s in top]
        await message.answer("\n".join(lines), reply_markup=render.keyboard(rows))

    return router


async def unknown_view(db: Database, query: str) -> tuple[str, InlineKeyboardMarkup | None]:
    similar = await quotes_repo.similar_speakers(db.read, query)
    if not similar:
        return f"Цитат «{esc(query)}» в архиве нет. Кого цитируют — /speakers", None
    rows = [[render.button(s.name, SpeakerQuotes(speaker=s.id, offset=0))] for s in similar]
    names = ", ".join(esc(s.name) for s in similar)
    return f"Цитат «{esc(query)}» в архиве нет. Может быть, вы искали: {names}?", render.keyboard(rows)
