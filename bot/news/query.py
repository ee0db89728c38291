"""User search words -> lemma terms, and each term -> its related lemmas (the FTS index holds lemmas).

Expansion of a query lemma, each with a weight below 1 (the lemma itself weighs 1):
- relational adjectives derived from a noun (пенсия -> пенсионный, Куба -> кубинский, допинг ->
  антидопинговый): words of navec's vocabulary (natasha's news word vectors) that begin with the noun's
  pymorphy3 stem (or end in such an adjective), are adjectives by pymorphy3, and sit close to the noun in
  navec, which drops look-alikes (Куба -> кубический, кубковый);
- the reverse, a noun for a query adjective (олимпийский -> олимпиада), by the same test;
- name variants (Беларусь -> Белоруссия, and its белорусский): close navec neighbours of the same part of
  speech and beginning, kept only when the adjective of one fits the other as well as its own noun, which
  rejects co-hyponyms (Иран/Ирак, Словакия/Словения).
Plain navec neighbours of any spelling (космонавт -> астронавт, but also Беларусь -> Казахстан) were
measured too and left out: +0.002 nDCG for ~300 ms per new word.
"""

from __future__ import annotations

from functools import lru_cache

from bot.news.language import fold_yo, is_content_lemma, lemma, parses, pos, words
from bot.news.vectors import word_vectors

MAX_QUERY_TERMS = 12

DERIVED_WEIGHT = 0.6  # an article saying «пенсионный» is about pensions, but slightly less surely
VARIANT_WEIGHT = 0.8  # «Белоруссия» for «Беларусь»: the same thing, another name
DERIVED_MIN_SIM = 0.15  # navec cosine: кубинский~куба 0.39, кубический~куба -0.08
VARIANT_MIN_SIM = 0.5
VARIANT_PREFIX = 3
MIN_STEM = 3
_RELATIONAL = ("ский", "ской", "цкий", "ный", "ной", "овый", "евый", "ийский")


def query_terms(text: str) -> list[str]:
    """Distinct lemmas of the words of ``text``, stop words dropped unless nothing else is left."""
    all_terms: list[str] = []
    for word in words(text):
        term = lemma(word)
        if term not in all_terms:
            all_terms.append(term)
    content = [t for t in all_terms if is_content_lemma(t)]
    return (content or all_terms)[:MAX_QUERY_TERMS]


def expand(term: str) -> dict[str, float]:
    """``term`` (weight 1) plus its related lemmas with weights below 1."""
    return dict(_expand(term))


@lru_cache(maxsize=4096)
def _expand(term: str) -> tuple[tuple[str, float], ...]:
    related: dict[str, float] = {term: 1.0}
    if len(term) < 3 or not term.isalpha():
        return tuple(related.items())
    for other in _derived(term):
        related.setdefault(other, DERIVED_WEIGHT)
    for other in _variants(term):
        related.setdefault(other, VARIANT_WEIGHT)
        for adjective in _derived(other):  # Беларусь -> Белоруссия -> белорусский
            related.setdefault(adjective, VARIANT_WEIGHT * DERIVED_WEIGHT)
    return tuple(related.items())


def _stem(word: str) -> str:
    """Common prefix of the word's lexeme (пенсия -> пенси), without a final и/ь of -ия/-ие/-ь words."""
    parsed = parses(word)
    if not parsed:
        return word
    forms = [fold_yo(f.word) for f in parsed[0].lexeme] or [word]
    prefix = forms[0]
    for form in forms[1:]:
        while not form.startswith(prefix):
            prefix = prefix[:-1]
    return prefix.rstrip("иь") if len(prefix) > MIN_STEM + 1 else prefix


