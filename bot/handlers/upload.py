"""/upload (text, reply or .txt file) and a file sent without a command (admins only, audited)."""

from __future__ import annotations

import json
import logging
from io import BytesIO

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Document, Message
from aiohttp import ClientError

from bot.handlers.replies import answer_long, edit_or_answer
from bot.middlewares.admin import AuditNote, admin_only
from bot.services import Services
from bot.services.ingest import ADDED, IngestResult, Meta
from bot.services.uploads import UploadCounts, UploadRejected, check_document, check_downloaded, check_size
from bot.views import audit as audit_words
from bot.views import upload as views
from bot.views.callbacks import UploadFile

log = logging.getLogger(__name__)

TOPICS_SHOWN = 5


class DownloadFailed(Exception):
    """Telegram did not give us the file; the message is the Russian reply."""


def command_payload(text: str) -> tuple[str, int]:
    """The article text after ``/upload`` and how many message lines come before it.

    ``/upload`` alone on line 1 -> the article starts on line 2 (offset 1); text right after the command on
    the same line is accepted too (offset 0).
    """
    first, sep, rest = text.partition("\n")
    parts = first.split(maxsplit=1)
    same_line = parts[1] if len(parts) > 1 else ""
    if same_line.strip():
        return same_line + sep + rest, 0
    return rest, 1


async def download(bot: Bot, file_id: str, declared_size: int | None) -> bytes:
    """The bytes of a Telegram file, with the size checked before and after the download."""
    try:
        file = await bot.get_file(file_id)
    except TelegramAPIError as exc:
        log.warning("getFile failed: %s", exc)
        raise DownloadFailed(views.NO_FILE) from exc
    check_size(file.file_size if file.file_size is not None else declared_size)
    if not file.file_path:
        raise DownloadFailed(views.NO_FILE)
    try:
        buffer = await bot.download_file(file.file_path, destination=BytesIO())
    except (TelegramAPIError, ClientError, TimeoutError) as exc:
        log.warning("file download failed: %s", exc)
        raise DownloadFailed(views.DOWNLOAD_FAILED) from exc
    data = buffer.getvalue() if isinstance(buffer, BytesIO) else b""
    check_downloaded(data)
    return data


def uploaded(results: list[IngestResult]) -> str:
    counts = UploadCounts.of(results)
    ids = [r.article_id for r in results if r.status == ADDED and r.article_id is not None]
    return audit_words.uploaded(ids, counts.duplicates, counts.failed)


async def key_topics(services: Services, results: list[IngestResult]) -> dict[int, list[str]]:
    """Display labels of the key terms of the added articles that the report lists."""
    found: dict[int, list[str]] = {}
    for result in results[: views.MAX_LISTED]:
        if result.status == ADDED and result.article_id is not None:
            found[result.article_id] = await services.articles.key_terms(result.article_id, TOPICS_SHOWN)
    return found


async def upload_file(
    bot: Bot, services: Services, audit: AuditNote, file_id: str, name: str | None, size: int | None
) -> str:
    """Check, download and ingest one document; returns the report."""
    audit.action = "upload"
    audit.detail = audit_words.file(name, size)
    try:
        check_document(name, size)
        data = await download(bot, file_id, size)
    except UploadRejected as exc:
        audit.result = audit_words.rejected(views.rejected(exc))
        return views.rejected(exc)
    except DownloadFailed as exc:
        audit.result = audit_words.NOT_DOWNLOADED
        return str(exc)
    results = await services.ingest.ingest_text(data, Meta(source=name or "upload", uploader=audit.user_id))
    audit.result = uploaded(results)
    return views.upload_report(results, 0, await key_topics(services, results))


async def upload_text(services: Services, audit: AuditNote, text: str, line_offset: int, how: str) -> str:
    audit.detail = audit_words.text(how, len(text))
    results = await services.ingest.ingest_text(text, Meta(source="telegram", uploader=audit.user_id))
    audit.result = uploaded(results)
    return views.upload_report(results, line_offset, await key_topics(services, results))


def create_router() -> Router:
    router = admin_only(Router(name="upload"))

    @router.message(Command("upload"))
    async def upload(message: Message, bot: Bot, services: Services, audit: AuditNote) -> None:
        if message.document is not None:  # a file with the caption /upload: no confirmation needed
            doc = message.document
            await answer_long(message, await upload_file(bot, services, audit, doc.file_id, doc.file_name, doc.file_size))
            return
        text, offset = command_payload(message.text or "")
        how = "message"
        if not text.strip():
            reply = message.reply_to_message
            if reply is not None and reply.document is not None:
                doc = reply.document
                report = await upload_file(bot, services, audit, doc.file_id, doc.file_name, doc.file_size)
                await answer_long(message, report)
                return
            if reply is None or not (reply.text or reply.caption or "").strip():
                audit.result = audit_words.USAGE
                await message.answer(views.USAGE)
                return
            text, offset, how = reply.text or reply.caption or "", 0, "reply"
        await answer_long(message, await upload_text(services, audit, text, offset, how))

    @router.message(F.document, F.chat.type == "private")
    async def offer_document(message: Message, services: Services, audit: AuditNote) -> None:
        doc: Document = message.document  # type: ignore[assignment]
        audit.action = "upload-offer"
        audit.detail = audit_words.file(doc.file_name, doc.file_size)
        try:
            check_document(doc.file_name, doc.file_size)
        except UploadRejected as exc:
            audit.result = audit_words.rejected(views.rejected(exc))
            await message.answer(views.rejected(exc))
            return
        described = json.dumps({"file_id": doc.file_id, "name": doc.file_name, "size": doc.file_size})
        arg = await services.callback_args.remember(described, message.chat.id)
        text, markup = views.offer(doc.file_name or "", doc.file_size, arg)
        await message.answer(text, reply_markup=markup)
        audit.result = audit_words.ASKED

    @router.callback_query(UploadFile.filter())
    async def confirm_upload(
        callback: CallbackQuery, callback_data: UploadFile, bot: Bot, services: Services, audit: AuditNote
    ) -> None:
        message = callback.message if isinstance(callback.message, Message) else None
        raw = await services.callback_args.recall(callback_data.arg, message.chat.id) if message else None
        if raw is None or message is None:
            audit.result = audit_words.STALE
            await callback.answer(views.STALE)
            return
        info = json.loads(raw)
        if not callback_data.ok:
            audit.action, audit.detail = "upload", audit_words.file(info.get("name"), info.get("size"))
            audit.result = audit_words.CANCELLED
            await callback.answer()
            await edit_or_answer(message, views.CANCELLED)
            return
        await callback.answer("Загружаю…")
        await edit_or_answer(message, views.loading(str(info.get("name") or "")))
        report = await upload_file(bot, services, audit, str(info["file_id"]), info.get("name"), info.get("size"))
        await edit_or_answer(message, report)

    return router
