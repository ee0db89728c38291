"""Stories: articles about the same event, grouped by what they share (names, key terms, headline and lead words)
and by being close in time.

The idea of IlyaGusev/tgcontest's threads, done with what ingest already stores instead of embeddings: each
article is a TF-IDF vector of its key terms and of the lemmas of its title and first sentences; articles are
taken oldest first, and each joins the story whose centroid it is most similar to, if that similarity reaches
THRESHOLD and the story had an article within WINDOW_DAYS before it; otherwise it starts a story. Comparing with
the centroid (not with the nearest member) keeps one story from chaining into the next.

Any set of articles can be grouped: a query's matches (/topic), a day's articles (a digest), and each story's
articles per day give its peaks (a trend chart). Deterministic: ties break on dates and ids, never on hashing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.news.language import is_content_lemma

THRESHOLD = 0.2  # cosine to a story's centroid that makes an article part of it
MERGE_THRESHOLD = 0.3  # cosine between the centroids of two stories of the same days that makes them one
WINDOW_DAYS = 3  # an article joins a story only if the story's newest article is at most this much older
FEATURES = 25  # strongest features kept per article
MIN_IDF = 1.5  # lemmas in more than ~a fifth of the archive say nothing about an event
PASSING_WEIGHT = 0.3  # an article that only mentions the query counts this much towards its story's rank


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """One article as grouping sees it."""

    id: int
    date: dt.date
    features: Mapping[str, float]  # see ``features()``
    about: bool = True  # the query is in its title or lead, not only mentioned further down


@dataclass(frozen=True, slots=True)
class Story:
    key: int  # id of its most central article: names the story from one request to the next
    ids: tuple[int, ...]  # its articles, most central first
    first: dt.date
    last: dt.date
    weight: float  # articles about the query count 1, passing mentions PASSING_WEIGHT
    days: tuple[tuple[dt.date, int], ...]  # articles per day, oldest first

    @property
    def size(self) -> int:
        return len(self.ids)


def features(
    terms: Iterable[tuple[str, float]], lemmas: Iterable[str], idf: Callable[[str], float], ignore: Collection[str] = ()
) -> dict[str, float]:
    """An article's grouping vector: its key terms with their stored weights plus TF-IDF of headline and lead
    lemmas. ``ignore``: the query's words, which every article of a query shares."""
    vector: dict[str, float] = {}
    for key, weight in terms:
        if not set(key.split()) <= set(ignore):
            vector[key] = vector.get(key, 0.0) + weight
    counts: dict[str, int] = {}
    for lem in lemmas:
        if is_content_lemma(lem) and lem not in ignore:
            counts[lem] = counts.get(lem, 0) + 1
    for lem, n in counts.items():
        weight = idf(lem)
        if weight >= MIN_IDF:
            vector[lem] = vector.get(lem, 0.0) + (1.0 + math.log(n)) * weight
    strongest = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:FEATURES]
    norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
    return {key: w / norm for key, w in strongest}


class _Growing:
    """A story while grouping: members, the sum of their vectors and its squared norm."""

    def __init__(self, doc: StoryDoc) -> None:
        self.members = [doc]
        self.centroid: dict[str, float] = {}
        self.norm2 = 0.0
        self.first = self.last = doc.date
        self._shift(doc.features, 1.0)

    def add(self, doc: StoryDoc) -> None:
        self.members.append(doc)
        self.first, self.last = min(self.first, doc.date), max(self.last, doc.date)
        self._shift(doc.features, 1.0)

    def remove(self, doc: StoryDoc) -> None:
        self.members.remove(doc)
        if self.members:
            self.first = min(d.date for d in self.members)
            self.last = max(d.date for d in self.members)
        self._shift(doc.features, -1.0)

    def similarity(self, doc: StoryDoc, dot: float) -> float:
        """Cosine of ``doc`` (whose dot product with the centroid is ``dot``) to the centroid of the other
        members (a member is not compared with itself)."""
        if doc not in self.members:
            return dot / (math.sqrt(self.norm2) or 1.0)
        if len(self.members) == 1:
            return 0.0
        own = sum(w * w for w in doc.features.values())
        rest2 = self.norm2 - 2 * dot + own
        return (dot - own) / (math.sqrt(max(rest2, 1e-12)))

    def _shift(self, vector: Mapping[str, float], sign: float) -> None:
        for key, weight in vector.items():
            old = self.centroid.get(key, 0.0)
            self.centroid[key] = old + sign * weight
            self.norm2 += (old + sign * weight) ** 2 - old * old


