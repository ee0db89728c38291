"""Stories: articles about the same event, grouped by what they share (names, phrases, words of the headline and
the lead weighing most) and by being close in time.

The idea of IlyaGusev/tgcontest's threads, done with what ingest stores instead of embeddings: each article is
a TF-IDF vector of its strongest terms (``story_terms``, computed once at ingest); articles are taken oldest
first, and each joins the story whose centroid it is most similar to, if that similarity reaches THRESHOLD and
the story had an article within WINDOW_DAYS before it; otherwise it starts a story. Comparing with the centroid
(not with the nearest member) keeps one story from chaining into the next.

Any set of articles can be grouped: a query's matches (/topic), a day's articles (a digest), and each story's
articles per day give its peaks (a trend chart). Deterministic: ties break on dates and ids, never on hashing.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.news.keyterms import BOILERPLATE, Term, idf
from bot.news.language import STOP_WORDS

THRESHOLD = 0.2  # cosine to a story's centroid that makes an article part of it
MERGE_THRESHOLD = 0.3  # cosine between the centroids of two stories of the same days that makes them one
WINDOW_DAYS = 3  # an article joins a story only if the story's newest article is at most this much older
STORED_TERMS = 30  # story terms kept per article at ingest
FEATURES = 20  # of them, the strongest compared (the query's words aside)
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


def story_terms(terms: Sequence[Term], df: Mapping[str, int], docs: int) -> list[tuple[str, float]]:
    """What an article's stories are recognised by, computed once at ingest: its STORED_TERMS strongest terms
    (names, phrases, nouns and other words, the title's and the lead's counting more) by TF-IDF against the
    archive as it was; strongest first."""
    scored = [
        (term.key, round((1.0 + math.log(max(term.tf, 1.0))) * idf(df.get(term.key, 0), docs), 4))
        for term in terms
        if term.key not in STOP_WORDS and term.key not in BOILERPLATE and not term.key.isdigit()
    ]
    return sorted(scored, key=lambda item: (-item[1], item[0]))[:STORED_TERMS]


def features(stored: Iterable[tuple[str, float]], ignore: Collection[str] = ()) -> dict[str, float]:
    """An article's grouping vector (unit length): its stored story terms (strongest first) but the query's
    words, which every article of a query shares and which say nothing about which event it tells."""
    ignored = frozenset(ignore)
    kept = []
    for key, weight in stored:
        if key in ignored or (" " in key and ignored.issuperset(key.split())):
            continue
        kept.append((key, weight))
        if len(kept) == FEATURES:
            break
    norm = math.sqrt(sum(w * w for _, w in kept)) or 1.0
    return {key: w / norm for key, w in kept}


class _Growing:
    """A story while grouping: members, the sum of their vectors and its squared norm, its days (ordinals)."""

    def __init__(self, doc: StoryDoc) -> None:
        self.members: list[StoryDoc] = []
        self.ids: set[int] = set()
        self.centroid: dict[str, float] = {}
        self.norm2 = 0.0
        self.first = self.last = doc.date.toordinal()
        self.add(doc)

    def add(self, doc: StoryDoc) -> None:
        self.members.append(doc)
        self.ids.add(doc.id)
        day = doc.date.toordinal()
        self.first, self.last = min(self.first, day), max(self.last, day)
        self._shift(doc.features, 1.0)

    def remove(self, doc: StoryDoc) -> None:
        self.members = [d for d in self.members if d.id != doc.id]
        self.ids.discard(doc.id)
        if self.members:
            self.first = min(d.date.toordinal() for d in self.members)
            self.last = max(d.date.toordinal() for d in self.members)
        self._shift(doc.features, -1.0)

    def dot(self, doc: StoryDoc) -> float:
        return sum(w * self.centroid.get(k, 0.0) for k, w in doc.features.items())

    def similarity(self, doc: StoryDoc, dot: float) -> float:
        """Cosine of ``doc`` (whose dot product with the centroid is ``dot``) to the centroid of the other
        members (a member is not compared with itself)."""
        if doc.id not in self.ids:
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


class _Sweep:
    """Features -> the stories that are near the current day, while the days are walked oldest first: a story
    enters ``window`` days before its first article and leaves ``window`` days after its last, so each article
    is only compared with stories of its own days however long the period grouped."""

    def __init__(self, growing: list[_Growing], window: int) -> None:
        self.growing = growing
        self.window = window
        self.postings: dict[str, dict[int, None]] = {}  # in the order stories entered
        self._waiting: list[tuple[int, int]] = []  # (day it enters, story)
        self._leaving: list[tuple[int, int]] = []  # (its last day, story)

    def schedule(self, index: int) -> None:
        heapq.heappush(self._waiting, (self.growing[index].first - self.window, index))

    def enter(self, index: int) -> None:
        self.note(index, self.growing[index].centroid)
        heapq.heappush(self._leaving, (self.growing[index].last, index))

    def note(self, index: int, keys: Iterable[str]) -> None:
        for key in keys:
            self.postings.setdefault(key, {})[index] = None

    def advance(self, day: int) -> None:
        while self._waiting and self._waiting[0][0] <= day:
            _, index = heapq.heappop(self._waiting)
            if self.growing[index].members:
                self.enter(index)
        while self._leaving and self._leaving[0][0] + self.window < day:
            last, index = heapq.heappop(self._leaving)
            story = self.growing[index]
            if story.last != last and story.last + self.window >= day:
                heapq.heappush(self._leaving, (story.last, index))  # it grew since: later
                continue
            for key in story.centroid:
                self.postings.get(key, {}).pop(index, None)

    def best(self, doc: StoryDoc, threshold: float) -> tuple[int, float]:
        """The story near ``doc`` most similar to it (at least ``threshold``), or -1."""
        dots: dict[int, float] = {}
        for key, weight in doc.features.items():
            for index in self.postings.get(key, ()):
                dots[index] = dots.get(index, 0.0) + weight * self.growing[index].centroid[key]
        best, best_sim = -1, threshold
        for index in sorted(dots):
            story = self.growing[index]
            if story.members:
                sim = story.similarity(doc, dots[index])
                if sim >= best_sim and (best < 0 or sim > best_sim):
                    best, best_sim = index, sim
        return best, best_sim


def group(docs: Sequence[StoryDoc], *, threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS) -> list[Story]:
    """Stories of ``docs``, heaviest first (then newest, then by key).

    One pass oldest first (join the most similar story that is still going, or start one), then one pass that
    moves each article to the story whose final centroid suits it better (an early article of an event met only
    the event's first reports, and the first pass may have left it in a story of its own), then stories of the
    same days with close centroids are merged.
    """
    ordered = sorted(docs, key=lambda d: (d.date, d.id))
    growing: list[_Growing] = []
    sweep = _Sweep(growing, window_days)
    for doc in ordered:
        sweep.advance(doc.date.toordinal())
        best, _ = sweep.best(doc, threshold)
        if best < 0:
            growing.append(_Growing(doc))
            sweep.enter(len(growing) - 1)
        else:
            growing[best].add(doc)
            sweep.note(best, doc.features)
    home = {doc.id: i for i, story in enumerate(growing) for doc in story.members}
    sweep = _Sweep(growing, window_days)
    for index in range(len(growing)):
        sweep.schedule(index)
    for doc in ordered:
        sweep.advance(doc.date.toordinal())
        own = growing[home[doc.id]]
        best, best_sim = sweep.best(doc, threshold)
        if best >= 0 and best != home[doc.id] and best_sim > own.similarity(doc, own.dot(doc)):
            own.remove(doc)
            growing[best].add(doc)
            sweep.note(best, doc.features)
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
                if b.first - a.last > window_days or a.first - b.last > window_days:
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
    members = sorted(story.members, key=lambda d: (-round(story.dot(d), 9), -d.date.toordinal(), -d.id))
    per_day: dict[dt.date, int] = {}
    for doc in members:
        per_day[doc.date] = per_day.get(doc.date, 0) + 1
    return Story(
        key=members[0].id,
        ids=tuple(d.id for d in members),
        first=min(d.date for d in members),
        last=max(d.date for d in members),
        weight=sum(1.0 if d.about else PASSING_WEIGHT for d in members),
        days=tuple(sorted(per_day.items())),
    )


def story_of(stories: Sequence[Story], article_id: int) -> Story | None:
    """The story holding an article (how a button names its story across requests)."""
    return next((s for s in stories if article_id in s.ids), None)
