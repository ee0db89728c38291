"""One Router per command family, named after the commands; ``create_routers`` builds fresh ones (a Router can
join one dispatcher only)."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    admin,
    article,
    digest,
    errors,
    fallback,
    inline,
    latest,
    quotes,
    search,
    start,
    subscriptions,
    topics,
    trend,
    upload,
)


def create_routers() -> list[Router]:
    # The fallback router (plain text, unknown commands, stale buttons) must stay last.
    return [
        errors.create_router(), start.create_router(), latest.create_router(), article.create_router(),
        search.create_router(), quotes.create_router(), upload.create_router(), admin.create_router(),
        subscriptions.create_router(), digest.create_router(), topics.create_router(), trend.create_router(),
        inline.create_router(), fallback.create_router(),
    ]
