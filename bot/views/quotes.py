"""/quotes (what a person said) and /speakers (who is quoted most)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.records import Speaker, StoredQuote
from bot.views import html
from bot.views.callbacks import OpenArticle, SpeakerQuotes
from bot.views.html import esc

QUOTE_CHARS = 700
TITLE_CHARS = 120
ROLE_CHARS = 120
NAME_CHARS = 100
KIND_RU = {"direct": "прямая речь", "indirect": "косвенная речь"}
USAGE = (
    "Напишите, чьи цитаты показать: <code>/quotes Дрозденко</code> или <code>/quotes Александр Дрозденко</code>. "
    "Кого цитируют — /speakers"
)
NOT_A_NAME = "Укажите имя или фамилию, например <code>/quotes Дрозденко</code>."
NO_QUOTES = "В архиве пока нет цитат."
SPEAKER_GONE = "Цитат этого человека в архиве больше нет. Кого цитируют — /speakers"


def quotes_ru(n: int) -> str:
    return html.count_ru(n, "цитата", "цитаты", "цитат")


def speaker_title(speaker: Speaker) -> str:
    role = f", {html.esc_short(speaker.role, ROLE_CHARS)}" if speaker.role else ""
    return f"<b>{html.esc_short(speaker.name, NAME_CHARS)}</b>{role}"


def entry(quote: StoredQuote, speaker: Speaker, room: int) -> str:
    """One quote in at most ``room`` characters: the words, a different role, date, kind and the article."""
    role = f" ({html.esc_short(quote.role, ROLE_CHARS)})" if quote.role and quote.role != speaker.role else ""
    meta = f"<i>{html.date_ru(quote.article_date)} · {KIND_RU.get(quote.kind, quote.kind)}</i> · №{quote.article_id} "
    title = html.esc_short(quote.article_title, min(TITLE_CHARS, max(20, room // 5)))
    frame = len(f"\n«»{role}\n{meta}{title}")
    said = html.esc_short(quote.text, min(QUOTE_CHARS, room - frame))
    said = f"«{said}»" if quote.kind == "direct" else f"— {said}"
    return f"\n{said}{role}\n{meta}{title}"


def quotes_view(
    speaker: Speaker, quotes: list[StoredQuote], offset: int, page_size: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    shown = f", {offset + 1}–{offset + len(quotes)}" if speaker.quote_count > len(quotes) else ""
    head = f"{speaker_title(speaker)} — {quotes_ru(speaker.quote_count)}{shown}"
    room = html.share(html.MESSAGE_LIMIT, len(quotes), len(head) + 1) - 1
    lines = [head] + [entry(quote, speaker, room) for quote in quotes]
    rows, seen = [], set()
    for quote in quotes:
        if quote.article_id not in seen:
            seen.add(quote.article_id)
            rows.append([html.button(f"№{quote.article_id} {quote.article_title}", OpenArticle(id=quote.article_id))])
    rows.append(
        html.pager_row(offset, page_size, speaker.quote_count, lambda o: SpeakerQuotes(speaker=speaker.id, offset=o, edit=1))
    )
    return "\n".join(lines), html.keyboard(rows)


def choose_view(query: str, speakers: list[Speaker]) -> tuple[str, InlineKeyboardMarkup | None]:
    text = f"«{esc(query)}» — это несколько человек. Выберите:"
    rows = [
        [html.button(f"{s.name}" + (f", {s.role}" if s.role else ""), SpeakerQuotes(speaker=s.id, offset=0))]
        for s in speakers[:10]
    ]
    return text, html.keyboard(rows)


def unknown_view(query: str, similar: list[Speaker]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not similar:
        return f"Цитат «{esc(query)}» в архиве нет. Кого цитируют — /speakers", None
    rows = [[html.button(s.name, SpeakerQuotes(speaker=s.id, offset=0))] for s in similar]
    names = ", ".join(esc(s.name) for s in similar)
    return f"Цитат «{esc(query)}» в архиве нет. Может быть, вы искали: {names}?", html.keyboard(rows)


def speakers_view(top: list[Speaker]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not top:
        return NO_QUOTES, None
    lines = ["<b>Кого цитируют чаще всего</b>"]
    for n, speaker in enumerate(top, start=1):
        role = f", {html.esc_short(speaker.role, 80)}" if speaker.role else ""
        lines.append(f"{n}. {html.esc_short(speaker.name, NAME_CHARS)}{role} — {quotes_ru(speaker.quote_count)}")
    rows = [[html.button(f"{s.name} ({s.quote_count})", SpeakerQuotes(speaker=s.id, offset=0))] for s in top]
    return "\n".join(lines), html.keyboard(rows)
