"""/delete, /stats, /reindex and /audit (admins only, audited by ``bot.middlewares.admin.AdminOnly``)."""

from __future__ import annotations

import asyncio
import logging
import time

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.handlers.arguments import parse_article_id
from bot.handlers.replies import answer_long, edit_or_answer
from bot.middlewares.admin import AuditNote, admin_only
from bot.services import Services
from bot.services.reindex import reindex
from bot.views import admin as views
from bot.views import audit as audit_words
from bot.views.callbacks import DeleteArticle

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 3.0  # Telegram rate-limits edits; one progress edit per few seconds is plenty
AUDIT_SHOWN = 20


async def in_private(message: Message, audit: AuditNote) -> bool:
    """Archive figures and the audit are shown only in a private chat, never to a whole group."""
    if message.chat.type == "private":
        return True
    audit.result = audit_words.IN_GROUP
    await message.answer(views.PRIVATE_ONLY)
    return False


def create_router() -> Router:
    router = admin_only(Router(name="admin"))
    reindex_lock = asyncio.Lock()

    @router.message(Command("delete"))
    async def delete(message: Message, command: CommandObject, services: Services, audit: AuditNote) -> None:
        article_id = parse_article_id(command.args)
        audit.detail = audit_words.article((command.args or "").strip()[:20])
        if article_id is None:
            audit.result = audit_words.USAGE
            await message.answer(views.DELETE_USAGE)
            return
        article = await services.articles.get(article_id)
        if article is None:
            audit.result = audit_words.NOT_FOUND
            await message.answer(views.not_found(article_id))
            return
        text, markup = views.confirm_delete(article)
        await message.answer(text, reply_markup=markup)
        audit.result = audit_words.ASKED

    @router.callback_query(DeleteArticle.filter())
    async def confirm_delete(
        callback: CallbackQuery, callback_data: DeleteArticle, services: Services, audit: AuditNote
    ) -> None:
        audit.action, audit.detail = "delete", audit_words.article(str(callback_data.id))
        await callback.answer()
        if not callback_data.ok:
            audit.result = audit_words.CANCELLED
            text = views.DELETE_CANCELLED
        else:
            done = await services.articles.delete(callback_data.id)
            audit.result = audit_words.DELETED if done else audit_words.NOT_FOUND
            text = views.deleted(callback_data.id, done)
        if isinstance(callback.message, Message):
            await edit_or_answer(callback.message, text)

    @router.message(Command("stats"))
    async def stats(message: Message, services: Services, audit: AuditNote) -> None:
        if not await in_private(message, audit):
            return
        counts, size = await services.articles.stats()
        await message.answer(views.stats_view(counts, size))

    @router.message(Command("reindex"))
    async def reindex_command(message: Message, bot: Bot, services: Services, audit: AuditNote) -> None:
        if reindex_lock.locked():
            audit.result = audit_words.BUSY
            await message.answer(views.REINDEX_BUSY)
            return
        async with reindex_lock:
            await run_reindex(message, bot, services, audit)

    @router.message(Command("audit"))
    async def audit_log(message: Message, services: Services, audit: AuditNote) -> None:
        if not await in_private(message, audit):
            return
        await answer_long(message, views.audit_view(await services.audit.recent(AUDIT_SHOWN)))

    return router


async def run_reindex(message: Message, bot: Bot, services: Services, audit: AuditNote) -> None:
    """Re-analyse the archive, editing one progress message at most every few seconds."""
    total = await services.articles.count()
    progress_message = (await message.answer(views.reindex_progress(0, total))).as_(bot)
    started = last = time.monotonic()
    done_so_far = 0

    async def progress(done: int, total: int) -> None:
        nonlocal last, done_so_far
        done_so_far = done
        now = time.monotonic()
        if now - last < PROGRESS_EVERY_S:
            return
        last = now
        try:
            await progress_message.edit_text(views.reindex_progress(done, total))
        except TelegramAPIError as exc:  # a skipped progress edit is harmless
            log.info("progress edit skipped: %s", exc)

    try:
        count = await reindex(services.store, progress)
    except Exception:
        audit.result = audit_words.interrupted(done_so_far, total)
        await edit_or_answer(progress_message, views.reindex_interrupted(done_so_far, total))
        raise
    elapsed = time.monotonic() - started
    audit.result = audit_words.reindexed(count, elapsed)
    await edit_or_answer(progress_message, views.reindex_done(count, elapsed))
