"""Telegram HTML: escaping, Russian plurals and dates, messages split under 4096 characters, keyboards.

Every view builds its text and buttons with these, so escaping and length limits hold in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape, unescape

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.news.language import shorten

MESSAGE_LIMIT = 4096
BUTTON_TEXT_LIMIT = 60
_TAG_RE = re.compile(r"<[^>]+>")


# ---- text helpers ----------------------------------------------------------------------------------------------

def esc(text: str) -> str:
    """Escape article or user text for parse_mode=HTML."""
    return escape(text, quote=False)


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for n: plural(5, "статья", "статьи", "статей") -> "статей"."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def date_ru(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def count_ru(n: int, one: str, few: str, many: str) -> str:
    """«1 статья», «3 статьи», «5 статей»."""
    return f"{n} {plural(n, one, few, many)}"


def size_ru(size: int) -> str:
    """A size in bytes for a reader: «512 Б», «1,5 КБ», «2,0 МБ»."""
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} КБ".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


def answer_parts(html_text: str, markup: InlineKeyboardMarkup | None = None) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """A long text as messages under the limit; the keyboard rides on the last one."""
    parts = split_message(html_text)
    return [(part, markup if i == len(parts) - 1 else None) for i, part in enumerate(parts)]


def button_text(text: str) -> str:
    return shorten(text, BUTTON_TEXT_LIMIT)


def to_plain_text(html_text: str) -> str:
    """What a reader sees of an HTML message, for the terminal."""
    return unescape(_TAG_RE.sub("", html_text))


def split_message(html_text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML text into messages of at most ``limit`` characters.

    Cuts at paragraph breaks, then line breaks, then sentence ends, then spaces; never inside a tag or an
    entity. Callers put tags only within one paragraph, so each piece stays well-formed.
    """
    pieces: list[str] = []
    rest = html_text.strip()
    while len(rest) > limit:
        cut = _best_cut(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces or [""]


def _best_cut(text: str, limit: int) -> int:
    safe = _safe_positions(text[: limit + 1])
    window = text[:limit]
    for sep in ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " "):
        pos = window.rfind(sep)
        while pos > limit // 4:
            if safe[pos]:
                return pos + len(sep)
            pos = window.rfind(sep, 0, pos)
    pos = limit
    while pos > 0 and not safe[pos]:
        pos -= 1
    return pos or limit


def _safe_positions(text: str) -> list[bool]:
    """For each position: True when no tag, entity or element (<b>…</b>) is open there."""
    safe = [True] * (len(text) + 1)
    depth, in_tag, in_entity = 0, False, False
    for i, ch in enumerate(text):
        safe[i] = depth == 0 and not in_tag and not in_entity
        if in_tag:
            if ch == ">":
                in_tag = False
        elif ch == "<":
            in_tag = True
            depth += -1 if text.startswith("</", i) else 1
        elif ch == "&":
            in_entity = True
        elif in_entity and ch == ";":
            in_entity = False
    safe[len(text)] = depth == 0 and not in_tag and not in_entity
    return safe


# ---- keyboards -------------------------------------------------------------------------------------------------

def keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=button_text(text), callback_data=data.pack())


def pager_row(
    offset: int, page_size: int, total: int, make: Callable[[int], CallbackData]
) -> list[InlineKeyboardButton]:
    """◀ / ▶ buttons for a page starting at ``offset`` (only the directions that exist)."""
    row = []
    if offset > 0:
        row.append(button("◀ Назад", make(max(0, offset - page_size))))
    if offset + page_size < total:
        row.append(button("Дальше ▶", make(offset + page_size)))
    return row
