"""Everything the archive needs to know about an article, computed once at ingest."""

from __future__ import annotations

from dataclasses import dataclass

from bot.news.article import Article
from bot.news.furniture import lead_sentence
from bot.news.keyterms import Term, key_terms
from bot.news.language import is_content_lemma, lemmas, sentences
from bot.news.quotes import Quote, extract_quotes


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    start: int  # offsets into Article.body
    end: int
    lemmas: str  # content lemmas, space separated


@dataclass(frozen=True, slots=True)
class Analysis:
    article: Article
    lead: str  # first sentence of the body that is not crawl furniture, for listings and notifications
    title_lemmas: str
    lead_lemmas: str
    body_lemmas: str
    sentences: tuple[SentenceInfo, ...]
    quotes: tuple[Quote, ...] = ()  # who said what (bot.news.quotes), offsets into article.body
    terms: tuple[Term, ...] = ()  # key-term candidates with frequencies (bot.news.keyterms)


def analyse(article: Article) -> Analysis:
    spans = sentences(article.body)
    lead = lead_sentence(spans) if spans else article.body[:300]
    per_sentence = [lemmas(s.text) for s in spans]  # lemmatise each sentence once, reuse for every field
    infos = tuple(
        SentenceInfo(s.start, s.end, " ".join(lem for lem in lems if is_content_lemma(lem)))
        for s, lems in zip(spans, per_sentence, strict=True)
    )
    return Analysis(
        article=article,
        lead=lead,
        title_lemmas=" ".join(lemmas(article.title)),
        lead_lemmas=" ".join(per_sentence[0]) if per_sentence else " ".join(lemmas(lead)),
        body_lemmas=" ".join(lem for lems in per_sentence for lem in lems),
        sentences=infos,
        quotes=tuple(extract_quotes(article.body)),
        terms=key_terms(article.title, [s.text for s in spans]),
    )


def article_lemmas(analysis: Analysis) -> list[str]:
    """Distinct lemmas of an article's title and body: what subscriptions are matched against."""
    return sorted(set(analysis.title_lemmas.split()) | set(analysis.body_lemmas.split()))
