"""A topic's trend: how many matching articles each day or week of the archive has, and where its main
stories peaked. Pure data; drawing it is the views' job."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.news.stories import Story

DAILY_SPAN_DAYS = 62  # a span up to about two months is shown per day, a longer one per week
PEAKS = 3


@dataclass(frozen=True, slots=True)
class Bin:
    start: dt.date  # the day, or the Monday of the week
    count: int


@dataclass(frozen=True, slots=True)
class Peak:
    """Where one story had most articles: its bin, and what to call it there."""

    start: dt.date
    count: int  # the story's articles in that bin
    label: str


@dataclass(frozen=True, slots=True)
class Trend:
    query: str
    unit: str  # "day" or "week"
    bins: tuple[Bin, ...]  # every day or week from the first match to the last, empty ones included
    peaks: tuple[Peak, ...]  # the main stories' peaks, heaviest story first
    total: int
    first: dt.date  # the first and the last day with a match
    last: dt.date


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def unit_for(first: dt.date, last: dt.date) -> str:
    return "day" if (last - first).days < DAILY_SPAN_DAYS else "week"


def bin_start(day: dt.date, unit: str) -> dt.date:
    return day if unit == "day" else week_of(day)


def binned(per_day: Mapping[dt.date, int], unit: str) -> tuple[Bin, ...]:
    """Counts per day summed into ``unit`` bins, with a bin for every day or week between the first and last."""
    counts: Counter[dt.date] = Counter()
    for day, count in per_day.items():
        counts[bin_start(day, unit)] += count
    if not counts:
        return ()
    step = dt.timedelta(days=1 if unit == "day" else 7)
    start, end = min(counts), max(counts)
    bins = []
    while start <= end:
        bins.append(Bin(start, counts.get(start, 0)))
        start += step
    return tuple(bins)


def story_peaks(stories: Iterable[Story], labels: Mapping[int, str], unit: str, limit: int = PEAKS) -> tuple[Peak, ...]:
    """The bin where each of the first ``limit`` stories (heaviest first) had most articles; the earlier bin wins
    a tie. ``labels`` names a story by its key; a story named like one already shown (a recurring headline) is
    passed over."""
    peaks: list[Peak] = []
    for story in stories:
        if len(peaks) == limit:
            break
        if story.key in labels and labels[story.key] in {p.label for p in peaks}:
            continue
        counts: Counter[dt.date] = Counter()
        for day, count in story.days:
            counts[bin_start(day, unit)] += count
        start, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
        peaks.append(Peak(start, count, labels.get(story.key, "")))
    return tuple(peaks)


def trend(query: str, per_day: Mapping[dt.date, int], stories: Sequence[Story], labels: Mapping[int, str]) -> Trend:
    """The trend of ``query`` from its matches per day and its stories (heaviest first); needs one match at least."""
    days = [day for day, count in per_day.items() if count > 0]
    unit = unit_for(min(days), max(days))
    bins = binned(per_day, unit)
    starts = {b.start for b in bins}
    peaks = story_peaks([s for s in stories if s.days], labels, unit)
    return Trend(
        query, unit, bins, tuple(p for p in peaks if p.start in starts), sum(per_day.values()), min(days), max(days)
    )
