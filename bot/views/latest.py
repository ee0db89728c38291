"""/latest: the newest articles, page by page."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.records import StoredArticle
from bot.views import html
from bot.views.callbacks import LatestPage, OpenArticle

LEAD_CHARS = 220
TITLE_CHARS = 200
MIN_LEAD_CHARS = 40  # a shorter lead is left out rather than cut to a stub
EMPTY = "В архиве пока нет статей."


def usage(maximum: int) -> str:
    return f"Укажите, сколько новостей показать: число от 1 до {maximum}, например /latest 10"


def entry(n: int, item: StoredArticle, room: int) -> str:
    """One article of the list in at most ``room`` characters: number, title, date, the lead if it fits."""
    date = html.date_ru(item.date)
    frame = len(f"\n{n}. <b></b>\n<i>{date}</i> · ")
    title = html.esc_short(item.title, min(TITLE_CHARS, max(20, (room - frame) * 3 // 5)))
    lead_room = min(LEAD_CHARS, room - frame - len(title))
    lead = html.esc_short(item.lead, lead_room) if lead_room >= MIN_LEAD_CHARS else ""
    return f"\n{n}. <b>{title}</b>\n<i>{date}</i>" + (f" · {lead}" if lead else "")


def latest_view(
    items: list[StoredArticle], offset: int, size: int, total: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not items:
        return EMPTY, None
    head = f"<b>Последние новости</b> ({offset + 1}–{offset + len(items)} из {total})"
    room = html.share(html.MESSAGE_LIMIT, len(items), len(head) + 1)
    lines = [head] + [entry(n, item, room - 1) for n, item in enumerate(items, start=offset + 1)]
    rows = [[html.button(f"{n}. {item.title}", OpenArticle(id=item.id))] for n, item in enumerate(items, offset + 1)]
    rows.append(html.pager_row(offset, size, total, lambda o: LatestPage(offset=o, size=size)))
    return "\n".join(lines), html.keyboard(rows)
