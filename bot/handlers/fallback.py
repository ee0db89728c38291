"""Anything no other router took: unknown commands and plain text get a hint, never silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message


def create_router() -> Router:
    router = Router(name="fallback")

    @router.message(F.text.startswith("/"))
    async def unknown_command(message: Message) -> None:
        await message.answer("Такой команды нет. Список команд — /help")

    @router.message()
    async def plain_text(message: Message) -> None:
        await message.answer("Я понимаю команды. Например: /latest, /search энергетика. Все команды — /help")

    @router.callback_query()
    async def stale_button(callback: CallbackQuery) -> None:
        await callback.answer("Эта кнопка устарела. Наберите команду ещё раз.")

    return router