def group(docs: Sequence[StoryDoc], *, threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS) -> list[Story]:
    """Stories of ``docs``, heaviest first (then newest, then by key).

    One pass oldest first (join the most similar story that is still going, or start one), then one pass that
    moves each article to the story whose final centroid suits it better (an early article of an event met only
    the event's first reports, and the first pass may have left it in a story of its own), then stories of the
    same days with close centroids are merged.
    """
    ordered = sorted(docs, key=lambda d: (d.date, d.id))
    growing: list[_Growing] = []
    postings: dict[str, dict[int, None]] = {}  # feature -> stories whose centroid has (or had) it, in order

    def best_story(doc: StoryDoc, fits: Callable[[_Growing], bool]) -> tuple[int, float]:
        dots: dict[int, float] = {}
        for key, weight in doc.features.items():
            for index in postings.get(key, ()):
                dots[index] = dots.get(index, 0.0) + weight * growing[index].centroid.get(key, 0.0)
        best, best_sim = -1, threshold
        for index in sorted(dots):
            story = growing[index]
            if story.members and fits(story):
                sim = story.similarity(doc, dots[index])
                if sim >= best_sim and (best < 0 or sim > best_sim):
                    best, best_sim = index, sim
        return best, best_sim

    def join(doc: StoryDoc, index: int) -> None:
        if index < 0:
            index = len(growing)
            growing.append(_Growing(doc))
        else:
            growing[index].add(doc)
        for key in doc.features:
            postings.setdefault(key, {})[index] = None

    for doc in ordered:
        join(doc, best_story(doc, lambda s, d=doc: (d.date - s.last).days <= window_days)[0])
    home = {doc.id: i for i, story in enumerate(growing) for doc in story.members}
    for doc in ordered:
        own = growing[home[doc.id]]
        dot = sum(w * own.centroid.get(k, 0.0) for k, w in doc.features.items())
        stay = own.similarity(doc, dot)
        best, best_sim = best_story(
            doc, lambda s, d=doc: (s.first - d.date).days <= window_days and (d.date - s.last).days <= window_days
        )
        if best >= 0 and best != home[doc.id] and best_sim > stay:
            own.remove(doc)
            join(doc, best)
            home[doc.id] = best
    stories = [_finish(g) for g in _merged([g for g in growing if g.members], window_days)]
    return sorted(stories, key=lambda s: (-s.weight, -s.last.toordinal(), s.key))


def _merged(growing: list[_Growing], window_days: int) -> list[_Growing]:
    """Stories of the same days told in different words (one outlet's «Англия» for another's «Великобритания»)
    become one when their centroids are close. Only stories of several articles: a single article had its
    chance to join a story when articles were moved."""
    while True:
        best: tuple[float, int, int] | None = None
        for i, a in enumerate(growing):
            for j in range(i + 1, len(growing)):
                b = growing[j]
                if len(a.members) < 2 or len(b.members) < 2:
                    continue
                if (b.first - a.last).days > window_days or (a.first - b.last).days > window_days:
                    continue
                sim = _centroid_cosine(a, b)
                if sim >= MERGE_THRESHOLD and (best is None or sim > best[0]):
                    best = (sim, i, j)
        if best is None:
            return growing
        _, i, j = best
        for doc in growing[j].members:
            growing[i].add(doc)
        del growing[j]


def _centroid_cosine(a: _Growing, b: _Growing) -> float:
    if len(a.centroid) > len(b.centroid):
        a, b = b, a
    dot = sum(w * b.centroid.get(k, 0.0) for k, w in a.centroid.items())
    return dot / ((math.sqrt(a.norm2) * math.sqrt(b.norm2)) or 1.0)


def _finish(story: _Growing) -> Story:
    norm = math.sqrt(story.norm2) or 1.0

    def centrality(doc: StoryDoc) -> float:
        return sum(w * story.centroid[k] for k, w in doc.features.items()) / norm

    members = sorted(story.members, key=lambda d: (-round(centrality(d), 9), -d.date.toordinal(), -d.id))
    per_day: dict[dt.date, int] = {}
    for doc in members:
        per_day[doc.date] = per_day.get(doc.date, 0) + 1
    return Story(
        key=members[0].id,
        ids=tuple(d.id for d in members),
        first=min(d.date for d in members),
        last=story.last,
        weight=sum(1.0 if d.about else PASSING_WEIGHT for d in members),
        days=tuple(sorted(per_day.items())),
    )


def story_of(stories: Sequence[Story], article_id: int) -> Story | None:
    """The story holding an article (how a button names its story across requests)."""
    return next((s for s in stories if article_id in s.ids), None)
