"""/latest: the newest articles, page by page."""

from __future__ import annotations

from collections.abc import Sequence

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


def entry(item: StoredArticle, room: int) -> str:
    """One article of the list in at most ``room`` characters: its number, title, date, the lead if it fits."""
    date = html.date_ru(item.date)
    frame = len(f"\n№{item.id} · <b></b>\n<i>{date}</i> · ")
    title = html.esc_short(item.title, min(TITLE_CHARS, max(20, (room - frame) * 3 // 5)))
    lead_room = min(LEAD_CHARS, room - frame - len(title))
    lead = html.esc_short(item.lead, lead_room) if lead_room >= MIN_LEAD_CHARS else ""
    return f"\n№{item.id} · <b>{title}</b>\n<i>{date}</i>" + (f" · {lead}" if lead else "")


def latest_view(
    items: Sequence[StoredArticle], offset: int, size: int, total: int, *, capped: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the newest articles; ``capped``: the reader asked for more than a page holds, say so."""
    if not items:
        return EMPTY, None
    head = f"<b>Последние новости</b> ({offset + 1}–{offset + len(items)} из {total})"
    if capped:
        head += f"\n<i>За раз показываю не больше {size}, дальше — кнопкой ▶</i>"
    room = html.share(html.MESSAGE_LIMIT, len(items), len(head) + 1)
    lines = [head] + [entry(item, room - 1) for item in items]
    rows = [[html.button(f"№{item.id} {item.title}", OpenArticle(id=item.id))] for item in items]
    rows.append(html.pager_row(offset, size, total, lambda o: LatestPage(offset=o, size=size)))
    return "\n".join(lines), html.keyboard(rows)
