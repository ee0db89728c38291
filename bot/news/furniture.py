"""Crawl furniture of Russian news pages: what a site prints around an article that is not the article.

Three conventions cover most of it:
- stamps glued to the first line by the crawler: a time and date, a view counter, the outlet's name in capitals
  («, 19:14 REGNUM Текст…», «14:00 08.11.2018 Источник: Текст…»);
- agency datelines: a city in capitals, a date and the agency («МОСКВА, 1 авг — РИА Новости.», «ИРКУТСК,
  10 августа. /ТАСС/.»);
- lines addressed to the reader or about the page: photo and video credits, «Подробнее…», «Читайте также»,
  «Если вы заметили ошибку… Ctrl+Enter», copyright and reprint notices, links, tags, sharing and comment prompts.

Stamps and datelines are cut off (the rest of the line is the article's own sentence); a sentence with a page
line in it is furniture as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.news.language import Span, words

MONTH = r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-яё]*\.?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}"
WORD_DATE = rf"\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?(?:\s+г(?:ода|\.))?"

# Leading crawl stamps: times, dates, bare counters and the words around them («Время», «Источник:»), then an
# outlet's name in capitals. At least one time or numeric date must be there, so «28 января суд…» is kept.
_STAMP_RE = re.compile(
    rf"^[\s,.;:|–—-]*(?:(?:\d+\s+)*(?:время\s*:?\s*)?(?:{_TIME}|{_NUMERIC_DATE})"
    rf"(?:[\s,.;:|–—-]+(?:{_TIME}|{_NUMERIC_DATE}|{WORD_DATE}|\d+(?=\s)))*"
    rf"|{WORD_DATE}[\s,]+{_TIME})[\s,.;:|–—-]*"
    r"(?:(?:источник|фото|видео)\s*:\s*)?(?-i:(?:ИА\s+)?[A-ZА-ЯЁ][A-ZА-ЯЁ.]{2,}(?=\s+[A-ZА-ЯЁ«\"\d])\s*)?",
    re.IGNORECASE,
)
# Agency datelines: «МОСКВА, 10 авг - РИА Новости.», «КРАСНОЯРСК, 10 августа. /ТАСС/.», «ТАСС, 11 августа.»,
# «Москва. 9 ноября. INTERFAX.RU -», «БИШКЕК, 5 августа /Новости-Грузия/.»
_CAPS_PLACE = r"[A-ZА-ЯЁ][A-ZА-ЯЁ-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ-]+)*"
_AGENCY = r"(?:/[^/\n]{2,40}/|(?:ИА\s+|РИА\s+)?[A-ZА-ЯЁ][A-ZА-ЯЁ.-]+(?:\s+Новости)?(?=[\s.,–—-]))"
_DATELINE_RE = re.compile(
    rf"^\s*(?:{_CAPS_PLACE}[,.]\s*{WORD_DATE}[\s.,]*(?:[–—-]\s*[^.\n]{{2,30}}?\.\s*|{_AGENCY}[\s.]*)?(?:[–—-]\s*)?"
    rf"|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?[,.]\s*{WORD_DATE}[\s.,]*(?:[–—-]\s*)?{_AGENCY}[\s.]*[–—-]?\s*)"
)
# A line about the page, not the story. Anywhere in a sentence unless anchored.
_PAGE_LINE_RE = re.compile(
    r"ctrl\s*\+\s*enter|заметили\s+ошибку|©|https?://|www\.|\.(?:ru|com|org|net|ua|by)\b/?"
    r"|\bподробнее\b[^.]*\bчитайте|\bчитайте\b|\bподробности\s*:|\bвсе\s+права\s+защищены"
    r"|гиперссылк|\bперепечатк|\bпри\s+(?:любом\s+)?использовании\s+материалов|\bна\s+правах\s+рекламы"
    r"|\bмнение\s+редакции\b|\bроскомнадзор\w*\s+(?:зарегистр|свидетельство)|\bсвидетельство\s+о\s+регистрации"
    r"|\b(?:фото|видео|иллюстрация|графика|коллаж)\s*:|\((?:архивное\s+)?(?:фото|видео)\b[^)]*\)"
    r"|\b(?:подписывайтесь|поделиться|присоединяйтесь)\b|\bпросмотр(?:ов|а)?\s*:?\s*\d|\d+\s+просмотр",
    re.IGNORECASE,
)
# Words one of which every page line holds: the regex above runs only where one is found (it is slow to try
# at every position of every sentence).
_PAGE_MARKERS = (
    "ctrl", "ошибк", "©", "http", "www.", ".ru", ".com", ".org", ".net", ".ua", ".by", "читайте", "подробност",
    "права", "гиперссылк", "перепечатк", "материалов", "рекламы", "редакции", "регистрации", "фото", "видео",
    "иллюстрац", "графика", "коллаж", "подписывайтесь", "поделиться", "присоединяйтесь", "просмотр",
)
_PAGE_MARKER_RE = re.compile("|".join(map(re.escape, _PAGE_MARKERS)))
_LETTER_RE = re.compile(r"[^\W\d_]")
_PAGE_START_RE = re.compile(
    r"^\s*(?:фото\b|(?:источник|теги|тэги|метки|комментари\w*|по\s+теме)\s*:|(?:читайте|смотрите)\s+также"
    r"|ранее\s+по\s+теме)",
    re.IGNORECASE,
)
# A capitalised «Подробнее» inside a line: a related-link label the crawler glued to the text.
_LINK_LABEL_RE = re.compile(r"(?<=\S)\s+Подробнее\b")
# A site's name, section or dateline after the headline: «… - Новости - Site.ru», «… / 20.12.16 / © Site».
_TITLE_SEPARATOR_RE = re.compile(r"\s+[|/–—-]\s+|:\s+")
_SITE_RE = re.compile(r"\.(?:ru|com|org|net|info|ua|by|kz|su|рф)\b|©", re.IGNORECASE)
_SECOND_SENTENCE_RE = re.compile(r"(?<=[а-яёa-z0-9»)]{2})[.!?]\s+(?=[А-ЯЁA-Z])")
_TITLE_TAIL_RE = re.compile(
    rf"(?:[\s,|–—-]+(?:{_TIME}|{_NUMERIC_DATE}))+(?:\s+\d{{1,2}}\s+{MONTH}\s+\d{{4}})?(?:\s+\d+)*\s*$",
    re.IGNORECASE,
)


def strip_stamps(text: str) -> str:
    """The text without a leading crawl stamp or agency dateline («, 19:14 REGNUM Текст» -> «Текст»)."""
    stripped = text
    for _ in range(3):  # a dateline after a stamp, a stamp after a dateline
        before = stripped
        stripped = _STAMP_RE.sub("", stripped, count=1)
        stripped = _DATELINE_RE.sub("", stripped, count=1)
        if stripped == before:
            break
    return stripped.strip() if stripped != text else text


def is_page_line(text: str) -> bool:
    """A sentence (or a line) that is about the page rather than the story: credits, links, prompts, notices."""
    if _PAGE_MARKER_RE.search(text.lower()) and _PAGE_LINE_RE.search(text):
        return True
    return bool(_PAGE_START_RE.match(text) or ("Подробнее" in text and _LINK_LABEL_RE.search(text)))


def is_furniture(text: str) -> bool:
    """Nothing of the story is left once stamps and datelines are cut off, or the line is about the page."""
    rest = strip_stamps(text)
    return not _LETTER_RE.search(rest) or is_page_line(rest)


def clean_title(title: str) -> str:
    """A headline without the stamps a crawler glued to either end («09.07.2018 18:09 : Текст 21:49» -> «Текст»)."""
    cleaned = _TITLE_TAIL_RE.sub("", strip_stamps(title)).strip(" :|–—-")
    parts = _TITLE_SEPARATOR_RE.split(cleaned)
    if len(parts) > 1 and any(_SITE_RE.search(part) for part in parts[1:]):
        cleaned = parts[0]
    cleaned = _SECOND_SENTENCE_RE.split(cleaned, maxsplit=1)[0].rstrip(" .")  # a lead printed after it
    return cleaned if words(cleaned) else title.strip()


def lead_sentence(spans: Sequence[Span], min_words: int = 4) -> str:
    """The first line of an article for listings: the first sentence that is not furniture, stamps cut off."""
    for span in spans:
        if is_furniture(span.text):
            continue
        text = strip_stamps(span.text)
        if len(words(text)) >= min_words:
            return text
    return strip_stamps(spans[0].text) if spans else ""
