"""Extractive summaries of stories: their most central sentences that stand alone, each citing its article.

Works only on data stored at ingest (sentences with their lemmas and offsets, quotes), never re-analyses text,
and is deterministic: every sort has a stable tie-break on (article order, sentence index).

Scoring: each sentence's TF-IDF cosine to the query-weighted centroid of its story's sentences, mixed with
direct query relevance and a prior for leads and for the story's most central articles. Only sentences that read on their
own are chosen (``bot.news.standalone``: furniture, captions, back-references and quote fragments are left out,
speech is attributed), and no two chosen sentences tell the same fact (``bot.news.facts``), within a story or
across the stories of one answer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.news.facts import Fact, fact_of, same_fact
from bot.news.furniture import clean_title
from bot.news.language import shorten
from bot.news.speech import Quotation, QuoteSpan, quotation_states
from bot.news.standalone import Reading, read
from bot.news.stories import Story

STORY_SENTENCES = 6  # a story told on its own
STORY_MIN_SENTENCES = 4
OVERVIEW_SENTENCES = 2  # a story in an overview of several
MAX_PER_ARTICLE = 2
SENTENCES_READ = 25  # per article; news put the event first
MAX_CANDIDATES = 120
NEIGHBOUR_WEIGHT = 0.6
DUPLICATE_SIM = 0.5
MMR_LAMBDA = 0.75
KEEP_BELOW_BEST = 0.35  # past the minimum, stop at a sentence scoring under this share of the best
SENTENCE_CHARS = 450
LEDE_POSITION = 1  # the first sentence shown is an article's lead (what happened), if one scores well enough
LEDE_SHARE = 0.6
FULL_SENTENCE = 10  # content words a sentence needs to say something of its own
USABLE_PER_PICK = 4  # sentences read (best first) per sentence wanted: MMR chooses among these

Quotes = Mapping[int, Sequence[QuoteSpan]]  # article id -> its stored quotes


@dataclass(frozen=True, slots=True)
class SourceSentence:
    idx: int
    text: str
    lemmas: tuple[str, ...]
    start: int = 0  # offset in the article body (quotes are stored in body offsets)


@dataclass(frozen=True, slots=True)
class SourceArticle:
    id: int
    date: dt.date
    title: str
    title_lemmas: frozenset[str]
    sentences: tuple[SourceSentence, ...] = ()


@dataclass(frozen=True, slots=True)
class Cited:
    text: str  # as the reader sees it: a repaired sentence, or «speech», — Speaker
    ref: int  # 1-based number in TopicSummary.articles
    article_id: int
    idx: int


@dataclass(frozen=True, slots=True)
class StoryDigest:
    """One story of an answer: its headline, its size among the matches and its cited sentences."""

    story: Story
    title: str
    sentences: tuple[Cited, ...]


@dataclass(frozen=True, slots=True)
class TopicSummary:
    query: str
    terms: tuple[str, ...]
    stories: tuple[StoryDigest, ...]
    articles: tuple[SourceArticle, ...]  # exactly the cited ones, in citation order
    total: int  # matching articles in the whole archive
    grouped: int = 0  # the newest matches that were grouped into stories
    neighbours: tuple[str, ...] = ()
    more_stories: int = 0  # stories not shown
    full: bool = False  # one story told in full, not an overview of several
    further: tuple[SourceArticle, ...] = ()  # (told in full) more articles of the story, not cited

    @property
    def sentences(self) -> tuple[Cited, ...]:
        """Every cited sentence in reading order (story after story)."""
        return tuple(c for digest in self.stories for c in digest.sentences)


@dataclass(slots=True)
class _Candidate:
    order: int  # article position in the story (most central first)
    article: SourceArticle
    sentence: SourceSentence
    vector: dict[str, float]
    relevance: float
    prior: float
    quotation: Quotation
    score: float = 0.0
    reading: Reading | None = None
    was_read: bool = False
    fact: Fact | None = None  # known once the sentence is read and usable


# ---- sentence features -----------------------------------------------------------------------------------------

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


# ---- one story's sentences ---------------------------------------------------------------------------------------

def _candidates(
    articles: Sequence[SourceArticle],
    terms: Sequence[str],
    neighbours: Mapping[str, frozenset[str]],
    idf: Callable[[str], float],
) -> list[_Candidate]:
    found: list[_Candidate] = []
    seen: set[tuple[str, ...]] = set()  # reprinted sentences: the first (most central) copy only
    for order, article in enumerate(articles):
        centrality = 1.0 / (1.0 + order / 2.0)
        states = quotation_states([s.text for s in article.sentences])
        for sent, state in zip(article.sentences, states, strict=True):
            if sent.idx >= SENTENCES_READ or not sent.lemmas or sent.lemmas in seen:
                continue
            seen.add(sent.lemmas)
            headline = len(article.title_lemmas.intersection(sent.lemmas)) / (len(article.title_lemmas) or 1)
            prior = 0.2 / (1.0 + sent.idx / 2.0) + 0.1 * centrality + 0.1 * headline
            found.append(
                _Candidate(
                    order, article, sent, _vector(sent.lemmas, idf), relevance(sent.lemmas, terms, neighbours),
                    prior, state,
                )
            )
    found.sort(key=lambda c: (-(c.relevance + c.prior), c.order, c.sentence.idx))
    return found[:MAX_CANDIDATES]


def _score(cands: list[_Candidate]) -> None:
    """Centrality is the cosine to the story's centroid, each sentence weighted by its query relevance
    (centroid-based summarisation, Radev et al. 2004: LexRank's idea without its sentence graph)."""
    centroid: dict[str, float] = {}
    for cand in cands:
        weight = cand.relevance + 0.05
        for key, value in cand.vector.items():
            centroid[key] = centroid.get(key, 0.0) + weight * value
    ranks = [cosine(c.vector, centroid) for c in cands]
    top = max(ranks, default=0.0) or 1.0
    for cand, rank in zip(cands, ranks, strict=True):
        substance = 0.7 + 0.3 * min(1.0, len(cand.sentence.lemmas) / FULL_SENTENCE)  # «Рейсы отменили.» says little
        cand.score = (0.5 * rank / top + 0.25 * cand.relevance + cand.prior) * substance


def _reading(cand: _Candidate, quotes: Quotes, ignore: frozenset[str]) -> Reading | None:
    if not cand.was_read:
        cand.reading = read(
            cand.sentence.text, start=cand.sentence.start, quotation=cand.quotation,
            quotes=quotes.get(cand.article.id, ()),
        )
        if cand.reading is not None:
            cand.fact = fact_of(cand.reading.text, cand.sentence.lemmas, ignore)
        cand.was_read = True
    return cand.reading


def _fact(cand: _Candidate) -> Fact:
    assert cand.fact is not None
    return cand.fact


def _pick(
    cands: list[_Candidate], quotes: Quotes, ignore: frozenset[str], count: int, minimum: int,
    avoid: Sequence[tuple[Fact, bool]], per_article: int,
) -> list[_Candidate]:
    """MMR over the sentences that read alone: a lead first, then score traded against similarity to what is
    chosen; never a fact already told (here, or in ``avoid``: facts of other stories, each with whether that
    story was on other days). Sentences are read best first, only as many as the choice needs (a story retold by
    many outlets needs more)."""
    ranked = iter(sorted(cands, key=lambda c: (-c.score, c.order, c.sentence.idx)))
    usable: list[_Candidate] = []

    def read_more(wanted: int) -> bool:
        found = 0
        for cand in ranked:
            if _reading(cand, quotes, ignore) is None:
                continue
            if not any(same_fact(_fact(cand), told, other_event=apart) for told, apart in avoid):
                usable.append(cand)
                found += 1
            if found == wanted:
                break
        return found > 0

    if not read_more(USABLE_PER_PICK * count):
        return []
    best = usable[0].score
    lede = next((c for c in usable if c.sentence.idx <= LEDE_POSITION and c.score >= LEDE_SHARE * best), usable[0])
    chosen: list[_Candidate] = [lede]
    taken: dict[int, int] = {lede.article.id: 1}

    def next_pick() -> _Candidate | None:
        pick, pick_value = None, -math.inf
        for cand in usable:
            if any(cand is c for c in chosen) or taken.get(cand.article.id, 0) >= per_article:
                continue
            if any(same_fact(_fact(cand), _fact(c)) for c in chosen):
                continue
            sim = max(cosine(cand.vector, c.vector) for c in chosen)
            if sim > DUPLICATE_SIM:
                continue
            value = MMR_LAMBDA * cand.score - (1 - MMR_LAMBDA) * sim * best
            if value > pick_value:
                pick, pick_value = cand, value
        return pick

    while len(chosen) < count:
        pick = next_pick()
        while pick is None and read_more(USABLE_PER_PICK):
            pick = next_pick()
        if pick is None or (len(chosen) >= minimum and pick.score < KEEP_BELOW_BEST * best):
            break
        chosen.append(pick)
        taken[pick.article.id] = taken.get(pick.article.id, 0) + 1
    return chosen


def _story_sentences(
    articles: Sequence[SourceArticle],
    terms: Sequence[str],
    quotes: Quotes,
    idf: Callable[[str], float],
    neighbours: Mapping[str, frozenset[str]],
    *,
    count: int,
    minimum: int,
    avoid: Sequence[tuple[Fact, bool]] = (),
) -> list[_Candidate]:
    """The best ``count`` sentences of one story's articles (most central article first), in the order of
    events (article date, then position), except that a lead chosen first opens them (it says what happened)."""
    cands = _candidates(articles, terms, neighbours, idf)
    _score(cands)
    per_article = max(MAX_PER_ARTICLE, math.ceil(count / (len(articles) or 1)))  # a small story: more from each
    ignore = frozenset(terms) | frozenset(n for group in neighbours.values() for n in group)
    chosen = _pick(cands, quotes, ignore, count, minimum, avoid, per_article)
    if not chosen:
        return []
    lede = [chosen[0]] if chosen[0].sentence.idx <= LEDE_POSITION else []
    rest = sorted(chosen[len(lede) :], key=lambda c: (c.article.date, c.order, c.sentence.idx))
    return lede + rest


# ---- answers -----------------------------------------------------------------------------------------------------

class _Citations:
    """Numbers the cited articles in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}
        self.articles: list[SourceArticle] = []

    def cite(self, cand: _Candidate) -> Cited:
        ref = self.numbers.get(cand.article.id)
        if ref is None:
            ref = self.numbers[cand.article.id] = len(self.articles) + 1
            self.articles.append(cand.article)
        assert cand.reading is not None
        return Cited(shorten(cand.reading.display(), SENTENCE_CHARS), ref, cand.article.id, cand.sentence.idx)


def _neighbour_words(neighbours: Mapping[str, frozenset[str]]) -> tuple[str, ...]:
    return tuple(sorted({n for group in neighbours.values() for n in group}))


def tell(
    query: str,
    terms: Sequence[str],
    story: Story,
    articles: Sequence[SourceArticle],
    quotes: Quotes,
    idf: Callable[[str], float],
    *,
    neighbours: Mapping[str, frozenset[str]] | None = None,
    total: int,
    grouped: int = 0,
    others: int = 0,
) -> TopicSummary:
    """One story in full: 4–6 sentences from ``articles`` (the story's, most central first); ``others``: how
    many other stories the query has."""
    neighbours = neighbours or {}
    chosen = _story_sentences(
        articles, terms, quotes, idf, neighbours, count=STORY_SENTENCES, minimum=STORY_MIN_SENTENCES
    )
    citations = _Citations()
    cited = tuple(citations.cite(c) for c in chosen)
    title = clean_title(articles[0].title) if articles else ""
    further = tuple(a for a in articles if a.id not in citations.numbers)
    return TopicSummary(
        query, tuple(terms), (StoryDigest(story, title, cited),), tuple(citations.articles), total, grouped,
        _neighbour_words(neighbours), more_stories=others, full=True, further=further,
    )


def overview(
    query: str,
    terms: Sequence[str],
    stories: Sequence[tuple[Story, Sequence[SourceArticle]]],
    quotes: Quotes,
    idf: Callable[[str], float],
    *,
    neighbours: Mapping[str, frozenset[str]] | None = None,
    total: int,
    grouped: int = 0,
    more: int = 0,
) -> TopicSummary:
    """Several stories, each in one or two sentences, heaviest first. A story whose sentences only retell facts
    of a story above it is the same story: it is left out. (A story of other days may repeat another's words
    with other figures: another strike, another vote.)"""
    neighbours = neighbours or {}
    told: list[tuple[Fact, Story]] = []
    picked: list[tuple[Story, str, list[_Candidate]]] = []
    for story, articles in stories:
        avoid = [(fact, story.last < other.first or other.last < story.first) for fact, other in told]
        chosen = _story_sentences(
            articles, terms, quotes, idf, neighbours, count=OVERVIEW_SENTENCES, minimum=1, avoid=avoid
        )
        if not chosen:
            more += 1
            continue
        told += [(_fact(c), story) for c in chosen]
        picked.append((story, clean_title(articles[0].title), chosen))
    if len(picked) == 1:  # the others were the same story, or have nothing to say
        story, _, _ = picked[0]
        articles = next(a for s, a in stories if s is story)
        return tell(
            query, terms, story, articles, quotes, idf, neighbours=neighbours, total=total, grouped=grouped,
            others=more,
        )
    citations = _Citations()
    digests = tuple(StoryDigest(s, title, tuple(citations.cite(c) for c in chosen)) for s, title, chosen in picked)
    return TopicSummary(
        query, tuple(terms), digests, tuple(citations.articles), total, grouped, _neighbour_words(neighbours),
        more_stories=more,
    )


# ---- baselines ---------------------------------------------------------------------------------------------------

def lead3(article: SourceArticle) -> list[str]:
    """Baseline: the first three sentences of an article."""
    return [shorten(s.text, SENTENCE_CHARS) for s in sorted(article.sentences, key=lambda s: s.idx)[:3]]


def plain_lexrank(articles: Sequence[SourceArticle], idf: Callable[[str], float], count: int = 4) -> list[str]:
    """Baseline: generic LexRank over every sentence of the articles, no query, no filters, no MMR."""
    sents = [s for a in articles for s in a.sentences][: MAX_CANDIDATES * 2]
    ranks = lexrank([_vector(s.lemmas, idf) for s in sents], [0.0] * len(sents))
    order = sorted(range(len(sents)), key=lambda i: (-ranks[i], i))[:count]
    return [shorten(sents[i].text, SENTENCE_CHARS) for i in sorted(order)]
