"""Per-update middlewares. ``AdminOnly`` is the single place where ADMIN_IDS is checked.

Attached as an *inner* middleware to the admin router, it runs only after a handler's own filters matched
(so unrelated updates pass through to the other routers untouched). A non-admin gets a short refusal that
reveals nothing and nothing is stored; for an admin the handler runs and the action is written to the audit
table afterwards (with its result, or the error it raised).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.config import Settings
from bot.services import Services
from bot.views import audit as audit_words

log = logging.getLogger(__name__)

REFUSAL = "Это доступно только администраторам бота."


@dataclass(slots=True)
class AuditNote:
    """Filled in by an admin handler; the middleware stores it once the handler returns."""

    user_id: int
    action: str
    detail: str = ""
    result: str = audit_words.DONE


def default_action(event: TelegramObject) -> str:
    """A first guess at what the admin did: the command word, ``document`` or the button's prefix."""
    if isinstance(event, Message):
        text = (event.text or event.caption or "").strip()
        if text.startswith("/"):
            return text.split(maxsplit=1)[0].split("@", 1)[0].lstrip("/").lower()[:32]
        return "document" if event.document is not None else "message"
    if isinstance(event, CallbackQuery):
        return "button:" + (event.data or "").split(":", 1)[0][:32]
    return type(event).__name__.lower()


class AdminOnly(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        settings: Settings = data["settings"]
        if user is None or not settings.is_admin(user.id):
            log.info("refused an admin action to user %s", user.id if user else None)
            await refuse(event)
            return None
        note = AuditNote(user_id=user.id, action=default_action(event))
        data["audit"] = note
        try:
            return await handler(event, data)
        except Exception as exc:
            error = audit_words.error(type(exc).__name__)
            note.result = error if note.result == audit_words.DONE else f"{note.result}; {error}"
            raise
        finally:
            services: Services = data["services"]
            await services.audit.record(note.user_id, note.action, note.detail, note.result)


async def refuse(event: TelegramObject) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer(REFUSAL, show_alert=True)
    elif isinstance(event, Message):
        await event.answer(REFUSAL)


def admin_only(router: Router) -> Router:
    """Protect every message and button handler of ``router`` with the admin check and the audit."""
    router.message.middleware(AdminOnly())
    router.callback_query.middleware(AdminOnly())
    return router
