"""/latest: the newest articles, page by page."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.language import shorten
from bot.news.records import StoredArticle
from bot.views import html
from bot.views.callbacks import LatestPage, OpenArticle
from bot.views.html import esc

LEAD_CHARS = 220
EMPTY = "В архиве пока нет статей."


def usage(maximum: int) -> str:
    return f"Укажите, сколько новостей показать: число от 1 до {maximum}, например /latest 10"


def latest_view(
    items: list[StoredArticle], offset: int, size: int, total: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not items:
        return EMPTY, None
    lines = [f"<b>Последние новости</b> ({offset + 1}–{offset + len(items)} из {total})"]
    for n, item in enumerate(items, start=offset + 1):
        lines.append(
            f"\n{n}. <b>{esc(item.title)}</b>\n<i>{html.date_ru(item.date)}</i> · {esc(shorten(item.lead, LEAD_CHARS))}"
        )
    rows = [[html.button(f"{n}. {item.title}", OpenArticle(id=item.id))] for n, item in enumerate(items, offset + 1)]
    rows.append(html.pager_row(offset, size, total, lambda o: LatestPage(offset=o, size=size)))
    return "\n".join(lines), html.keyboard(rows)
