"""/start (also with a deep link: /start a12 opens article 12) and /help."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.config import Settings
from bot.handlers.article import send_article
from bot.services import Services
from bot.views.start import help_text

_ARTICLE_LINK = re.compile(r"a([0-9]{1,12})")


async def send_help(message: Message, settings: Settings, bot: Bot) -> None:
    user_id = message.from_user.id if message.from_user else None
    await message.answer(help_text(settings.is_admin(user_id), (await bot.me()).username or "имя_бота"))


def create_router() -> Router:
    router = Router(name="start")

    @router.message(CommandStart(deep_link=True))
    async def start_link(
        message: Message, command: CommandObject, settings: Settings, services: Services, bot: Bot
    ) -> None:
        match = _ARTICLE_LINK.fullmatch(command.args or "")
        if match is None:
            await send_help(message, settings, bot)
            return
        await send_article(message, services, int(match.group(1)))

    @router.message(CommandStart())
    @router.message(Command("help"))
    async def help_command(message: Message, settings: Settings, bot: Bot) -> None:
        await send_help(message, settings, bot)

    return router
