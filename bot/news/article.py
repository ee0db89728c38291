"""The upload format of ``seeds/``: line 1 ``date YYYY-MM-DD [extra]``, line 2 the title, then body paragraphs.

A file may hold several articles; each one starts at its own ``date`` line. Parsing either returns articles or
raises :class:`ArticleFormatError` naming the 1-based line and a Russian reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from bot.news.encoding import MIN_EVIDENCE, MIN_PLAUSIBLE, decode_chunk, evidence, plausibility

MAX_TITLE_CHARS = 500
MAX_EXTRA_CHARS = 200
MAX_BODY_CHARS = 100_000
MAX_FUTURE_DAYS = 2  # a date a little ahead is a time zone; further ahead it is a typo

_DATE_LINE_RE = re.compile(r"^date(?:[ \t]+(?P<value>\S+))?(?:[ \t]+(?P<extra>.*))?$", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


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


UNREADABLE = "не удалось прочитать текст: нужна кодировка UTF-8 или Windows-1251, а текст похож на испорченный"
NOT_TEXT = "это не текстовый файл"


def decode(data: bytes) -> str:
    """Bytes of one plain text -> str (UTF-8 with or without BOM, else a Russian code page)."""
    data = _check_bytes(data)
    text = decode_chunk(data)
    if text is None:
        raise ArticleFormatError(0, UNREADABLE)
    return text


def _check_bytes(data: bytes) -> bytes:
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in data or len(_CONTROL_RE.findall(data.decode("latin-1"))) > max(3, len(data) // 100):
        raise ArticleFormatError(0, NOT_TEXT)
    return data


def parse(source: str | bytes, today: dt.date | None = None) -> list[Article]:
    """Parse one upload (text or raw bytes) into articles; raise ArticleFormatError on the first problem."""
    results = parse_each(source, today)
    for result in results:
        if isinstance(result, ArticleFormatError):
            raise result
    return results  # type: ignore[return-value]


def parse_each(source: str | bytes, today: dt.date | None = None) -> list[Article | ArticleFormatError]:
    """Parse every article of an upload separately: one broken article does not hide the others.

    Raw bytes are decoded article by article (a file put together from several sources may mix encodings).
    Raises ArticleFormatError only when the upload as a whole is unusable (not text, empty, no date line).
    ``today`` (default: the current date) bounds how far in the future an article may be dated.
    """
    today = today or dt.date.today()
    if isinstance(source, bytes):
        chunks = _byte_chunks(_check_bytes(source))
    else:
        chunks = _text_chunks(source.removeprefix("\ufeff"))
    if chunks[0][1] is not None and chunks[0][1].strip():
        first = chunks[0][0] + next(i for i, line in enumerate(chunks[0][1].split("\n")) if line.strip())
        raise ArticleFormatError(first + 1, "статья должна начинаться со строки «date ГГГГ-ММ-ДД»")
    if len(chunks) == 1:
        raise ArticleFormatError(0, "пустой текст")
    results: list[Article | ArticleFormatError] = []
    for offset, text in chunks[1:]:
        try:
            if text is None:
                raise ArticleFormatError(offset + 1, UNREADABLE)
            results.append(_parse_one(text.split("\n"), offset, today))
        except ArticleFormatError as exc:
            results.append(exc)
    return results


def _text_chunks(text: str) -> list[tuple[int, str | None]]:
    """(first line index, text) of what comes before the first date line, then of each article."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if is_date_line(line)]
    bounds = [0, *starts, len(lines)]
    return [(a, "\n".join(lines[a:b])) for a, b in zip(bounds, bounds[1:], strict=False)]


def _byte_chunks(data: bytes) -> list[tuple[int, str | None]]:
    """As _text_chunks, each piece decoded on its own (None when it reads as no known encoding)."""
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    starts = [i for i, line in enumerate(lines) if is_date_line(line.decode("latin-1"))]
    bounds = [0, *starts, len(lines)]
    return [(a, decode_chunk(b"\n".join(lines[a:b]))) for a, b in zip(bounds, bounds[1:], strict=False)]


def is_date_line(line: str) -> bool:
    """Does this line open an article («date 2025-09-29 …», leading spaces and any case allowed)?"""
    stripped = line.strip()
    return stripped[:4].lower() == "date" and (len(stripped) == 4 or stripped[4] in " \t")


def check_text(line: int, text: str) -> None:
    """Characters no article holds: control characters and broken UTF-16 (lone surrogates)."""
    if _CONTROL_RE.search(text):
        raise ArticleFormatError(line, "строка содержит управляющие символы")
    if _SURROGATE_RE.search(text):
        raise ArticleFormatError(line, "строка содержит недопустимые символы")


def check_readable(line: int, text: str) -> None:
    if evidence(text) >= MIN_EVIDENCE and plausibility(text) < MIN_PLAUSIBLE:
        raise ArticleFormatError(line, UNREADABLE)


def check_body(line: int, body: str) -> None:
    if not body:
        raise ArticleFormatError(line, "пустой текст статьи")
    if len(body) > MAX_BODY_CHARS:
        raise ArticleFormatError(line, f"текст статьи длиннее {MAX_BODY_CHARS:,} символов".replace(",", " "))


def _parse_one(lines: list[str], offset: int, today: dt.date) -> Article:
    head = lines[0].strip()
    match = _DATE_LINE_RE.match(head)
    if match is None or not match.group("value"):
        raise ArticleFormatError(offset + 1, "после «date» нужна дата в виде ГГГГ-ММ-ДД")
    date = parse_date(match.group("value"), offset + 1, today)
    extra = " ".join((match.group("extra") or "").split())
    if len(extra) > MAX_EXTRA_CHARS:
        raise ArticleFormatError(offset + 1, f"поля после даты длиннее {MAX_EXTRA_CHARS} символов")

    rest = [(offset + 1 + i, line.strip()) for i, line in enumerate(lines[1:], start=1)]
    non_empty = [(n, line) for n, line in rest if line]
    if not non_empty:
        raise ArticleFormatError(offset + 2, "нет заголовка")
    title_line, title = non_empty[0]
    if title_line != offset + 2:
        raise ArticleFormatError(offset + 2, "нет заголовка: вторая строка должна быть заголовком")
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleFormatError(title_line, f"заголовок длиннее {MAX_TITLE_CHARS} символов")
    for n, line in [(offset + 1, head), *non_empty]:
        check_text(n, line)
    body = "\n".join(line for _, line in non_empty[1:])
    check_body(title_line + 1, body)
    check_readable(offset + 1, title + "\n" + body)
    return Article(date=date, title=title, body=body, extra=extra, line=offset + 1)


def parse_date(value: str, line: int, today: dt.date) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ArticleFormatError(line, f"неверная дата «{value[:20]}»: нужен формат ГГГГ-ММ-ДД")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ArticleFormatError(line, f"несуществующая дата «{value}»") from exc
    if date.year < 1800:
        raise ArticleFormatError(line, f"неправдоподобная дата «{value}»")
    if date > today + dt.timedelta(days=MAX_FUTURE_DAYS):
        raise ArticleFormatError(line, f"дата «{value}» ещё не наступила")
    return date
