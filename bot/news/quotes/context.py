"""What the rules share while they read one article: the layout, its people, and the quotes found so far."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.news.language import Span
from bot.news.people import People, find_people
from bot.news.quotemarks import DASHES
from bot.news.quotes.text import Document


@dataclass(slots=True)
class Found:
    start: int
    end: int
    kind: str  # "direct" | "indirect"
    person: int  # index into People.persons
    para: int
    rule: str


@dataclass(slots=True)
class Context:
    doc: Document
    # name of the rule being applied; stamped on what it emits
    rule: str = ""
    found: list[Found] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)
    # (position, person) of every attribution: antecedents for pronouns and titles, besides the mentions
    events: list[tuple[int, int]] = field(default_factory=list)
    # Quotation.open of the quotations already attributed (to a person or to no one)
    used_quotes: set[int] = field(default_factory=set)
    # token start -> person, for a speech verb coordinated with an attributed one («…, и подчеркнул, что»)
    inherited: dict[int, int] = field(default_factory=dict)
    # sentences no further clause rule may read (taken whole, or read as an attribution)
    settled: set[int] = field(default_factory=set)
    # clauses of statements no one named makes («сообщалось, что …»): a bare title inside names no one
    frames: list[tuple[int, int]] = field(default_factory=list)
    _people: People | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def people(self) -> People:
        """Persons of the article; NER is the costly step, so it runs only when an attribution needs a name."""
        if self._people is None:
            sents = [Span(s.start, s.end, self.text[s.start : s.end]) for s in self.doc.sentences]
            self._people = find_people(self.text, sents)
        return self._people

    def is_claimed(self, a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in self.claimed)

    def emit(self, start: int, end: int, kind: str, person: int, para: int) -> bool:
        start, end = trim(self.text, start, end)
        if end - start < 2 or self.is_claimed(start, end):
            return False
        self.found.append(Found(start, end, kind, person, para, self.rule))
        self.claimed.append((start, end))
        return True

    def in_frame(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.frames)

    def add_event(self, pos: int, person: int) -> None:
        self.events.append((pos, person))

    def all_events(self) -> Iterable[tuple[int, int]]:
        """Every point where a person was named or quoted: (position, person)."""
        yield from ((m.start, m.person) for m in self.people.mentions)
        yield from self.events

    def last_found_before(self, pos: int) -> Found | None:
        return max((f for f in self.found if f.start < pos), key=lambda f: f.start, default=None)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, a trailing period/comma and dangling dashes from a span."""
    while start < end and (text[start].isspace() or text[start] in DASHES + ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:" + DASHES):
        end -= 1
    return start, end
