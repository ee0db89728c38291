"""Anything unexpected: logged with its traceback, answered with a short apology, never a crash."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import ErrorEvent

from bot.views.fallback import SORRY

log = logging.getLogger(__name__)


def create_router() -> Router:
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
