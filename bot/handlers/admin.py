"""Admin commands: /upload (text, reply or .txt file), /delete, /stats, /reindex, /audit.

Every handler here sits behind ``bot.middlewares.AdminOnly`` (the one ADMIN_IDS check, plus the audit record);
handlers only fill in ``audit.detail`` / ``audit.result``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from io import BytesIO

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Document, InlineKeyboardMarkup, Message
from aiohttp import ClientError

from bot import ingest, render
from bot.handlers.news import parse_article_id
from bot.ingest import ADDED, DUPLICATE, FAILED, IngestResult, Meta, ingest_upload
from bot.middlewares import AuditNote, admin_only
from bot.render import esc
from storage import articles as articles_repo
from storage import audit as audit_repo
from storage import callback_args
from storage import quotes as quotes_repo
from storage import stats as stats_repo
from storage import topics as topics_repo
from storage.db import Database

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_LISTED = 30  # articles listed one by one in an upload report; the rest are counted
PROGRESS_EVERY_S = 3.0  # Telegram rate-limits edits; one progress edit per few seconds is plenty
AUDIT_SHOWN = 20
TOPICS_SHOWN = 5

UPLOAD_USAGE = (
    "Как загрузить статью:\n"
    "• <code>/upload</code> на первой строке, статья со второй;\n"
    "• <code>/upload</code> ответом на сообщение с текстом статьи;\n"
    "• файл .txt (UTF-8 или Windows-1251, до 2 МБ) с подписью <code>/upload</code> или просто файлом.\n\n"
    "Формат: строка <code>date ГГГГ-ММ-ДД</code>, затем заголовок, затем абзацы. "
    "В одной загрузке может быть несколько статей."
)
DELETE_USAGE = "Укажите номер статьи: <code>/delete 12</code>."

STAT_LABELS = {
    "articles": "Статей",
    "speakers": "Спикеров",
    "people": "Людей",
    "quotes": "Цитат",
    "topics": "Тем",
    "subscribers": "Подписчиков",
    "subscriptions": "Подписок",
    "notifications": "Уведомлений",
    "notifications_pending": "Уведомлений в очереди",
    "notifications_sent": "Уведомлений отправлено",
    "notifications_failed": "Уведомлений с ошибкой",
    "inactive_chats": "Чатов, заблокировавших бота",
}


class UploadFile(CallbackData, prefix="admup"):
    arg: int  # callback_args id of the file's JSON description (file_id stays server-side)
    ok: bool


class DeleteArticle(CallbackData, prefix="admdel"):
    id: int
    ok: bool


class UploadRejected(Exception):
    """A file we will not ingest; the message is the Russian reason shown to the admin."""


# ---- pure helpers --------------------------------------------------------------------------------------------


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} КБ".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


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


def check_document(name: str | None, size: int | None) -> None:
    """Reject by name and declared size before downloading anything."""
    if not (name or "").lower().endswith(".txt"):
        raise UploadRejected("Принимаю только текстовые файлы .txt со статьями в формате загрузки.")
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            f"Файл слишком большой ({format_size(size)}): не больше {format_size(MAX_UPLOAD_BYTES)}. "
            "Разбейте его на несколько файлов."
        )
    if size == 0:
        raise UploadRejected("Файл пустой.")


def _date(iso: str) -> str:
    try:
        return render.date_ru(dt.date.fromisoformat(iso))
    except ValueError:
        return esc(iso)


def details_line(result: IngestResult, topics: list[str]) -> str:
    """What the analysis found in an added article: quotes and speakers, key topics, subscribers notified."""
    speakers = result.speakers
    parts = [f"цитат: {result.quotes}" + (f" ({esc(', '.join(speakers[:5]))})" if speakers else "")]
    if topics:
        parts.append("темы: " + esc(", ".join(topics)))
    parts.append(f"уведомлено подписчиков: {result.notified}")
    return "    " + " · ".join(parts)


def result_line(result: IngestResult, line_offset: int = 0, topics: list[str] | None = None) -> str:
    """One article of an upload report (HTML)."""
    if result.status == ADDED:
        head = f"✅ №{result.article_id} · {_date(result.date)} — <b>{esc(result.title)}</b>"
        return head + "\n" + details_line(result, topics or [])
    if result.status == DUPLICATE:
        return f"↩️ <b>{esc(result.title)}</b> — уже есть: №{result.article_id}"
    where = f"строка {result.line + line_offset}: " if result.line else ""
    return f"❌ {where}{esc(result.reason)}"


def upload_report(
    results: list[IngestResult], line_offset: int = 0, topics: dict[int, list[str]] | None = None
) -> str:
    if len(results) == 1 and results[0].status == FAILED and results[0].line == 0:
        return f"Не удалось загрузить: {esc(results[0].reason)}."
    added, dups, failed = (sum(r.status == s for r in results) for s in (ADDED, DUPLICATE, FAILED))
    head = f"<b>Загрузка</b>: добавлено {added}, уже есть {dups}, с ошибками {failed}"
    topics = topics or {}
    lines = [head, ""] + [
        result_line(r, line_offset, topics.get(r.article_id or 0)) for r in results[:MAX_LISTED]
    ]
    if len(results) > MAX_LISTED:
        lines.append(f"… и ещё {len(results) - MAX_LISTED} {render.plural(len(results) - MAX_LISTED, 'статья', 'статьи', 'статей')}")
    if failed:
        lines += ["", "Статьи с ошибками не сохранены; исправьте их и загрузите снова."]
    return "\n".join(lines)


def audit_result(results: list[IngestResult]) -> str:
    ids = [r.article_id for r in results if r.status == ADDED]
    dups, failed = (sum(r.status == s for r in results) for s in (DUPLICATE, FAILED))
    return f"added {len(ids)} {ids[:20]}, duplicates {dups}, failed {failed}"


def stats_view(counts: dict[str, int], size: int) -> str:
    lines = ["<b>Архив</b>"]
    for name, value in counts.items():
        lines.append(f"{esc(STAT_LABELS.get(name, name))}: {value}")
    lines.append(f"Размер базы: {format_size(size)}")
    return "\n".join(lines)


def confirm_keyboard(yes: str, yes_data: CallbackData, no_data: CallbackData) -> InlineKeyboardMarkup | None:
    return render.keyboard([[render.button(yes, yes_data), render.button("Отмена", no_data)]])


# ---- actions -------------------------------------------------------------------------------------------------

async def download(bot: Bot, file_id: str, declared_size: int | None) -> bytes:
    """The bytes of a Telegram file, with the size checked before and after the download."""
    try:
        file = await bot.get_file(file_id)
    except TelegramAPIError as exc:
        log.warning("getFile failed: %s", exc)
        raise UploadRejected("Не удалось получить файл от Telegram. Отправьте его ещё раз.") from exc
    size = file.file_size if file.file_size is not None else declared_size
    check_document(".txt", size)
    if not file.file_path:
        raise UploadRejected("Telegram не отдал файл. Отправьте его ещё раз.")
    try:
        buffer = await bot.download_file(file.file_path, destination=BytesIO())
    except (TelegramAPIError, ClientError, TimeoutError) as exc:
        log.warning("file download failed: %s", exc)
        raise UploadRejected("Не удалось скачать файл. Попробуйте ещё раз.") from exc
    data = buffer.getvalue() if isinstance(buffer, BytesIO) else b""
    check_document(".txt", len(data))
    if b"\x00" in data[:65536]:  # text in UTF-8 or Windows-1251 never holds NUL bytes
        raise UploadRejected("Это не текстовый файл: нужен .txt в кодировке UTF-8 или Windows-1251.")
    return data


async def upload_file(
    bot: Bot, db: Database, audit: AuditNote, file_id: str, name: str | None, size: int | None
) -> str:
    """Check, download and ingest one document; returns the report (HTML)."""
    audit.action = "upload"
    audit.detail = f"file {name or '?'} ({size if size is not None else '?'} bytes)"
    try:
        check_document(name, size)
        data = await download(bot, file_id, size)
    except UploadRejected as exc:
        audit.result = f"rejected: {exc}"
        return str(exc)
    results = await ingest_upload(db, data, Meta(source=name or "upload", uploader=audit.user_id))
    audit.result = audit_result(results)
    return upload_report(results, 0, await key_topics(db, results))


async def upload_text(db: Database, audit: AuditNote, text: str, line_offset: int, how: str) -> str:
    audit.detail = f"{how} ({len(text)} chars)"
    results = await ingest_upload(db, text, Meta(source="telegram", uploader=audit.user_id))
    audit.result = audit_result(results)
    return upload_report(results, line_offset, await key_topics(db, results))


async def key_topics(db: Database, results: list[IngestResult]) -> dict[int, list[str]]:
    """Stored key terms (display form) of the added articles that the report lists."""
    found: dict[int, list[str]] = {}
    for result in results[:MAX_LISTED]:
        if result.status == ADDED and result.article_id is not None:
            terms = await topics_repo.article_terms(db.read, result.article_id)
            found[result.article_id] = [label for _, label, _ in terms[:TOPICS_SHOWN]]
    return found


async def answer_long(message: Message, html_text: str) -> None:
    for part in render.split_message(html_text):
        await message.answer(part)


async def edit_or_answer(message: Message, html_text: str, **kwargs: object) -> None:
    """Edit the bot's message with the first part of a long text, send the rest as new messages."""
    first, *rest = render.split_message(html_text)
    try:
        await message.edit_text(first, **kwargs)  # type: ignore[arg-type]
    except TelegramAPIError as exc:
        log.info("edit failed (%s), sending a new message instead", exc)
        await message.answer(first, **kwargs)  # type: ignore[arg-type]
    for part in rest:
        await message.answer(part)


