"""/subscribe, /subscriptions, /unsubscribe and their buttons. In groups only the group's admins may change them."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, ChatMemberUpdated, MaybeInaccessibleMessage, Message
from aiogram.types import Chat as TgChat
from aiogram.types import User as TgUser

from bot.handlers.arguments import words
from bot.services import Services
from bot.services.subscriptions import TopicError
from bot.views import subscriptions as views
from bot.views.callbacks import SubscribeTopic, Unsubscribe

log = logging.getLogger(__name__)


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


async def managed_message(query: CallbackQuery, bot: Bot) -> MaybeInaccessibleMessage | None:
    """The message a subscription button belongs to, if this user may change the chat's subscriptions.

    Otherwise the button press is answered (an alert for non-admins in groups) and None comes back.
    """
    message = query.message
    if message is None:
        await query.answer()
        return None
    if not await may_manage(bot, message.chat, query.from_user):
        await query.answer(views.ADMINS_ONLY, show_alert=True)
        return None
    return message


async def subscribe(services: Services, chat_id: int, text: str | None) -> str:
    try:
        sub, created = await services.subscriptions.subscribe(chat_id, text)
    except TopicError as exc:
        return views.PROBLEMS[exc.problem]
    return views.subscribed_text(sub, created)


async def send_list(message: Message, services: Services) -> None:
    text, keyboard = views.list_view(await services.subscriptions.list(message.chat.id))
    await message.answer(text, reply_markup=keyboard)


def create_router() -> Router:
    router = Router(name="subscriptions")

    @router.message(Command("subscribe"))
    async def on_subscribe(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
        if not await may_manage(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(views.ADMINS_ONLY)
            return
        await message.answer(await subscribe(services, message.chat.id, command.args))

    @router.message(Command("subscriptions"))
    async def on_list(message: Message, services: Services) -> None:
        await services.subscriptions.reader_is_back(message.chat.id)
        await send_list(message, services)

    @router.message(Command("unsubscribe"))
    async def on_unsubscribe(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
        topic = words(command)
        if not topic:
            await send_list(message, services)
            return
        if not await may_manage(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(views.ADMINS_ONLY)
            return
        try:
            sub = await services.subscriptions.unsubscribe(message.chat.id, topic)
        except TopicError as exc:
            await message.answer(views.PROBLEMS[exc.problem])
            return
        await message.answer(views.unsubscribed(sub) if sub is not None else views.not_subscribed(topic))

    @router.callback_query(Unsubscribe.filter())
    async def on_remove(query: CallbackQuery, callback_data: Unsubscribe, services: Services, bot: Bot) -> None:
        message = await managed_message(query, bot)
        if message is None:
            return
        sub = await services.subscriptions.remove(message.chat.id, callback_data.id)
        await query.answer(views.removed_alert(sub) if sub else views.ALREADY_GONE)
        text, keyboard = views.list_view(await services.subscriptions.list(message.chat.id))
        if isinstance(message, Message):
            try:
                await message.edit_text(text, reply_markup=keyboard)
                return
            except TelegramAPIError:
                log.debug("could not edit the subscription list", exc_info=True)
        await bot.send_message(message.chat.id, text, reply_markup=keyboard)

    @router.callback_query(SubscribeTopic.filter())
    async def on_subscribe_topic(
        query: CallbackQuery, callback_data: SubscribeTopic, services: Services, bot: Bot
    ) -> None:
        message = await managed_message(query, bot)
        if message is None:
            return
        topic = await services.callback_args.recall(callback_data.topic, message.chat.id)
        if topic is None:
            await query.answer(views.GONE_TOPIC, show_alert=True)
            return
        await query.answer()
        await bot.send_message(message.chat.id, await subscribe(services, message.chat.id, topic))

    @router.message(F.migrate_to_chat_id)
    async def on_migrated(message: Message, services: Services) -> None:
        """A group became a supergroup: its subscriptions and queued notifications follow it."""
        await services.subscriptions.chat_moved(message.chat.id, message.migrate_to_chat_id or 0)

    @router.my_chat_member()
    async def on_membership(update: ChatMemberUpdated, services: Services) -> None:
        """Blocked / removed from a group: stop writing there. Unblocked / added again: resume."""
        status = update.new_chat_member.status
        if status in ("kicked", "left"):
            await services.subscriptions.chat_left(update.chat.id, f"bot {status}")
        elif status in ("member", "administrator", "creator"):
            await services.subscriptions.chat_joined(update.chat.id)

    return router
