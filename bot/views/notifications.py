"""The messages subscribers get: a new article, or the daily digest."""

from __future__ import annotations

import json

from aiogram.types import InlineKeyboardMarkup

from bot.news.digest import DigestContent
from bot.news.language import shorten
from bot.news.records import Notification
from bot.views import html
from bot.views.callbacks import OpenArticle
from bot.views.digest import digest_message
from bot.views.html import esc

LEAD_CHARS = 300


def notification_message(row: Notification) -> tuple[str, InlineKeyboardMarkup | None]:
    """A new article for a subscriber, or a chat's daily digest."""
    if row.kind == "digest":
        return digest_message(DigestContent.from_dict(json.loads(row.payload or "{}")))
    return article_message(row)


def article_message(row: Notification) -> tuple[str, InlineKeyboardMarkup | None]:
    topics = ", ".join(esc(t) for t in row.topics)
    parts = [f"🔔 <b>{esc(row.title)}</b>"]
    if row.lead:
        parts.append(esc(shorten(row.lead, LEAD_CHARS)))
    parts.append(f"<i>По подписке: {topics}</i>")
    text = html.split_message("\n\n".join(parts))[0]
    return text, html.keyboard([[html.button("Открыть", OpenArticle(id=row.article_id or 0))]])
