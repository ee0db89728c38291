"""The upload format of ``seeds/``: line 1 ``date YYYY-MM-DD [extra]``, line 2 the title, then body paragraphs.

A file may hold several articles; each one starts at its own ``date`` line. Parsing either returns articles or
raises :class:`ArticleFormatError` naming the 1-based line and a Russian reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

MAX_TITLE_CHARS = 500

_DATE_LINE_RE = re.compile(r"^date(?:[ \t]+(?P<value>\S+))?(?:[ \t]+(?P<extra>.*))?$", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ArticleFormatError(ValueError):
    """An upload that is not a valid article; ``line`` is 1-based (0 when it concerns the whole input)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"строка {line}: {reason}" if line else reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Article:
    date: dt.date
    title: str
    body: str
    extra: str = ""
    line: int = field(default=1, compare=False)  # where the article starts in its source

    @property
    def content_hash(self) -> str:
        """Same title and body (whitespace aside) -> same hash: the same text uploaded twice is one article."""
        canon = " ".join(self.title.split()).casefold() + "\n" + " ".join(self.body.split()).casefold()
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def decode(data: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else Windows-1251; anything else is not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if "\x00" in text or len(_CONTROL_RE.findall(text)) > max(3, len(text) // 100):
        raise ArticleFormatError(0, "это не текстовый файл")
    return text


def _decode_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "cp866"]).best()
    if best is not None and best.encoding in {"cp1251", "koi8_r", "cp866"}:
        return str(best)
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(0, "не удалось определить кодировку (ожидается UTF-8 или Windows-1251)") from exc
    if sum(ch.isalpha() for ch in text) < len(text) // 3:
        raise ArticleFormatError(0, "это не текстовый файл")
    return text


def parse(source: str | bytes) -> list[Article]:
    """Parse one upload (text or raw bytes) into articles; raise ArticleFormatError on the first problem."""
    results = parse_each(source)
    for result in results:
        if isinstance(result, ArticleFormatError):
            raise result
    return results  # type: ignore[return-value]


def parse_each(source: str | bytes) -> list[Article | ArticleFormatError]:
    """Parse every article of an upload separately: one broken article does not hide the others.

    Raises ArticleFormatError only when the upload as a whole is unusable (not text, empty, no date line).
    """
    text = decode(source) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    if "\x00" in text:
        raise ArticleFormatError(0, "это не текстовый файл")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if is_date_line(line)]
    first_content = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_content is None:
        raise ArticleFormatError(0, "пустой текст")
    if not starts or starts[0] != first_content:
        raise ArticleFormatError(first_content + 1, "статья должна начинаться со строки «date ГГГГ-ММ-ДД»")
    bounds = starts[1:] + [len(lines)]
    results: list[Article | ArticleFormatError] = []
    for a, b in zip(starts, bounds, strict=True):
        try:
            results.append(_parse_one(lines[a:b], a))
        except ArticleFormatError as exc:
            results.append(exc)
    return results


def is_date_line(line: str) -> bool:
    """Does this line open an article («date 2025-09-29 …», leading spaces and any case allowed)?"""
    stripped = line.strip()
    return stripped[:4].lower() == "date" and (len(stripped) == 4 or stripped[4] in " \t")


def _parse_one(lines: list[str], offset: int) -> Article:
    head = lines[0].strip()
    match = _DATE_LINE_RE.match(head)
    if match is None or not match.group("value"):
        raise ArticleFormatError(offset + 1, "после «date» нужна дата в виде ГГГГ-ММ-ДД")
    date = _parse_date(match.group("value"), offset + 1)
    extra = " ".join((match.group("extra") or "").split())

    rest = [(offset + 1 + i, line.strip()) for i, line in enumerate(lines[1:], start=1)]
    non_empty = [(n, line) for n, line in rest if line]
    if not non_empty:
        raise ArticleFormatError(offset + 2, "нет заголовка")
    title_line, title = non_empty[0]
    if title_line != offset + 2:
        raise ArticleFormatError(offset + 2, "нет заголовка: вторая строка должна быть заголовком")
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleFormatError(title_line, f"заголовок длиннее {MAX_TITLE_CHARS} символов")
    body_lines = [line for _, line in non_empty[1:]]
    if not body_lines:
        raise ArticleFormatError(title_line + 1, "пустой текст статьи")
    for n, line in non_empty:
        if _CONTROL_RE.search(line):
            raise ArticleFormatError(n, "строка содержит управляющие символы")
    return Article(date=date, title=title, body="\n".join(body_lines), extra=extra, line=offset + 1)


def _parse_date(value: str, line: int) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ArticleFormatError(line, f"неверная дата «{value[:20]}»: нужен формат ГГГГ-ММ-ДД")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ArticleFormatError(line, f"несуществующая дата «{value}»") from exc
    if date.year < 1800:
        raise ArticleFormatError(line, f"неправдоподобная дата «{value}»")
    return date
