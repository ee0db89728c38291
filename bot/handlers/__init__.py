"""One Router per feature; ``create_routers`` builds fresh ones (a Router can join one dispatcher only)."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import admin, fallback, news, quotes, start, subscriptions, topics


def create_routers() -> list[Router]:
    # The fallback router (plain text, unknown commands) must stay last.
    return [start.create_router(), news.create_router(), quotes.create_router(), admin.create_router(),
            subscriptions.create_router(), topics.create_router(), fallback.create_router()]
