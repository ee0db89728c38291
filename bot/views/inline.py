"""Inline mode: articles offered in any chat by «@bot words», and the message each one posts."""

from __future__ import annotations

from aiogram.types import InlineQueryResultArticle, InputTextMessageContent

from bot.news.language import shorten
from bot.news.records import StoredArticle
from bot.views import html
from bot.views.html import esc

TITLE_CHARS = 100
DESCRIPTION_CHARS = 180
LEAD_CHARS = 1500


def deep_link(bot_username: str, article_id: int) -> str:
    """A link that opens the article in the bot: t.me/<bot>?start=a<id>."""
    return f"https://t.me/{bot_username}?start=a{article_id}"


def posted_text(article: StoredArticle, bot_username: str) -> str:
    """What choosing a result posts into the chat: title, date, lead and a link to the full article."""
    link = deep_link(bot_username, article.id)
    return (
        f"<b>{html.esc_short(article.title, 600)}</b>\n<i>{html.date_ru(article.date)}</i>\n\n"
        f"{html.esc_short(article.lead, LEAD_CHARS)}\n\n"
        f'<a href="{esc(link)}">Читать полностью в боте</a>'
    )


def result(article: StoredArticle, bot_username: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=f"a{article.id}",
        title=shorten(article.title, TITLE_CHARS),
        description=shorten(f"{html.date_ru(article.date)} · {article.lead}", DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(message_text=posted_text(article, bot_username)),
    )
