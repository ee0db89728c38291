"""/digest (one daily message instead of one per article), /timezone, and the instant/digest switch buttons."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.handlers.arguments import words
from bot.handlers.subscriptions import managed_message, may_manage
from bot.services import Services
from bot.services.digests import ScheduleError
from bot.views import digest as views
from bot.views import subscriptions as subscription_views
from bot.views.callbacks import SubscriptionMode


def create_router() -> Router:
    router = Router(name="digest")

    @router.message(Command("digest"))
    async def digest(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
        arg = words(command).lower()
        chat_id = message.chat.id
        if not arg:
            settings = await services.digests.settings(chat_id)
            await message.answer(views.status(settings.timezone, settings.digest_at, settings.subscriptions))
            return
        if arg in ("now", "сейчас"):
            content = await services.digests.now(chat_id)
            if not content.groups:
                settings = await services.digests.settings(chat_id)
                await message.answer(views.nothing_new([s.words for s in settings.subscriptions if s.mode == "digest"]))
                return
            text, markup = views.digest_message(content)
            await message.answer(text, reply_markup=markup)
            return
        if not await may_manage(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(subscription_views.ADMINS_ONLY)
            return
        if arg in ("off", "выкл", "нет"):
            await services.digests.turn_off(chat_id)
            await message.answer(views.DIGEST_OFF)
            return
        try:
            settings = await services.digests.set_time(chat_id, arg)
        except ScheduleError:
            await message.answer(views.USAGE_TIME)
            return
        await message.answer(views.digest_set(settings.timezone, settings.digest_at or arg))

    @router.message(Command("timezone"))
    async def timezone(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
        arg = words(command)
        if not arg:
            await message.answer(views.zone_status((await services.digests.settings(message.chat.id)).timezone))
            return
        if not await may_manage(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(subscription_views.ADMINS_ONLY)
            return
        try:
            settings = await services.digests.set_timezone(message.chat.id, arg)
        except ScheduleError:
            await message.answer(views.USAGE_ZONE)
            return
        await message.answer(views.zone_set(settings.timezone, settings.digest_at))

    @router.callback_query(SubscriptionMode.filter())
    async def switch(query: CallbackQuery, callback_data: SubscriptionMode, services: Services, bot: Bot) -> None:
        message = await managed_message(query, bot)
        if message is None:
            return
        mode = "digest" if callback_data.digest else "instant"
        sub = await services.digests.set_mode(message.chat.id, callback_data.id, mode)
        await query.answer(subscription_views.mode_alert(sub) if sub else subscription_views.ALREADY_GONE)
        text, keyboard = subscription_views.list_view(await services.subscriptions.list(message.chat.id))
        if isinstance(message, Message):
            await message.edit_text(text, reply_markup=keyboard)

    return router
