"""Wiring: the dispatcher with every router, the Bot with its API server, start-up seeding."""

from __future__ import annotations

import logging
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand, ErrorEvent

from bot.config import Settings
from bot.handlers import create_routers
from bot.ingest import ADDED, Summary, ingest_articles, iter_paths, read_file
from bot.inline_filters import inline_sync_filters
from bot.news.article import ArticleFormatError
from storage import articles as articles_repo
from storage.db import Database

log = logging.getLogger(__name__)

SORRY = "Что-то пошло не так. Попробуйте ещё раз чуть позже."

COMMANDS = [
    BotCommand(command="latest", description="Последние новости"),
    BotCommand(command="search", description="Поиск по архиву"),
    BotCommand(command="article", description="Открыть статью по номеру"),
    BotCommand(command="topics", description="О чём пишут сейчас"),
    BotCommand(command="topic", description="Сводка по теме: /topic энергетика"),
    BotCommand(command="quotes", description="Цитаты человека: /quotes Громова"),
    BotCommand(command="speakers", description="Кого цитируют чаще всего"),
    BotCommand(command="subscribe", description="Подписаться на тему: /subscribe экология"),
    BotCommand(command="subscriptions", description="Мои подписки"),
    BotCommand(command="help", description="Что умеет бот"),
]


def error_router() -> Router:
    router = Router(name="errors")

    @router.error()
    async def on_error(event: ErrorEvent) -> bool:
        log.exception("unhandled error in update %s", event.update.update_id, exc_info=event.exception)
        update = event.update
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(SORRY, show_alert=False)
            elif update.message is not None:
                await update.message.answer(SORRY)
        except Exception:  # noqa: BLE001 - replying about an error must never raise again
            log.warning("could not report an error to the user", exc_info=True)
        return True

    return router


def build_dispatcher(settings: Settings, db: Database) -> Dispatcher:
    dp = Dispatcher(settings=settings, db=db, disable_fsm=True)  # no handler keeps FSM state: skip its middleware
    dp.include_router(error_router())
    for router in create_routers():
        dp.include_router(router)
    inline_sync_filters(dp)  # magic filters on the event loop, not one thread hop each
    return dp


def bot_properties() -> DefaultBotProperties:
    return DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)


def build_bot(settings: Settings) -> Bot:
    assert settings.bot_token is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base.rstrip("/")))
    return Bot(settings.bot_token.get_secret_value(), session=session, default=bot_properties())


async def seed_if_empty(db: Database, seeds_dir: str) -> Summary | None:
    """Ingest SEEDS_DIR when the archive has no articles yet (first start)."""
    if await articles_repo.count(db.read) > 0:
        return None
    folder = Path(seeds_dir)
    if not folder.is_dir():
        log.info("archive is empty and seeds folder %s does not exist", folder)
        return None
    summary = Summary()
    items = []
    for path in iter_paths([str(folder)]):
        for item, meta in read_file(path):
            if isinstance(item, ArticleFormatError):
                log.warning("seed %s:%s: %s", path, item.line, item.reason)
            else:
                items.append((item, meta))
    summary.results = await ingest_articles(db, items)
    log.info("seeded the archive from %s: %s", folder, summary.line())
    return summary


def added(summary: Summary | None) -> int:
    return summary.count(ADDED) if summary else 0
