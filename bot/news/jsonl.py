"""JSON Lines news dumps: one object per line with title, text, date and optional id, url, source."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from bot.news.article import (
    MAX_TITLE_CHARS,
    Article,
    ArticleFormatError,
    check_body,
    check_readable,
    check_text,
    parse_date,
)


@dataclass(frozen=True, slots=True)
class JsonlRecord:
    article: Article
    external_id: str | None
    url: str | None
    source: str | None


def _text_field(obj: dict, name: str, line: int, *, required: bool) -> str | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise ArticleFormatError(line, f"нет поля «{name}»")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and name == "id":
        return str(value)
    if not isinstance(value, str):
        raise ArticleFormatError(line, f"поле «{name}» должно быть строкой")
    return value


def _date_field(value: str | None, line: int, today: dt.date) -> dt.date:
    if not value:
        raise ArticleFormatError(line, "нет даты (поле «date»)")
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])", value.strip())
    if not match:
        raise ArticleFormatError(line, f"неверная дата «{value[:30]}»: нужен ISO-формат")
    return parse_date(match.group(1), line, today)


def parse_jsonl_line(raw: bytes | str, line: int, today: dt.date | None = None) -> JsonlRecord:
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleFormatError(line, "строка не является JSON-объектом") from exc
    if not isinstance(obj, dict):
        raise ArticleFormatError(line, "строка не является JSON-объектом")
    title = " ".join((_text_field(obj, "title", line, required=True) or "").split())
    check_text(line, title)
    if not title:
        raise ArticleFormatError(line, "пустой заголовок")
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleFormatError(line, f"заголовок длиннее {MAX_TITLE_CHARS} символов")
    text = _text_field(obj, "text", line, required=True) or ""
    body = "\n".join(p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if p.strip())
    check_text(line, body.replace("\n", " "))
    check_body(line, body)
    check_readable(line, title + "\n" + body)
    date = _date_field(_text_field(obj, "date", line, required=True), line, today or dt.date.today())
    meta = {name: _text_field(obj, name, line, required=False) for name in ("id", "url", "source")}
    for value in meta.values():
        check_text(line, value or "")
    return JsonlRecord(
        article=Article(date=date, title=title, body=body, line=line),
        external_id=meta["id"],
        url=meta["url"],
        source=meta["source"],
    )
