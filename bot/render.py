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


class SpeakerQuotes(CallbackData, prefix="qs"):
    speaker: int
    offset: int
    edit: int = 0  # 1 for paging (edit the message), 0 for a list entry (answer with a new message)


class SubscribeTopic(CallbackData, prefix="st"):
    topic: int  # callback_args id of the topic words


class ShowTopic(CallbackData, prefix="tp"):
    topic: int  # callback_args id of the topic words: opens that topic's summary


class Unsubscribe(CallbackData, prefix="us"):
    id: int  # subscriptions.id


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
