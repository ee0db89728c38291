"""The audit trail in words: what each admin action is called and how its detail and outcome are written down.

Entries are written in Russian when the action happens (the trail is read only by people, through /audit);
action names stay short codes, shown through ``ACTIONS``.
"""

from __future__ import annotations

from bot.views import html

ACTIONS = {
    "upload": "загрузка",
    "upload-offer": "файл без команды",
    "delete": "удаление",
    "stats": "статистика",
    "reindex": "переиндексация",
    "audit": "журнал",
    "document": "файл",
    "message": "сообщение",
    "button": "кнопка",
}

DONE = "выполнено"
USAGE = "показана справка"
ASKED = "спрошено подтверждение"
CANCELLED = "отменено"
DELETED = "удалено"
NOT_FOUND = "статьи нет"
STALE = "кнопка устарела"
BUSY = "уже идёт"
IN_GROUP = "отказано: групповой чат"
NOT_DOWNLOADED = "файл не скачан"


def action_name(code: str) -> str:
    return ACTIONS.get(code.split(":", 1)[0], code)


def error(name: str) -> str:
    return f"ошибка {name}"


def rejected(reason: str) -> str:
    return f"отклонено: {reason}"


def article(arg: str) -> str:
    return f"статья {arg}"


def file(name: str | None, size: int | None) -> str:
    shown = html.size_ru(size) if size is not None else "размер неизвестен"
    return f"файл «{name or '?'}» ({shown})"


def text(how: str, chars: int) -> str:
    source = {"message": "текстом сообщения", "reply": "ответом на сообщение"}.get(how, how)
    return f"{source}, {html.count_ru(chars, 'символ', 'символа', 'символов')}"


def uploaded(added_ids: list[int], duplicates: int, failed: int) -> str:
    numbers = f" ({', '.join(f'№{i}' for i in added_ids[:20])})" if added_ids else ""
    return f"добавлено {len(added_ids)}{numbers}, уже было {duplicates}, с ошибками {failed}"


def reindexed(count: int, seconds: float) -> str:
    return f"переиндексировано {count} за {html.decimal_ru(seconds)} с"


def interrupted(done: int, total: int) -> str:
    return f"прервано после {done} из {total}"
