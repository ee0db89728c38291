"""Russian text primitives shared by every analyser: spans, words, sentences, lemmas, stop words.

Everything here is pure and cached; the pymorphy3 analyzer is created once per process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache, partial
from typing import NamedTuple

import pymorphy3
from razdel import sentenize

from bot.news.quotemarks import Quotation, inside, quotations

# A word: letters and digits, hyphenated compounds kept whole («вице-мэр», «ТВ-3»). A regex is ~20x faster than
# razdel's tokenizer and gives the same words; razdel still splits sentences.
WORD_RE = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")
# A token: a word or a single punctuation mark.
TOKEN_RE = re.compile(WORD_RE.pattern + r"|[^\w\s]")
_HAS_ALNUM_RE = re.compile(r"[^\W_]")
_LINE_RE = re.compile(r"\n\s*\n|\n")
_TERMINAL = ".!?…"
_CONTINUING = ".,;:)"  # a line that starts with one of these continues the previous one


class Span(NamedTuple):
    """A piece of text (a token, a sentence, a line) with its offsets into the source string.

    A tuple rather than a dataclass: one is made for every word of every article, and tuples are several times
    cheaper to create.
    """

    start: int
    end: int
    text: str


_new_span = partial(tuple.__new__, Span)


def fold_yo(text: str) -> str:
    """ё -> е (and Ё -> Е): Russian news writes both, users type either."""
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of a lower-cased word (cached: news vocabulary repeats a lot)."""
    return tuple(morph().parse(word))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Normal form of one word: lower case, ё folded. Non-words come back lower-cased."""
    low = fold_yo(word.lower())
    if not _HAS_ALNUM_RE.search(low):
        return low
    return fold_yo(parses(low)[0].normal_form)


@lru_cache(maxsize=200_000)
def pos(word: str) -> str:
    """Part of speech of the most likely parse of a word («NOUN», «ADJF», …; '' when pymorphy3 has none)."""
    found = parses(fold_yo(word.lower()))
    return str(found[0].tag.POS or "") if found else ""


def shorten(text: str, limit: int) -> str:
    """Plain text with whitespace folded, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-—") + "…"


def is_word(token: str) -> bool:
    """Does the token hold a letter or a digit (a word or a number, not a mark)?"""
    return bool(_HAS_ALNUM_RE.search(token))


def lines(text: str) -> list[Span]:
    """Non-empty lines of text, stripped."""
    spans: list[Span] = []
    pos = 0
    for match in _LINE_RE.finditer(text + "\n"):
        chunk = text[pos : match.start()]
        stripped = chunk.strip()
        if stripped:
            offset = pos + (len(chunk) - len(chunk.lstrip()))
            spans.append(Span(offset, offset + len(stripped), stripped))
        pos = match.end()
    return spans


def paragraphs(text: str) -> list[Span]:
    """Lines of text, with a line that was broken by a lost link glued back to its neighbours.

    Scraped news loses its links as line breaks in mid-sentence («агентству\nИТАР-ТАСС\n.»). A line break
    ends a paragraph unless the line has no final punctuation and the next line starts in lower case or with
    punctuation, or is a short name-like line between two halves of one sentence («приводит\nТАСС\nзаявление»).
    """
    found = lines(text)
    result: list[Span] = []
    i = 0
    while i < len(found):
        start, end = found[i].start, found[i].end
        while i + 1 < len(found) and _glued(text, found, i):
            i += 1
            end = found[i].end
        i += 1
        result.append(Span(start, end, text[start:end]))
    return result


_STAMPED_RE = re.compile(r"[\s,.;:|–—-]*\d{1,2}:\d{2}\b")


