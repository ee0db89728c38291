"""/start and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.config import Settings
from bot.views.start import help_text


def create_router() -> Router:
    router = Router(name="start")

    @router.message(CommandStart())
    @router.message(Command("help"))
    async def send_help(message: Message, settings: Settings) -> None:
        user_id = message.from_user.id if message.from_user else None
        await message.answer(help_text(settings.is_admin(user_id)))

    return router
