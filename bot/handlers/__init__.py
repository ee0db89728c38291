"""One Router per feature; ``create_routers`` builds fresh ones (a Router can join one dispatcher only)."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import fallback, news, start


def create_routers() -> list[Router]:
    # The fallback router (plain text, unknown commands) must stay last.
    return [start.create_router(), news.create_router(), fallback.create_router()]