# ---- router --------------------------------------------------------------------------------------------------

def create_router() -> Router:
    router = admin_only(Router(name="admin"))
    reindex_lock = asyncio.Lock()

    @router.message(Command("upload"))
    async def upload(message: Message, bot: Bot, db: Database, audit: AuditNote) -> None:
        if message.document is not None:  # a file with the caption /upload: no confirmation needed
            doc = message.document
            await answer_long(message, await upload_file(bot, db, audit, doc.file_id, doc.file_name, doc.file_size))
            return
        text, offset = command_payload(message.text or "")
        how = "message"
        if not text.strip():
            reply = message.reply_to_message
            if reply is not None and reply.document is not None:
                doc = reply.document
                report = await upload_file(bot, db, audit, doc.file_id, doc.file_name, doc.file_size)
                await answer_long(message, report)
                return
            if reply is None or not (reply.text or reply.caption or "").strip():
                audit.result = "usage"
                await message.answer(UPLOAD_USAGE)
                return
            text, offset, how = reply.text or reply.caption or "", 0, "reply"
        await answer_long(message, await upload_text(db, audit, text, offset, how))

    @router.message(F.document, F.chat.type == "private")
    async def offer_document(message: Message, db: Database, audit: AuditNote) -> None:
        doc: Document = message.document  # type: ignore[assignment]
        audit.action = "upload-offer"
        audit.detail = f"file {doc.file_name or '?'} ({doc.file_size} bytes)"
        try:
            check_document(doc.file_name, doc.file_size)
        except UploadRejected as exc:
            audit.result = f"rejected: {exc}"
            await message.answer(str(exc))
            return
        described = json.dumps({"file_id": doc.file_id, "name": doc.file_name, "size": doc.file_size})
        async with db.transaction() as conn:
            arg = await callback_args.remember(conn, described)
        size = f" ({format_size(doc.file_size)})" if doc.file_size else ""
        await message.answer(
            f"Загрузить статьи из файла «{esc(doc.file_name or '')}»{size}?",
            reply_markup=confirm_keyboard("📥 Загрузить", UploadFile(arg=arg, ok=True), UploadFile(arg=arg, ok=False)),
        )
        audit.result = "asked"

    @router.callback_query(UploadFile.filter())
    async def confirm_upload(
        callback: CallbackQuery, callback_data: UploadFile, bot: Bot, db: Database, audit: AuditNote
    ) -> None:
        raw = await callback_args.recall(db.read, callback_data.arg)
        message = callback.message if isinstance(callback.message, Message) else None
        if raw is None or message is None:
            audit.result = "stale"
            await callback.answer("Кнопка устарела. Отправьте файл ещё раз.")
            return
        info = json.loads(raw)
        if not callback_data.ok:
            audit.action, audit.detail, audit.result = "upload", f"file {info.get('name')}", "cancelled"
            await callback.answer()
            await edit_or_answer(message, "Загрузка отменена.")
            return
        await callback.answer("Загружаю…")
        await edit_or_answer(message, f"Загружаю «{esc(str(info.get('name') or ''))}»…")
        report = await upload_file(bot, db, audit, str(info["file_id"]), info.get("name"), info.get("size"))
        await edit_or_answer(message, report)

    @router.message(Command("delete"))
    async def delete(message: Message, command: CommandObject, db: Database, audit: AuditNote) -> None:
        article_id = parse_article_id(command.args)
        audit.detail = f"article {(command.args or '').strip()[:20]}"
        if article_id is None:
            audit.result = "usage"
            await message.answer(DELETE_USAGE)
            return
        article = await articles_repo.get(db.read, article_id)
        if article is None:
            audit.result = "not found"
            await message.answer(f"Статьи №{article_id} нет в архиве.")
            return
        await message.answer(
            f"Удалить статью №{article_id} «{esc(article.title)}» от {render.date_ru(article.date)}?\n"
            "Вместе с ней удалятся её цитаты, темы и неотправленные уведомления.",
            reply_markup=confirm_keyboard(
                "🗑 Удалить", DeleteArticle(id=article_id, ok=True), DeleteArticle(id=article_id, ok=False)
            ),
        )
        audit.result = "asked"

    @router.callback_query(DeleteArticle.filter())
    async def confirm_delete(callback: CallbackQuery, callback_data: DeleteArticle, db: Database, audit: AuditNote) -> None:
        audit.action, audit.detail = "delete", f"article {callback_data.id}"
        await callback.answer()
        message = callback.message if isinstance(callback.message, Message) else None
        if not callback_data.ok:
            audit.result = "cancelled"
            text = "Удаление отменено."
        else:
            async with db.transaction() as conn:
                await quotes_repo.delete_for_article(conn, callback_data.id)  # also drops speakers left unquoted
                deleted = await articles_repo.delete(conn, callback_data.id)  # the rest goes by ON DELETE CASCADE
            audit.result = "deleted" if deleted else "not found"
            text = f"Статья №{callback_data.id} удалена." if deleted else f"Статьи №{callback_data.id} уже нет в архиве."
        if message is not None:
            await edit_or_answer(message, text)

    @router.message(Command("stats"))
    async def stats(message: Message, db: Database) -> None:
        counts = await stats_repo.counts(db.read)
        await message.answer(stats_view(counts, await db.size_bytes()))

    @router.message(Command("reindex"))
    async def reindex(message: Message, bot: Bot, db: Database, audit: AuditNote) -> None:
        if reindex_lock.locked():
            audit.result = "busy"
            await message.answer("Переиндексация уже идёт.")
            return
        async with reindex_lock:
            await run_reindex(message, bot, db, audit)

    @router.message(Command("audit"))
    async def audit_log(message: Message, db: Database) -> None:
        entries = await audit_repo.recent(db.read, AUDIT_SHOWN)
        lines = ["<b>Последние действия администраторов</b>"]
        for e in entries:
            when = e.at.strftime("%d.%m.%Y %H:%M")
            lines.append(f"{when} · {e.user_id} · {esc(e.action)} {esc(e.detail)} → {esc(e.result)}")
        if not entries:
            lines.append("Пока пусто.")
        await answer_long(message, "\n".join(lines))

    return router


