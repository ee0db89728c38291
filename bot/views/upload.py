"""/upload: how to upload, why a file was refused, and what an upload added."""

from __future__ import annotations

import datetime as dt

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.services.ingest import ADDED, DUPLICATE, FAILED, IngestResult
from bot.services.uploads import MAX_UPLOAD_BYTES, UploadCounts, UploadProblem, UploadRejected
from bot.views import html
from bot.views.callbacks import UploadFile
from bot.views.html import esc

MAX_LISTED = 30  # articles listed one by one in a report; the rest are counted

USAGE = (
    "Как загрузить статью:\n"
    "• <code>/upload</code> на первой строке, статья со второй;\n"
    "• <code>/upload</code> ответом на сообщение с текстом статьи;\n"
    "• файл .txt (UTF-8 или Windows-1251, до 2 МБ) с подписью <code>/upload</code> или просто файлом.\n\n"
    "Формат: строка <code>date ГГГГ-ММ-ДД</code>, затем заголовок, затем абзацы. "
    "В одной загрузке может быть несколько статей."
)
NO_FILE = "Не удалось получить файл от Telegram. Отправьте его ещё раз."
DOWNLOAD_FAILED = "Не удалось скачать файл. Попробуйте ещё раз."
STALE = "Кнопка устарела. Отправьте файл ещё раз."
CANCELLED = "Загрузка отменена."


def rejected(exc: UploadRejected) -> str:
    if exc.problem is UploadProblem.NOT_TXT:
        return "Принимаю только текстовые файлы .txt со статьями в формате загрузки."
    if exc.problem is UploadProblem.TOO_BIG:
        return (
            f"Файл слишком большой ({html.size_ru(exc.size or 0)}): не больше {html.size_ru(MAX_UPLOAD_BYTES)}. "
            "Разбейте его на несколько файлов."
        )
    if exc.problem is UploadProblem.EMPTY:
        return "Файл пустой."
    return "Это не текстовый файл: нужен .txt в кодировке UTF-8 или Windows-1251."


def offer(name: str, size: int | None, arg: int) -> tuple[str, InlineKeyboardMarkup | None]:
    shown = f" ({html.size_ru(size)})" if size else ""
    text = f"Загрузить статьи из файла «{esc(name)}»{shown}?"
    return text, confirm_keyboard("📥 Загрузить", UploadFile(arg=arg, ok=True), UploadFile(arg=arg, ok=False))


def loading(name: str) -> str:
    return f"Загружаю «{esc(name)}»…"


def confirm_keyboard(yes: str, yes_data: CallbackData, no_data: CallbackData) -> InlineKeyboardMarkup | None:
    return html.keyboard([[html.button(yes, yes_data), html.button("Отмена", no_data)]])


def _date(iso: str) -> str:
    try:
        return html.date_ru(dt.date.fromisoformat(iso))
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
    """One article of an upload report."""
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
    counts = UploadCounts.of(results)
    head = f"<b>Загрузка</b>: добавлено {counts.added}, уже есть {counts.duplicates}, с ошибками {counts.failed}"
    topics = topics or {}
    lines = [head, ""] + [
        result_line(r, line_offset, topics.get(r.article_id or 0)) for r in results[:MAX_LISTED]
    ]
    if len(results) > MAX_LISTED:
        rest = len(results) - MAX_LISTED
        lines.append(f"… и ещё {html.count_ru(rest, 'статья', 'статьи', 'статей')}")
    if counts.failed:
        lines += ["", "Статьи с ошибками не сохранены; исправьте их и загрузите снова."]
    return "\n".join(lines)
