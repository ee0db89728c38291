"""/article, the article buttons under every list, and the pages of a long article."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.handlers.arguments import parse_article_id
from bot.services import Services
from bot.views import article as views
from bot.views.callbacks import ArticlePage, OpenArticle


async def send_article(message: Message, services: Services, article_id: int) -> None:
    article = await services.articles.get(article_id)
    if article is None:
        await message.answer(views.not_found(article_id))
        return
    text, markup = views.page_view(article, 1)
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="article")

    @router.message(Command("article"))
    async def article(message: Message, command: CommandObject, services: Services) -> None:
        article_id = parse_article_id(command.args)
        if article_id is None:
            await message.answer(views.USAGE)
            return
        await send_article(message, services, article_id)

    @router.callback_query(OpenArticle.filter())
    async def article_button(callback: CallbackQuery, callback_data: OpenArticle, services: Services) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            await send_article(callback.message, services, callback_data.id)

    @router.callback_query(ArticlePage.filter())
    async def article_page(callback: CallbackQuery, callback_data: ArticlePage, services: Services) -> None:
        article = await services.articles.get(callback_data.id)
        await callback.answer()
        if not isinstance(callback.message, Message):
            return
        if article is None:
            await callback.message.answer(views.not_found(callback_data.id))
            return
        text, markup = views.page_view(article, callback_data.page)
        await callback.message.edit_text(text, reply_markup=markup)

    return router
