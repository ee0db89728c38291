"""/article: one article, page by page when it does not fit one message."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.records import StoredArticle
from bot.views import html
from bot.views.callbacks import ArticlePage
from bot.views.html import esc

USAGE = "Укажите номер статьи: <code>/article 12</code>. Номера видны в /latest и /search."
FOOTER_ROOM = 40  # «Страница 12 из 25» under each page of a long article


def not_found(article_id: int) -> str:
    return f"Статьи №{article_id} нет в архиве. Свежие новости — /latest"


def article_text(article: StoredArticle) -> str:
    meta = html.date_ru(article.date)
    if article.extra:
        meta += f" · {esc(article.extra)}"
    paragraphs = "\n\n".join(esc(p) for p in article.body.split("\n") if p.strip())
    return f"<b>{esc(article.title)}</b>\n<i>{meta}</i> · №{article.id}\n\n{paragraphs}"


def article_pages(article: StoredArticle) -> list[str]:
    """The article as messages under Telegram's limit, each but a lone one ending with its page number."""
    pages = html.split_message(article_text(article), html.MESSAGE_LIMIT - FOOTER_ROOM)
    if len(pages) == 1:
        return pages
    return [f"{page}\n\n<i>Страница {n} из {len(pages)}</i>" for n, page in enumerate(pages, start=1)]


def page_view(article: StoredArticle, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """Page ``page`` (from 1, clamped) with ◀ ▶ buttons when there is more than one."""
    pages = article_pages(article)
    page = min(max(page, 1), len(pages))
    if len(pages) == 1:
        return pages[0], None
    row = []
    if page > 1:
        row.append(html.button("◀ Назад", ArticlePage(id=article.id, page=page - 1)))
    if page < len(pages):
        row.append(html.button("Дальше ▶", ArticlePage(id=article.id, page=page + 1)))
    return pages[page - 1], html.keyboard([row])
