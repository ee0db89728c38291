"""Telegram HTML: escaping, Russian plurals and dates, messages split under 4096 characters, keyboards.

Every view builds its text and buttons with these, so escaping and length limits hold in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
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


def decimal_ru(value: float, digits: int = 1) -> str:
    """A number as Russian text writes it: a decimal comma, «5,5»."""
    return f"{value:.{digits}f}".replace(".", ",")


def size_ru(size: int) -> str:
    """A size in bytes for a reader: «512 Б», «1,5 КБ», «2,0 МБ»."""
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{decimal_ru(size / 1024)} КБ"
    return f"{decimal_ru(size / 1024 / 1024)} МБ"


def answer_parts(html_text: str, markup: InlineKeyboardMarkup | None = None) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """A long text as messages under the limit; the keyboard rides on the last one."""
    parts = split_message(html_text)
    return [(part, markup if i == len(parts) - 1 else None) for i, part in enumerate(parts)]


def esc_short(text: str, limit: int) -> str:
    """``text`` shortened at a word boundary so that, escaped, it takes at most ``limit`` characters."""
    if limit <= 1:
        return ""
    size = limit
    while True:
        escaped = esc(shorten(text, size))
        if len(escaped) <= limit or size <= 1:
            return escaped if len(escaped) <= limit else ""
        size = max(1, min(size - 1, size * limit // len(escaped)))


def share(total: int, parts: int, reserved: int = 0) -> int:
    """Characters each of ``parts`` list entries may take so that the whole message fits ``total``."""
    return max(0, (total - reserved) // max(parts, 1))


def button_text(text: str) -> str:
    return shorten(text, BUTTON_TEXT_LIMIT)


def to_plain_text(html_text: str) -> str:
    """What a reader sees of an HTML message, for the terminal."""
    return unescape(_TAG_RE.sub("", html_text))


def split_message(html_text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML text into well-formed messages of at most ``limit`` characters.

    Cuts at paragraph breaks, then line breaks, then sentence ends, then spaces, preferring places outside any
    element; never inside a tag or an entity. When a cut must fall inside an element (a very long italic line),
    the piece closes the open tags and the next piece opens them again.
    """
    pieces: list[str] = []
    rest = html_text.strip()
    while len(rest) > limit:
        cut, opened = _best_cut(rest, limit)
        closing = "".join(f"</{_tag_name(tag)}>" for tag in reversed(opened))
        pieces.append(rest[:cut].rstrip() + closing)
        rest = "".join(opened) + rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces or [""]


_SEPARATORS = ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " ")
_CLOSING_ROOM = 64  # characters kept free for the closing tags of a cut inside elements


def _best_cut(text: str, limit: int) -> tuple[int, list[str]]:
    """Where to cut ``text`` and the tags open there (their opening tags, outermost first)."""
    states = _scan(text[: limit + 1])
    for inside_allowed, window in ((False, limit), (True, limit - _CLOSING_ROOM)):
        for sep in _SEPARATORS:
            pos = text.rfind(sep, 0, window)
            while pos > window // 4:
                cut = pos + len(sep)
                tags, clean = states[cut]
                if clean and (inside_allowed or not tags):
                    return cut, tags
                pos = text.rfind(sep, 0, pos)
    pos = limit - _CLOSING_ROOM
    while pos > 0 and not states[pos][1]:
        pos -= 1
    return (pos, states[pos][0]) if pos > 0 else (limit, [])


def _scan(text: str) -> list[tuple[list[str], bool]]:
    """For each position: the open tags there and whether it is outside any tag and entity."""
    states: list[tuple[list[str], bool]] = []
    stack: list[str] = []
    tag_start, in_entity = -1, False
    for i, ch in enumerate(text):
        states.append((list(stack) if stack else [], tag_start < 0 and not in_entity))
        if tag_start >= 0:
            if ch == ">":
                tag = text[tag_start : i + 1]
                if tag.startswith("</"):
                    if stack:
                        stack.pop()
                else:
                    stack.append(tag)
                tag_start = -1
        elif ch == "<":
            tag_start = i
        elif ch == "&":
            in_entity = True
        elif in_entity and ch == ";":
            in_entity = False
    states.append((list(stack), tag_start < 0 and not in_entity))
    return states


def _tag_name(opening: str) -> str:
    return opening[1:].split(">", 1)[0].split()[0]


# ---- keyboards -------------------------------------------------------------------------------------------------

def keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """The same button asked again is the same object (never changed: the signer copies what it signs).
    Building one is a pydantic validation, and listings show the same articles over and over."""
    return _button(text, data.pack())


@lru_cache(maxsize=4096)
def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=button_text(text), callback_data=data)


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
