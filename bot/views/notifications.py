"""The message a subscriber gets about a new article."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.language import shorten
from bot.news.records import Notification
from bot.views import html
from bot.views.callbacks import OpenArticle
from bot.views.html import esc

LEAD_CHARS = 300


def notification_message(row: Notification) -> tuple[str, InlineKeyboardMarkup | None]:
    topics = ", ".join(esc(t) for t in row.topics)
    parts = [f"🔔 <b>{esc(row.title)}</b>"]
    if row.lead:
        parts.append(esc(shorten(row.lead, LEAD_CHARS)))
    parts.append(f"<i>По подписке: {topics}</i>")
    text = html.split_message("\n\n".join(parts))[0]
    return text, html.keyboard([[html.button("Открыть", OpenArticle(id=row.article_id))]])
