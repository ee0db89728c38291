"""/digest and /timezone, and the daily digest message itself."""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardMarkup

from bot.news.digest import DigestContent
from bot.news.records import Subscription
from bot.views import html
from bot.views.callbacks import OpenArticle
from bot.views.html import esc

MAX_BUTTONS = 10
USAGE_TIME = "Укажите время, например <code>/digest 09:00</code>, или <code>/digest off</code>."
USAGE_ZONE = (
    "Укажите часовой пояс: <code>/timezone Europe/Minsk</code> или смещение от UTC: <code>/timezone +3</code>."
)


def stories_ru(n: int) -> str:
    return html.count_ru(n, "сюжет", "сюжета", "сюжетов")


def digest_message(content: DigestContent) -> tuple[str, InlineKeyboardMarkup | None]:
    """The digest in one message: each subscription, its stories one line each, a button per story."""
    day = html.date_ru(dt.date.fromisoformat(content.date))
    head = f"<b>Дайджест за {day}</b>"
    count = sum(len(g.stories) for g in content.groups)
    reserved = len(head) + sum(len(g.topic) + 40 for g in content.groups)
    room = html.share(html.MESSAGE_LIMIT, count, reserved) - 1
    lines = [head]
    for group in content.groups:
        lines.append(f"\n<b>«{html.esc_short(group.topic, 100)}»</b>")
        for story in group.stories:
            more = f" <i>(статей: {story.articles})</i>" if story.articles > 1 else ""
            lines.append(f"• {html.esc_short(story.sentence, room - len(more) - 10)}{more} №{story.article_id}")
        if group.more:
            lines.append(f"<i>и ещё {stories_ru(group.more)}</i>")
    buttons = [
        [html.button(f"№{story.article_id} {story.title}", OpenArticle(id=story.article_id))]
        for group in content.groups for story in group.stories
    ]
    return "\n".join(lines), html.keyboard(buttons[:MAX_BUTTONS])


def nothing_new(topics: list[str]) -> str:
    if not topics:
        return "Подписок в дайджесте нет. Включите его: <code>/digest 09:00</code>."
    shown = ", ".join(f"«{html.esc_short(t, 100)}»" for t in topics)
    return f"За сутки ничего нового по {shown}."


def status(zone: str, digest_at: str | None, subs: list[Subscription]) -> str:
    in_digest = [s for s in subs if s.mode == "digest"]
    if digest_at is None or not in_digest:
        return (
            f"Новые статьи приходят сразу. Часовой пояс: {esc(zone)}.\n"
            "<code>/digest 09:00</code> — одно сообщение в день в это время; <code>/timezone +3</code> — пояс."
        )
    topics = ", ".join(f"«{html.esc_short(s.words, 100)}»" for s in in_digest)
    return (
        f"Дайджест каждый день в {digest_at} ({esc(zone)}): {topics}.\n"
        "<code>/digest now</code> — прислать сейчас, <code>/digest off</code> — снова сразу, "
        "<code>/timezone +3</code> — часовой пояс."
    )


def digest_set(zone: str, digest_at: str) -> str:
    return (
        f"Готово: новые статьи по подпискам приходят одним сообщением в {digest_at} ({esc(zone)}).\n"
        "Часовой пояс — <code>/timezone Europe/Minsk</code>, снова сразу — <code>/digest off</code>."
    )


DIGEST_OFF = "Готово: новые статьи снова приходят сразу."


def zone_set(zone: str, digest_at: str | None) -> str:
    when = f" Дайджест — в {digest_at} по этому времени." if digest_at else ""
    return f"Часовой пояс: {esc(zone)}.{when}"


def zone_status(zone: str) -> str:
    return f"Часовой пояс: {esc(zone)}. Сменить: <code>/timezone Europe/Minsk</code> или <code>/timezone +3</code>."
