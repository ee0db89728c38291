"""/delete, /stats, /reindex and /audit (admins only)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.records import AuditEntry, StoredArticle
from bot.views import audit, html
from bot.views.callbacks import DeleteArticle
from bot.views.html import esc
from bot.views.upload import confirm_keyboard

DELETE_USAGE = "Укажите номер статьи: <code>/delete 12</code>."
DELETE_CANCELLED = "Удаление отменено."
REINDEX_BUSY = "Переиндексация уже идёт."
PRIVATE_ONLY = "Эта команда работает только в личном чате с ботом."

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


def not_found(article_id: int) -> str:
    return f"Статьи №{article_id} нет в архиве."


def confirm_delete(article: StoredArticle) -> tuple[str, InlineKeyboardMarkup | None]:
    text = (
        f"Удалить статью №{article.id} «{esc(article.title)}» от {html.date_ru(article.date)}?\n"
        "Вместе с ней удалятся её цитаты, темы и неотправленные уведомления."
    )
    return text, confirm_keyboard(
        "🗑 Удалить", DeleteArticle(id=article.id, ok=True), DeleteArticle(id=article.id, ok=False)
    )


def deleted(article_id: int, done: bool) -> str:
    return f"Статья №{article_id} удалена." if done else f"Статьи №{article_id} уже нет в архиве."


def stats_view(counts: dict[str, int], size: int) -> str:
    lines = ["<b>Архив</b>"]
    for name, value in counts.items():
        lines.append(f"{esc(STAT_LABELS.get(name, name))}: {value}")
    lines.append(f"Размер базы: {html.size_ru(size)}")
    return "\n".join(lines)


def audit_view(entries: list[AuditEntry]) -> str:
    lines = ["<b>Последние действия администраторов</b>"]
    for e in entries:
        when = e.at.strftime("%d.%m.%Y %H:%M")
        what = " ".join(part for part in (esc(audit.action_name(e.action)), esc(e.detail)) if part)
        lines.append(f"{when} UTC · {e.user_id} · {what} → {esc(e.result)}")
    if not entries:
        lines.append("Пока пусто.")
    return "\n".join(lines)


def reindex_progress(done: int, total: int) -> str:
    return f"Переиндексация: {done} из {total}…"


def reindex_interrupted(done: int, total: int) -> str:
    return f"Переиндексация прервана после {done} из {total}: обработанные статьи сохранены."


def reindex_done(count: int, seconds: float) -> str:
    return f"Переиндексация завершена: {html.count_ru(count, 'статья', 'статьи', 'статей')} за {html.decimal_ru(seconds)} с."
