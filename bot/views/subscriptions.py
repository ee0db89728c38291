"""/subscribe, /subscriptions, /unsubscribe."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.records import Subscription
from bot.services.subscriptions import MAX_PER_CHAT, MAX_TOPIC_CHARS, TopicProblem
from bot.views import html
from bot.views.callbacks import SubscriptionMode, Unsubscribe
from bot.views.html import esc

USAGE = (
    "Напишите тему после команды, например: <code>/subscribe экология</code>.\n"
    "Пришлю каждую новую статью, где встречаются все слова темы в любой форме "
    "(«экология» найдёт и «экологии», и «экологией»). Список подписок: /subscriptions"
)
ADMINS_ONLY = "В группе подписками управляют только администраторы группы."
EMPTY_LIST = "Подписок пока нет. Подпишитесь на тему: <code>/subscribe экология</code>."
GONE_TOPIC = "Эта кнопка устарела — подпишитесь командой /subscribe."
ALREADY_GONE = "Этой подписки уже нет."

PROBLEMS = {
    TopicProblem.EMPTY: USAGE,
    TopicProblem.TOO_LONG: f"Тема длиннее {MAX_TOPIC_CHARS} символов — сократите её.",
    TopicProblem.NO_WORDS: "В теме нет слов. Пример: <code>/subscribe экология</code>.",
    TopicProblem.FULL: f"У этого чата уже {MAX_PER_CHAT} подписок — это максимум. Удалите ненужные: /subscriptions",
}


def subscribed_text(sub: Subscription, created: bool) -> str:
    if not created:
        return f"Вы уже подписаны на «{esc(sub.words)}». Все подписки: /subscriptions"
    matched = " + ".join(f"<b>{esc(t)}</b>" for t in sub.terms)
    return (
        f"Подписка оформлена: «{esc(sub.words)}».\n"
        f"Пришлю новые статьи, где есть {'все слова' if len(sub.terms) > 1 else 'слово'}: {matched} "
        "(в любой форме). Отписаться: /subscriptions"
    )


def not_subscribed(words: str) -> str:
    return f"Подписки «{esc(' '.join(words.split()))}» нет. Ваши подписки: /subscriptions"


def unsubscribed(sub: Subscription) -> str:
    return f"Подписка «{esc(sub.words)}» удалена."


def removed_alert(sub: Subscription) -> str:
    return f"Отписка: {sub.words}"[:190]


def list_view(subs: list[Subscription]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not subs:
        return EMPTY_LIST, None
    head = f"<b>Подписки</b> ({len(subs)} из {MAX_PER_CHAT}):"
    tail = f"\n{MODE_MARK['instant']} — сразу, {MODE_MARK['digest']} — в дайджесте. ✖ — отписаться, 🔁 — переключить."
    room = html.share(html.MESSAGE_LIMIT, len(subs), len(head) + len(tail) + 2) - 1
    lines = [head] + [
        f"{n}. {MODE_MARK[sub.mode]} {html.esc_short(sub.words, room - len(f'{n}. ') - 3)}"
        for n, sub in enumerate(subs, 1)
    ]
    rows = [
        [html.button(f"✖ {sub.words}", Unsubscribe(id=sub.id)),
         html.button(f"🔁 {MODE_SWITCH[sub.mode]}", SubscriptionMode(id=sub.id, digest=sub.mode == "instant"))]
        for sub in subs
    ]
    return "\n".join([*lines, tail]), html.keyboard(rows)


MODE_MARK = {"instant": "⚡", "digest": "🗓"}
MODE_SWITCH = {"instant": "в дайджест", "digest": "сразу"}


def mode_alert(sub: Subscription) -> str:
    where = "в дайджесте" if sub.mode == "digest" else "приходит сразу"
    return f"«{sub.words}» теперь {where}"[:190]