async def run_reindex(message: Message, bot: Bot, db: Database, audit: AuditNote) -> None:
    """Re-analyse the archive, editing one progress message at most every few seconds."""
    total = await articles_repo.count(db.read)
    progress_message = (await message.answer(f"Переиндексация: 0 из {total}…")).as_(bot)
    started = last = time.monotonic()
    state = {"done": 0}

    async def progress(done: int, total: int) -> None:
        nonlocal last
        state["done"] = done
        now = time.monotonic()
        if now - last < PROGRESS_EVERY_S:
            return
        last = now
        try:
            await progress_message.edit_text(f"Переиндексация: {done} из {total}…")
        except TelegramAPIError as exc:  # a skipped progress edit is harmless
            log.info("progress edit skipped: %s", exc)

    try:
        count = await ingest.reindex(db, progress)
    except Exception:
        audit.result = f"interrupted after {state['done']} of {total}"
        await edit_or_answer(
            progress_message,
            f"Переиндексация прервана после {state['done']} из {total}: обработанные статьи сохранены.",
        )
        raise
    elapsed = time.monotonic() - started
    audit.result = f"reindexed {count} in {elapsed:.1f}s"
    await edit_or_answer(
        progress_message,
        f"Переиндексация завершена: {count} {render.plural(count, 'статья', 'статьи', 'статей')} за {elapsed:.1f} с.",
    )