def _glued(text: str, found: list[Span], i: int) -> bool:
    cur, nxt = found[i].text, found[i + 1].text
    if text.count("\n", found[i].end, found[i + 1].start) > 1 or cur[-1] in _TERMINAL + '»"”“:':
        return False
    if _STAMPED_RE.match(nxt):
        return False  # «, 10:42 ВЕСТНИК …»: a crawled page's time stamp opens a paragraph of its own
    if nxt[0].islower() or nxt[0] in _CONTINUING:
        return True
    if i + 2 < len(found) and len(nxt.split()) <= 4 and nxt[-1] not in _TERMINAL and cur[-1].islower():
        after = found[i + 2].text
        single_break = text.count("\n", found[i + 1].end, found[i + 2].start) == 1
        return single_break and (after[0].islower() or after[0] in _CONTINUING)
    return False


class Paragraph(NamedTuple):
    """A paragraph with its top-level quotations and its sentences."""

    span: Span
    quotations: tuple[Quotation, ...]
    sentences: tuple[Span, ...]


@lru_cache(maxsize=16)
def layout(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs, quotations and sentences of ``text``. Cached: the analysis and the quote extractor read the
    same article one after the other."""
    result: list[Paragraph] = []
    for para in paragraphs(text):
        quotes = quotations(text, para.start, para.end)
        result.append(Paragraph(para, tuple(quotes), tuple(paragraph_sentences(text, para, quotes))))
    return tuple(result)


def sentences(text: str) -> list[Span]:
    """Sentences with offsets into ``text``: razdel within each paragraph, never split inside quote marks.

    The one sentence splitter of the project: stored sentences, summaries, snippets and quotes all use it.
    """
    return [sent for para in layout(text) for sent in para.sentences]


def paragraph_sentences(text: str, para: Span, quotes: Sequence[Quotation]) -> list[Span]:
    """Sentences of one paragraph whose top-level ``quotes`` are known; «"ИННОПРОМ. Беларусь"» stays whole."""
    merged: list[tuple[int, int]] = []
    for piece in sentenize(para.text):
        start, end = para.start + piece.start, para.start + piece.stop
        if merged and quotes and inside(quotes, start, para.end):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [Span(start, end, text[start:end]) for start, end in merged]


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Span, ...]:
    """Words (hyphenated compounds whole) and single punctuation marks with their offsets into ``text``."""
    return tuple([_new_span((m.start(), m.end(), m.group())) for m in TOKEN_RE.finditer(text)])


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def lemmas(text: str) -> list[str]:
    """Lemmas of every word of ``text`` in order (punctuation dropped)."""
    return [lemma(w) for w in words(text)]


def content_lemmas(text: str) -> list[str]:
    """Lemmas without stop words, one-letter words and bare numbers."""
    return [lem for lem in lemmas(text) if is_content_lemma(lem)]


def is_content_lemma(lem: str) -> bool:
    return len(lem) > 1 and not lem.isdigit() and lem not in STOP_WORDS


# Function words plus the verbs and nouns every news story uses; none of them says what a story is about.
STOP_WORDS: frozenset[str] = frozenset(
    """
    а без более бы был быть в вам вас весь во вот все всего всех вы где да даже для до его ее ей ему если
    есть еще же за здесь и из или им их к как ко когда кто ли либо между меня мне может мочь мы на над надо
    наш не него нее нет ни них но ну о об однако он она они оно от очень по под после потом при про раз с
    сам свой себя со так также такой там те тем то тогда того тоже только том тот ту ты у уже хотя чем через
    что чтобы чье эта эти это этот я который которая которое которые какой каждый кроме около пока почему
    сейчас ведь вдруг зачем тут весьма именно лишь более менее наиболее очень сразу еще уж ли ж бы б
    один два три четыре пять шесть семь восемь девять десять первый второй третий
    год месяц день неделя время раз число часть сторона слово дело вопрос данные
    заявить сказать отметить сообщить подчеркнуть рассказать добавить пояснить считать говорить
    напомнить передавать передать сообщать отмечать заявлять говориться являться стать мочь
    также новый другой весь свой этот тот такой который самый многий сам
    ранее позже затем сегодня вчера завтра теперь где-то также-то
    """.split()
)
