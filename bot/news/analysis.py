"""Everything the archive needs to know about an article, computed once at ingest."""

from __future__ import annotations

from dataclasses import dataclass

from bot.news.article import Article
from bot.news.language import content_lemmas, lemmas, sentences
from bot.news.quotes import Quote, extract_quotes
from bot.news.topics import Term, key_terms


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    start: int  # offsets into Article.body
    end: int
    lemmas: str  # content lemmas, space separated


@dataclass(frozen=True, slots=True)
class Analysis:
    article: Article
    lead: str  # first sentence of the body, for listings and notifications
    title_lemmas: str
    lead_lemmas: str
    body_lemmas: str
    sentences: tuple[SentenceInfo, ...]
    quotes: tuple[Quote, ...] = ()  # who said what (bot.news.quotes), offsets into article.body
    terms: tuple[Term, ...] = ()  # key-term candidates with frequencies (bot.news.topics)


def analyse(article: Article) -> Analysis:
    spans = sentences(article.body)
    lead = spans[0].text if spans else article.body[:300]
    infos = tuple(SentenceInfo(s.start, s.end, " ".join(content_lemmas(s.text))) for s in spans)
    return Analysis(
        article=article,
        lead=lead,
        title_lemmas=" ".join(lemmas(article.title)),
        lead_lemmas=" ".join(lemmas(lead)),
        body_lemmas=" ".join(lemmas(article.body)),
        sentences=infos,
        quotes=tuple(extract_quotes(article.body)),
        terms=key_terms(article.title, [s.text for s in spans]),
    )
