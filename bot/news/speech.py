"""Whose words a sentence carries: stored quotes laid over an article's sentences, quote marks followed across
sentences, and speakers' names in the forms a repaired sentence needs.

Quotes come from the quotes table (``bot.news.quotes`` found them at ingest); nothing here re-analyses text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.news.language import fold_yo, parses, words

_OPENING = "«„"
_CLOSING = "»“"
_STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A stored quote: who said it and where its words sit in the article body."""

    article_id: int
    speaker: str  # fullest nominative name, «Александр Дрозденко»
    kind: str  # "direct" | "indirect"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quotation:
    """Where a sentence stands towards quote marks opened in earlier sentences."""

    opens_inside: bool  # it begins inside a quotation opened before it
    ends_inside: bool  # it leaves a quotation open


def quotation_states(texts: Sequence[str]) -> list[Quotation]:
    """For an article's sentences in order: which begin or end inside a quotation (marks counted across them)."""
    depth, straight = 0, False
    states = []
    for text in texts:
        inside = depth > 0 or straight
        depth = max(0, depth + sum(map(text.count, _OPENING)) - sum(map(text.count, _CLOSING)))
        straight ^= text.count(_STRAIGHT) % 2 == 1
        states.append(Quotation(inside, depth > 0 or straight))
    if states and (depth > 0 or straight):  # a mark never closed: trust each sentence's own marks instead
        return [Quotation(False, not balanced(text)) for text in texts]
    return states


def balanced(text: str) -> bool:
    """Quote marks and brackets pair up within the text (“ closes „ or opens ”, as the text's style has it)."""
    curly = text.count("„") == text.count("“") if "„" in text else text.count("“") == text.count("”")
    return (
        text.count("«") == text.count("»")
        and text.count('"') % 2 == 0
        and curly
        and text.count("(") == text.count(")")
    )


def covering(start: int, end: int, text: str, quotes: Sequence[QuoteSpan]) -> tuple[QuoteSpan | None, float]:
    """The quote holding the largest share of a sentence (body offsets ``start``-``end``), and that share (of
    its characters, spaces and marks at the edges of the quote's words counted as the sentence's own)."""
    size = len(text.strip(" .!?…«»\"„“”")) or 1
    best, best_share = None, 0.0
    for quote in quotes:
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > 0 and overlap / size > best_share:
            best, best_share = quote, min(1.0, overlap / size)
    return best, best_share


def surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def names_speaker(text: str, speaker: str) -> bool:
    """Does the sentence name the speaker (the surname in any case form)?"""
    last = fold_yo(surname(speaker))
    stem = last[: max(3, len(last) - 2)]
    return any(fold_yo(word).startswith(stem) and word[:1].isupper() for word in words(text))


@lru_cache(maxsize=4096)
def gender(name: str) -> str | None:
    """«masc» or «femn» of a person's name, from the first name or the surname; None when unknown."""
    parts = [fold_yo(w.lower()) for w in words(name)]
    for part in parts[:-1]:
        for parse in parses(part):
            if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
                return parse.tag.gender
    for parse in parses(parts[-1]) if parts else ():
        if {"Surn", "Name"} & set(parse.tag.grammemes) and parse.tag.gender in ("masc", "femn"):
            return parse.tag.gender
    return None


@lru_cache(maxsize=4096)
def surname_genitive(name: str) -> str:
    """The speaker's surname in the genitive, for «по словам Дрозденко», «по словам Джонсона»."""
    last = surname(name)
    low = fold_yo(last.lower())
    sex = gender(name)
    for parse in parses(low):
        if {"Surn", "Name"} & set(parse.tag.grammemes) and parse.tag.case == "nomn" and sex in (None, parse.tag.gender):
            if "Fixd" in parse.tag:
                return last
            inflected = parse.inflect({"gent"})
            if inflected is not None:
                return _like(last, inflected.word)
    if sex == "femn" and low.endswith(("ова", "ева", "ёва", "ина", "ына", "ая")):
        return last[: -2 if low.endswith("ая") else -1] + "ой"  # Ласточкина -> Ласточкиной
    if sex == "femn" or low[-1:] in "оеиуюэы" or low.endswith(("ых", "их")):
        return last  # foreign women's surnames and vowel endings do not decline
    if low.endswith(("й", "ь")):
        return last[:-1] + "я"
    return last + "а"


def _like(original: str, word: str) -> str:
    """``word`` with the capitalisation of ``original`` (hyphenated parts each capitalised)."""
    if original.isupper():
        return word.upper()
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
