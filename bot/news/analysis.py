"""Everything the archive needs to know about an article, computed once at ingest."""

from __future__ import annotations

from dataclasses import dataclass

from bot.news.article import Article
from bot.news.language import content_lemmas, lemmas, sentences


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
    )