@lru_cache(maxsize=4096)
def _derived(term: str) -> tuple[str, ...]:
    """Relational adjectives built on a noun (пенсия -> пенсионный), or the nouns under an adjective.

    A word qualifies when it begins with the noun's stem (a long stem may lose two letters: олимпиада ->
    олимпийский) and navec puts it close to the noun, which drops look-alikes (Куба -> кубический).
    """
    part = pos(term)
    if part == "NOUN":
        stem = _stem(term)
        if len(stem) < MIN_STEM:
            return ()
        found = _adjectives(term, stem)
        if not found and len(stem) >= 6:  # a shortened stem: keep only the closest adjective
            found = set(sorted(_adjectives(term, stem[:-2]), key=lambda a: -_similarity(term, a))[:1])
        found |= {p for adjective in found for p in _prefixed(term, adjective)}
        return tuple(sorted(found))
    if part == "ADJF":
        stem = term[:-4] if term.endswith(_RELATIONAL) else term[:-2]
        prefix = stem[:-2] if len(stem) >= 6 else stem
        if len(prefix) < MIN_STEM:
            return ()
        found = {
            base
            for word, _ in _close_with_prefix(term, prefix, DERIVED_MIN_SIM)
            if (base := lemma(word)) != term and pos(base) == "NOUN" and term in _derived(base)
        }
        return tuple(sorted(found))
    return ()


def _adjectives(term: str, prefix: str) -> set[str]:
    return {
        base
        for word, _ in _close_with_prefix(term, prefix, DERIVED_MIN_SIM)
        if (base := lemma(word)) != term and base.endswith(_RELATIONAL) and "-" not in base and pos(base) == "ADJF"
    }


def _prefixed(term: str, adjective: str) -> set[str]:
    """The adjective with a prefix glued on (допинговый -> антидопинговый), still close to the noun."""
    if word_vectors().id_of(term) is None:
        return set()
    import bisect

    ends = _reversed_vocab()
    key = adjective[::-1]
    lo = bisect.bisect_left(ends, key)
    out = set()
    for i in range(lo, len(ends)):
        if not ends[i].startswith(key):
            break
        word = ends[i][::-1]
        if word != adjective and "-" not in word and len(word) - len(adjective) >= 3:
            if _similarity(term, word) >= DERIVED_MIN_SIM and lemma(word) == word:
                out.add(word)
    return out


@lru_cache(maxsize=1)
def _reversed_vocab() -> tuple[str, ...]:
    """navec's relational-adjective-like words (ending as ``_RELATIONAL``), each spelled backwards, sorted: the
    words ending with a given adjective form one range. Only such words can end with a relational adjective,
    and keeping just them costs a few MB instead of ~45 MB for the whole vocabulary."""
    return tuple(sorted(word[::-1] for word in word_vectors() if word.endswith(_RELATIONAL)))


def _variants(term: str) -> list[str]:
    """Other names of the same thing (Беларусь/Белоруссия).

    Candidates are close navec neighbours with the same beginning and part of speech; one is kept only when
    the relational adjective of one of the two fits the other at least as well as its own noun (белорусский
    suits Беларусь as well as Белоруссия, while иракский belongs to Ирак rather than Иран).
    """
    part = pos(term)
    out: set[str] = set()
    for word, _sim in _close_with_prefix(term, term[:VARIANT_PREFIX], VARIANT_MIN_SIM):
        base = lemma(word)
        if base == term or base in out or not is_content_lemma(base) or pos(base) != part:
            continue
        if _similarity(term, base) >= VARIANT_MIN_SIM and _shares_adjective(term, base):
            out.add(base)
    return sorted(out)


def _shares_adjective(a: str, b: str) -> bool:
    for noun, other in ((a, b), (b, a)):
        for adjective in _derived(noun):
            if _similarity(other, adjective) >= _similarity(noun, adjective):
                return True
    return False


def _close_with_prefix(term: str, prefix: str, min_sim: float) -> list[tuple[str, float]]:
    """navec words starting with ``prefix`` whose cosine to ``term`` reaches ``min_sim`` (vectorised)."""
    vectors = word_vectors()
    own = vectors.id_of(term)
    if own is None:
        return []
    lo, hi = vectors.span(prefix)
    if hi <= lo:
        return []
    import numpy as np

    pq = vectors.pq
    cand = vectors.ids[lo:hi]
    dots = pq.ab[pq.qdims, pq.indexes[own][None, :], pq.indexes[cand]].sum(axis=1)
    sims = dots / (pq.norm[cand] * pq.norm[own])
    return [(vectors[lo + int(i)], float(sims[i])) for i in np.nonzero(sims >= min_sim)[0]]


@lru_cache(maxsize=65536)
def _similarity(a: str, b: str) -> float:
    vectors = word_vectors()
    first, second = vectors.id_of(a), vectors.id_of(b)
    if first is None or second is None:
        return 0.0
    return vectors.similarity(first, second)

