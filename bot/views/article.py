"""/article: one article in full."""

from __future__ import annotations

from bot.news.records import StoredArticle
from bot.views import html
from bot.views.html import esc

USAGE = "Укажите номер статьи: <code>/article 12</code>. Номера видны в /latest и /search."


def not_found(article_id: int) -> str:
    return f"Статьи №{article_id} нет в архиве. Свежие новости — /latest"


def article_view(article: StoredArticle) -> list[str]:
    meta = html.date_ru(article.date)
    if article.extra:
        meta += f" · {esc(article.extra)}"
    paragraphs = "\n\n".join(esc(p) for p in article.body.split("\n") if p.strip())
    text = f"<b>{esc(article.title)}</b>\n<i>{meta}</i> · №{article.id}\n\n{paragraphs}"
    return html.split_message(text)
