"""User search words -> lemma terms (the FTS index holds lemmas, so queries must too)."""

from __future__ import annotations

from bot.news.language import is_content_lemma, lemma, words

MAX_QUERY_TERMS = 12


def query_terms(text: str) -> list[str]:
    """Distinct lemmas of the words of ``text``, stop words dropped unless nothing else is left."""
    all_terms: list[str] = []
    for word in words(text):
        term = lemma(word)
        if term not in all_terms:
            all_terms.append(term)
    content = [t for t in all_terms if is_content_lemma(t)]
    return (content or all_terms)[:MAX_QUERY_TERMS]
