"""Wiring: the dispatcher with every router and the services, and the Bot with its API server."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.config import Settings
from bot.handlers import create_routers
from bot.middlewares.buttons import ButtonChecker, signer_for
from bot.middlewares.text import TextCleaner
from bot.runtime.api_session import ApiSession
from bot.runtime.inline_filters import inline_sync_filters
from bot.runtime.switchboard import SwitchingDispatcher
from bot.services import Services


def build_dispatcher(settings: Settings, services: Services) -> Dispatcher:
    # no handler keeps FSM state; a message or a button is offered only to the routers that may answer it
    dp = SwitchingDispatcher(settings=settings, services=services, disable_fsm=True)
    dp.message.outer_middleware(TextCleaner())
    dp.inline_query.outer_middleware(TextCleaner())
    dp.callback_query.outer_middleware(ButtonChecker())
    for router in create_routers():
        dp.include_router(router)
    inline_sync_filters(dp)  # magic filters on the event loop, not one thread hop each
    return dp


def new_bot(token: str, session: BaseSession) -> Bot:
    """A Bot that answers in HTML and signs every button for the chat it is sent to."""
    session.middleware(signer_for(token))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True))


def build_bot(settings: Settings) -> Bot:
    assert settings.bot_token is not None
    session = ApiSession(api=TelegramAPIServer.from_base(settings.telegram_api_base.rstrip("/")))
    return new_bot(settings.bot_token.get_secret_value(), session)
