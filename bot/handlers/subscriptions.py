"""/subscribe, /subscriptions, /unsubscribe and their buttons. In groups only the group's admins may change them."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
)
from aiogram.types import Chat as TgChat
from aiogram.types import User as TgUser

from bot import render
from bot.news.search import query_terms
from bot.render import SubscribeTopic, Unsubscribe, esc
from storage import callback_args
from storage import outbox as outbox_repo
from storage import subscriptions as subs_repo
from storage.db import Database
from storage.subscriptions import MAX_PER_CHAT, MAX_TOPIC_CHARS, LimitReached, Subscription

log = logging.getLogger(__name__)

USAGE = (
    "Напишите тему после команды, например: <code>/subscribe экология</code>.\n"
    "Пришлю каждую новую статью, где встречаются все слова темы в любой форме "
    "(«экология» найдёт и «экологии», и «экологией»). Список подписок: /subscriptions"
)
TOO_LONG = f"Тема длиннее {MAX_TOPIC_CHARS} символов — сократите её."
NO_WORDS = "В теме нет слов. Пример: <code>/subscribe экология</code>."
FULL = f"У этого чата уже {MAX_PER_CHAT} подписок — это максимум. Удалите ненужные: /subscriptions"
ADMINS_ONLY = "В группе подписками управляют только администраторы группы."
EMPTY_LIST = "Подписок пока нет. Подпишитесь на тему: <code>/subscribe экология</code>."
GONE_TOPIC = "Эта кнопка устарела — подпишитесь командой /subscribe."


class TopicError(ValueError):
    """A topic we cannot subscribe to; the message is the Russian reply."""


def parse_topic(text: str | None) -> tuple[str, list[str]]:
    """User words -> (words as typed, lemma terms) or TopicError with the reason."""
    words = " ".join((text or "").split())
    if not words:
        raise TopicError(USAGE)
    if len(words) > MAX_TOPIC_CHARS:
        raise TopicError(TOO_LONG)
    terms = query_terms(words)
    if not terms:
        raise TopicError(NO_WORDS)
    return words, terms


async def may_manage(bot: Bot, chat: TgChat, user: TgUser | None, sender_chat: TgChat | None = None) -> bool:
    """Private chats: always. Groups: the group's creator and administrators (also posting anonymously)."""
    if chat.type == "private":
        return True
    if sender_chat is not None and sender_chat.id == chat.id:
        return True  # an anonymous group admin
    if user is None or chat.type == "channel":
        return False
    try:
        member = await bot.get_chat_member(chat.id, user.id)
    except TelegramAPIError as exc:
        log.warning("getChatMember failed in chat %s: %s", chat.id, exc)
        return False
    return member.status in ("creator", "administrator")


# ---- views -----------------------------------------------------------------------------------------------------

async def managed_message(query: CallbackQuery, bot: Bot) -> MaybeInaccessibleMessage | None:
    """The message a subscription button belongs to, if this user may change the chat's subscriptions.

    Otherwise the button press is answered (an alert for non-admins in groups) and None comes back.
    """
    message = query.message
    if message is None:
        await query.answer()
        return None
    if not await may_manage(bot, message.chat, query.from_user):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return None
    return message


def subscribed_text(sub: Subscription, created: bool) -> str:
    matched = " + ".join(f"<b>{esc(t)}</b>" for t in sub.terms)
    if not created:
        return f"Вы уже подписаны на «{esc(sub.words)}». Все подписки: /subscriptions"
    return (
        f"Подписка оформлена: «{esc(sub.words)}».\n"
        f"Пришлю новые статьи, где есть {'все слова' if len(sub.terms) > 1 else 'слово'}: {matched} "
        "(в любой форме). Отписаться: /subscriptions"
    )


