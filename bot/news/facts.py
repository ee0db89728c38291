"""When two sentences tell the same fact: their words, numbers and names, compared without the query's words.

Outlets retell one event in their own words and update its figures as they go («отменила 250 рейсов» in the
morning, «около 400 рейсов» by night), so a fact is the same when most content words are shared, when a number
(not a year) recurs with a few of the same words around it, or when the same people recur with a few more.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.news.language import lemma, words

SHARED_WORDS = 3  # at least this many content lemmas in common ...
SHARED_SHARE = 0.5  # ... and at least this share of the shorter sentence's
NUMBER_CONTEXT = 2  # a shared number counts with this many shared content lemmas
CAST = 3  # names in common that make one fact of sentences sharing a few more words (the same people, again)

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class Fact:
    lemmas: frozenset[str]  # content lemmas, the query's aside
    numbers: frozenset[str]  # figures other than years
    names: frozenset[str]  # lemmas of capitalised words after the first


def fact_of(text: str, lemmas: Sequence[str], ignore: Collection[str] = ()) -> Fact:
    """``lemmas``: the sentence's stored content lemmas; ``ignore``: the query's lemmas (every sentence has them)."""
    found = words(text)
    numbers = {n.replace(",", ".") for n in _NUMBER_RE.findall(text) if not _YEAR_RE.fullmatch(n)}
    names = {lemma(w) for w in found[1:] if w[:1].isupper() and not w.isdigit()}
    return Fact(
        frozenset(lem for lem in lemmas if lem not in ignore),
        frozenset(numbers),
        frozenset(n for n in names if n not in ignore),
    )


def same_fact(a: Fact, b: Fact, *, other_event: bool = False) -> bool:
    """``other_event``: the sentences come from two stories (other days): there, different figures mean
    another strike or another vote, not an updated count."""
    if other_event and a.numbers and b.numbers and a.numbers.isdisjoint(b.numbers):
        return False
    shared = len(a.lemmas & b.lemmas)
    shorter = min(len(a.lemmas), len(b.lemmas)) or 1
    if shared >= SHARED_WORDS and shared >= SHARED_SHARE * shorter:
        return True
    if a.numbers & b.numbers and shared >= NUMBER_CONTEXT:
        return True
    return len(a.names & b.names) >= CAST and shared >= SHARED_WORDS + 1
