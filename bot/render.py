"""Telegram formatting: HTML-escaped text, messages split under 4096 characters, keyboards, callback data.

Everything the bot sends is built here, so escaping and length limits are enforced in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

MESSAGE_LIMIT = 4096
BUTTON_TEXT_LIMIT = 60
_TAG_RE = re.compile(r"<[^>]+>")


# ---- callback data (each packs to well under 64 bytes) -------------------------------------------------------

class LatestPage(CallbackData, prefix="lt"):
    offset: int
    size: int


class OpenArticle(CallbackData, prefix="ar"):
    id: int


class SearchPage(CallbackData, prefix="sp"):
    query: int  # callback_args id of the query text
    offset: int


# ---- text helpers ----------------------------------------------------------------------------------------------

def esc(text: str) -> str:
    """Escape article or user text for parse_mode=HTML."""
    return escape(text, quote=False)


def date_ru(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def shorten(text: str, limit: int) -> str:
    """Plain text cut at a word boundary with an ellipsis (escape afterwards)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-—") + "…"


def button_text(text: str) -> str:
    return shorten(text, BUTTON_TEXT_LIMIT)


def visible_length(html_text: str) -> int:
    return len(_TAG_RE.sub("", html_text))


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
    window = text[:limit]
    for sep in ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " "):
        pos = window.rfind(sep)
        if pos > limit // 4 and _outside_markup(text, pos):
            return pos + len(sep)
    pos = limit
    while pos > 0 and not _outside_markup(text, pos):
        pos -= 1
    return pos or limit


def _outside_markup(text: str, pos: int) -> bool:
    """True when position ``pos`` is not inside an HTML tag or an entity such as &amp;."""
    last_open, last_close = text.rfind("<", 0, pos), text.rfind(">", 0, pos)
    if last_open > last_close:
        return False
    amp = text.rfind("&", max(0, pos - 8), pos)
    return amp == -1 or ";" in text[amp:pos]


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
