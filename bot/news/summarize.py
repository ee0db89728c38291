"""Extractive multi-article summary: the most central, on-topic sentences, each citing its article.

Works only on data stored at ingest (sentence lemma vectors), never re-analyses text, and is deterministic:
every sort has a stable tie-break on (article order, sentence index).

Scoring: a query-biased LexRank (Otterbacher et al. 2005) over TF-IDF cosine similarities of the candidate
sentences, mixed with direct query relevance and a small lead/recency prior; sentences that cannot stand alone
(a bare quote fragment, «Это…», «Он…», «Также…») are penalised; MMR removes near-duplicates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.news.keyterms import DEPENDENT_OPENERS
from bot.news.language import shorten
from bot.news.language import words as language_words

MIN_SENTENCES = 3
MAX_SENTENCES = 6
MAX_PER_ARTICLE = 3
MAX_CANDIDATES = 60
PER_ARTICLE_CANDIDATES = 3
MAX_LISTED = 8
NEIGHBOUR_WEIGHT = 0.6
DUPLICATE_SIM = 0.5
MMR_LAMBDA = 0.75
SENTENCE_CHARS = 450

_OPEN_QUOTES = "«„“\""
_DASHES = "—–-"
_OPENERS = tuple(sorted(DEPENDENT_OPENERS, key=len, reverse=True))
_PRONOUN_SPEAKER_RE = re.compile(r"[,—–-]\s*[а-яё]+л[аио]?\s+(он|она|они)\b", re.IGNORECASE)  # «…, напомнил он, …»


@dataclass(frozen=True, slots=True)
class SourceSentence:
    idx: int
    text: str
    lemmas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceArticle:
    id: int
    date: dt.date
    title: str
    title_lemmas: frozenset[str]
    sentences: tuple[SourceSentence, ...] = ()


@dataclass(frozen=True, slots=True)
class Cited:
    text: str
    ref: int  # 1-based number in TopicSummary.articles
    article_id: int
    idx: int


@dataclass(frozen=True, slots=True)
class TopicSummary:
    query: str
    terms: tuple[str, ...]
    sentences: tuple[Cited, ...]
    articles: tuple[SourceArticle, ...]  # cited ones first, in citation order
    total: int  # matching articles in the whole archive
    neighbours: tuple[str, ...] = field(default=())


@dataclass(slots=True)
class _Candidate:
    order: int  # article position (relevance order)
    article: SourceArticle
    sentence: SourceSentence
    vector: dict[str, float]
    relevance: float
    prior: float
    penalty: float
    score: float = 0.0


# ---- sentence features -----------------------------------------------------------------------------------------

def standalone_penalty(text: str) -> float:
    """1.0 for a sentence that reads on its own; less for quote fragments and back-references."""
    stripped = text.strip()
    if not stripped:
        return 0.0
    factor = 1.0
    if stripped[0] in _OPEN_QUOTES or stripped[0] in _DASHES:
        attributed = re.search(r"[»\"“]\s*,?\s*[—–-]\s*\w", stripped) or re.search(r",\s*[—–-]\s*\w", stripped)
        factor *= 0.75 if attributed else 0.35
    elif stripped.count("»") > stripped.count("«") or stripped.count('"') % 2 == 1:
        factor *= 0.45  # the tail of a quote that started in a previous sentence
    low = stripped.lower()
    for opener in _OPENERS:
        if low.startswith(opener) and (len(low) == len(opener) or not low[len(opener)].isalnum()):
            factor *= 0.45
            break
    if _PRONOUN_SPEAKER_RE.search(stripped):
        factor *= 0.6  # the speaker is named in another sentence
    words = len(language_words(stripped))
    if words < 6:
        factor *= 0.5
    elif words > 55:
        factor *= 0.7
    if stripped.endswith((":", "…")) or "?" in stripped[-2:]:
        factor *= 0.6
    return factor


def relevance(lemmas: Sequence[str], terms: Sequence[str], neighbours: Mapping[str, frozenset[str]]) -> float:
    """Share of query terms the sentence contains (a derivational neighbour counts NEIGHBOUR_WEIGHT)."""
    if not terms:
        return 0.0
    present = set(lemmas)
    total = 0.0
    for term in terms:
        if term in present:
            total += 1.0
        elif neighbours.get(term, frozenset()) & present:
            total += NEIGHBOUR_WEIGHT
    share = total / len(terms)
    if len(terms) > 1 and share == 1.0 and not _adjacent(lemmas, terms):
        share = 0.8  # «природный ... газ» apart is weaker than the phrase «природный газ»
    return share


def _adjacent(lemmas: Sequence[str], terms: Sequence[str]) -> bool:
    """True when the query terms occur next to each other (any order) somewhere in ``lemmas``."""
    size, wanted = len(terms), set(terms)
    return any(set(lemmas[i : i + size]) == wanted for i in range(len(lemmas) - size + 1))


def _vector(lemmas: Sequence[str], idf: Callable[[str], float]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for lem in lemmas:
        counts[lem] = counts.get(lem, 0) + 1
    vec = {lem: (1.0 + math.log(n)) * idf(lem) for lem, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {lem: v / norm for lem, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


def lexrank(
    vectors: Sequence[Mapping[str, float]], bias: Sequence[float], damping: float = 0.85, threshold: float = 0.08
) -> list[float]:
    """Query-biased continuous LexRank; ``bias`` is the teleport distribution (uniform when all zero)."""
    n = len(vectors)
    if n == 0:
        return []
    edges: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            sim = cosine(vectors[i], vectors[j])
            if sim > threshold:
                edges[i].append((j, sim))
                edges[j].append((i, sim))
    out_weight = [sum(w for _, w in row) for row in edges]
    total_bias = sum(bias)
    teleport = [b / total_bias for b in bias] if total_bias > 0 else [1.0 / n] * n
    rank = [1.0 / n] * n
    for _ in range(40):
        new = [(1 - damping) * teleport[i] for i in range(n)]
        dangling = sum(rank[i] for i in range(n) if out_weight[i] == 0)
        for i in range(n):
            if out_weight[i] == 0:
                continue
            share = damping * rank[i] / out_weight[i]
            for j, w in edges[i]:
                new[j] += share * w
        for i in range(n):
            new[i] += damping * dangling * teleport[i]
        delta = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if delta < 1e-5:
            break
    return rank


# ---- candidates and selection ------------------------------------------------------------------------------------

def _candidates(
    articles: Sequence[SourceArticle],
    terms: Sequence[str],
    neighbours: Mapping[str, frozenset[str]],
    idf: Callable[[str], float],
) -> list[_Candidate]:
    newest = max((a.date for a in articles), default=dt.date.min)
    found: list[_Candidate] = []
    seen: set[tuple[str, ...]] = set()  # reprinted sentences: the newest copy only
    for order, article in enumerate(articles):
        age = (newest - article.date).days
        recency = 1.0 / (1.0 + age / 30.0)
        title_hit = relevance(tuple(article.title_lemmas), terms, neighbours)
        scored = []
        for sent in article.sentences:
            rel = relevance(sent.lemmas, terms, neighbours)
            if (rel == 0 and sent.idx != 0) or sent.lemmas in seen:
                continue
            position = 1.0 / (1.0 + sent.idx / 3.0)
            prior = 0.1 * position + 0.05 * recency + 0.1 * title_hit
            scored.append((rel, -sent.idx, sent, prior))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        for rel, _, sent, prior in scored[:PER_ARTICLE_CANDIDATES]:
            seen.add(sent.lemmas)
            found.append(
                _Candidate(order, article, sent, _vector(sent.lemmas, idf), rel, prior, standalone_penalty(sent.text))
            )
        if len(found) >= MAX_CANDIDATES:
            break
    return found[:MAX_CANDIDATES]


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """MMR: best score first, then trade score against similarity to what is already chosen."""
    ranked = sorted(cands, key=lambda c: (-c.score, c.order, c.sentence.idx))
    if not ranked:
        return []
    best = ranked[0].score
    chosen: list[_Candidate] = []
    per_article: dict[int, int] = {}
    while len(chosen) < MAX_SENTENCES:
        pick, pick_value = None, -math.inf
        for cand in ranked:
            if cand in chosen or per_article.get(cand.article.id, 0) >= MAX_PER_ARTICLE:
                continue
            sim = max((cosine(cand.vector, c.vector) for c in chosen), default=0.0)
            if sim > DUPLICATE_SIM or cand.sentence.text.strip() in {c.sentence.text.strip() for c in chosen}:
                continue
            value = MMR_LAMBDA * cand.score - (1 - MMR_LAMBDA) * sim * best
            if value > pick_value:
                pick, pick_value = cand, value
        if pick is None:
            break
        if len(chosen) >= MIN_SENTENCES and pick.score < 0.4 * best:
            break
        chosen.append(pick)
        per_article[pick.article.id] = per_article.get(pick.article.id, 0) + 1
    return chosen


def summarize(
    query: str,
    terms: Sequence[str],
    articles: Sequence[SourceArticle],
    idf: Callable[[str], float],
    *,
    neighbours: Mapping[str, frozenset[str]] | None = None,
    total: int | None = None,
) -> TopicSummary:
    """A 3–6 sentence summary of ``articles`` (already in relevance order) about ``terms``."""
    neighbours = neighbours or {}
    cands = _candidates(articles, terms, neighbours, idf)
    ranks = lexrank([c.vector for c in cands], [c.relevance + 0.05 for c in cands])
    top = max(ranks, default=0.0) or 1.0
    for cand, rank in zip(cands, ranks, strict=True):
        cand.score = (0.45 * rank / top + 0.45 * cand.relevance + cand.prior) * cand.penalty
    chosen = sorted(_select(cands), key=lambda c: (c.order, c.sentence.idx))

    numbering: dict[int, int] = {}
    listed: list[SourceArticle] = []
    for cand in chosen:
        if cand.article.id not in numbering:
            numbering[cand.article.id] = len(listed) + 1
            listed.append(cand.article)
    for article in articles:
        if len(listed) >= max(MAX_LISTED, len(numbering)):
            break
        if article.id not in numbering:
            numbering[article.id] = len(listed) + 1
            listed.append(article)
    cited = tuple(
        Cited(shorten(c.sentence.text, SENTENCE_CHARS), numbering[c.article.id], c.article.id, c.sentence.idx) for c in chosen
    )
    shown_neighbours = sorted({n for group in neighbours.values() for n in group})
    return TopicSummary(
        query=query,
        terms=tuple(terms),
        sentences=cited,
        articles=tuple(listed),
        total=len(articles) if total is None else total,
        neighbours=tuple(shown_neighbours),
    )


def lead3(article: SourceArticle) -> list[str]:
    """Baseline: the first three sentences of an article."""
    return [shorten(s.text, SENTENCE_CHARS) for s in sorted(article.sentences, key=lambda s: s.idx)[:3]]


def plain_lexrank(articles: Sequence[SourceArticle], idf: Callable[[str], float], count: int = 4) -> list[str]:
    """Baseline: generic LexRank over every sentence of the articles, no query, no penalties, no MMR."""
    sents = [s for a in articles for s in a.sentences][:MAX_CANDIDATES * 2]
    ranks = lexrank([_vector(s.lemmas, idf) for s in sents], [0.0] * len(sents))
    order = sorted(range(len(sents)), key=lambda i: (-ranks[i], i))[:count]
    return [shorten(sents[i].text, SENTENCE_CHARS) for i in sorted(order)]
