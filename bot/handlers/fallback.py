"""Anything no other router took: unknown commands and plain text get a hint, never silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.views import fallback as views


def create_router() -> Router:
    router = Router(name="fallback")

    @router.message(F.text.startswith("/"))
    async def unknown_command(message: Message) -> None:
        await message.answer(views.UNKNOWN_COMMAND)

    @router.message()
    async def plain_text(message: Message) -> None:
        await message.answer(views.PLAIN_TEXT)

    @router.callback_query()
    async def stale_button(callback: CallbackQuery) -> None:
        await callback.answer(views.STALE_BUTTON)

    return router