def list_view(subs: list[Subscription]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not subs:
        return EMPTY_LIST, None
    lines = [f"<b>Подписки</b> ({len(subs)} из {MAX_PER_CHAT}):"]
    lines += [f"{n}. {esc(sub.words)}" for n, sub in enumerate(subs, start=1)]
    lines.append("\nНажмите на тему, чтобы отписаться.")
    rows = [[render.button(f"✖ {sub.words}", Unsubscribe(id=sub.id))] for sub in subs]
    return render.split_message("\n".join(lines))[0], render.keyboard(rows)


# ---- actions ---------------------------------------------------------------------------------------------------

async def subscribe(db: Database, chat_id: int, text: str | None) -> str:
    try:
        words, terms = parse_topic(text)
    except TopicError as exc:
        return str(exc)
    try:
        async with db.transaction() as conn:
            sub, created = await subs_repo.add(conn, chat_id, words, terms)
    except LimitReached:
        return FULL
    return subscribed_text(sub, created)


async def unsubscribe(db: Database, chat_id: int, text: str) -> str:
    try:
        _, terms = parse_topic(text)
    except TopicError as exc:
        return str(exc)
    async with db.transaction() as conn:
        sub = await subs_repo.find(conn, chat_id, terms)
        if sub is not None:
            await subs_repo.remove(conn, chat_id, sub.id)
    if sub is None:
        return f"Подписки «{esc(' '.join(text.split()))}» нет. Ваши подписки: /subscriptions"
    return f"Подписка «{esc(sub.words)}» удалена."


def create_router() -> Router:
    router = Router(name="subscriptions")

    @router.message(Command("subscribe"))
    async def on_subscribe(message: Message, command: CommandObject, db: Database, bot: Bot) -> None:
        if not await may_manage(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(ADMINS_ONLY)
            return
        await message.answer(await subscribe(db, message.chat.id, command.args))

    @router.message(Command("subscriptions"))
    async def on_list(message: Message, db: Database) -> None:
        if not await subs_repo.is_active(db.read, message.chat.id):  # the reader is back (unblocked the bot)
            async with db.transaction() as conn:
                await subs_repo.set_active(conn, message.chat.id)
        text, keyboard = list_view(await subs_repo.list_for_chat(db.read, message.chat.id))
        await message.answer(text, reply_markup=keyboard)

    @router.message(Command("unsubscribe"))
    async def on_unsubscribe(message: Message, command: CommandObject, db: Database, bot: Bot) -> None:
        if not (command.args or "").strip():
            text, keyboard = list_view(await subs_repo.list_for_chat(db.read, message.chat.id))
            await message.answer(text, reply_markup=keyboard)
            return
        if not await may_manage(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(ADMINS_ONLY)
            return
        await message.answer(await unsubscribe(db, message.chat.id, command.args or ""))

    @router.callback_query(Unsubscribe.filter())
    async def on_remove(query: CallbackQuery, callback_data: Unsubscribe, db: Database, bot: Bot) -> None:
        message = await managed_message(query, bot)
        if message is None:
            return
        async with db.transaction() as conn:
            sub = await subs_repo.get(conn, callback_data.id)
            removed = await subs_repo.remove(conn, message.chat.id, callback_data.id)
        await query.answer(f"Отписка: {sub.words}"[:190] if removed and sub else "Этой подписки уже нет.")
        text, keyboard = list_view(await subs_repo.list_for_chat(db.read, message.chat.id))
        if isinstance(message, Message):
            try:
                await message.edit_text(text, reply_markup=keyboard)
                return
            except TelegramAPIError:
                log.debug("could not edit the subscription list", exc_info=True)
        await bot.send_message(message.chat.id, text, reply_markup=keyboard)

    @router.callback_query(SubscribeTopic.filter())
    async def on_subscribe_topic(query: CallbackQuery, callback_data: SubscribeTopic, db: Database, bot: Bot) -> None:
        message = await managed_message(query, bot)
        if message is None:
            return
        topic = await callback_args.recall(db.read, callback_data.topic)
        if topic is None:
            await query.answer(GONE_TOPIC, show_alert=True)
            return
        await query.answer()
        await bot.send_message(message.chat.id, await subscribe(db, message.chat.id, topic))

    @router.message(F.migrate_to_chat_id)
    async def on_migrated(message: Message, db: Database) -> None:
        """A group became a supergroup: its subscriptions and queued notifications follow it."""
        new_id = message.migrate_to_chat_id or 0
        async with db.transaction() as conn:
            await subs_repo.move_chat(conn, message.chat.id, new_id)
            await outbox_repo.move_chat(conn, message.chat.id, new_id)

    @router.my_chat_member()
    async def on_membership(update: ChatMemberUpdated, db: Database) -> None:
        """Blocked / removed from a group: stop writing there. Unblocked / added again: resume."""
        status = update.new_chat_member.status
        async with db.transaction() as conn:
            if status in ("kicked", "left"):
                await subs_repo.set_inactive(conn, update.chat.id, f"bot {status}")
                await outbox_repo.drop_chat(conn, update.chat.id, f"bot {status}")
            elif status in ("member", "administrator", "creator"):
                await subs_repo.set_active(conn, update.chat.id)

    return router
