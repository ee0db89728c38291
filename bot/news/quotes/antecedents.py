"""Antecedents: the person a pronoun, or a title with nothing better to go on, stands for."""

from __future__ import annotations

from collections.abc import Container, Sequence

from bot.news.language import Span
from bot.news.people import Mention, Person
from bot.news.quotes.context import Context, Found
from bot.news.quotes.text import low
from bot.news.quotes.vocabulary import bystander


def mentions_over(ctx: Context, toks: Sequence[Span]) -> list[Mention]:
    """Mentions overlapping ``toks``, in text order."""
    if not toks:
        return []
    a, b = toks[0].start, toks[-1].end
    return [m for m in ctx.people.mentions if m.start < b and a < m.end]


def is_nominative(mention: Mention) -> bool:
    return mention.case in (None, "nomn")


def compatible(person: Person, gender: str | None) -> bool:
    return gender is None or person.gender is None or person.gender == gender


def antecedent(ctx: Context, pos: int, gender: str | None, exclude: Container[int]) -> int | None:
    """Most recent compatible person before ``pos``; people named outside quoted speech come first, and a name
    in an oblique case in the pronoun's own sentence is never its antecedent («письмо Сомову он не посылал»)."""
    events = sorted((e for e in ctx.all_events() if e[0] < pos), reverse=True)
    clause_mates = {
        m.start for m in ctx.people.mentions if not is_nominative(m) and _same_clause(ctx, m.start, pos)
    }

    for outside_only in (True, False):
        for epos, person in events:
            if (
                person in exclude
                or not compatible(ctx.people.persons[person], gender)
                or epos in clause_mates
            ):
                continue
            if outside_only and ctx.is_claimed(epos, epos + 1):
                continue
            if _unnamed_between(ctx, epos, pos, gender):
                return None
            return _prefer_subject(ctx, epos, person, gender, exclude)
    return None


def _same_clause(ctx: Context, a: int, b: int) -> bool:
    """Are offsets ``a`` < ``b`` in one sentence with no comma or dash between them?"""
    si = ctx.doc.sentence_at(b)
    return si is not None and ctx.doc.sentence_at(a) == si and not any(c in ctx.text[a:b] for c in ",—–;:")


def _unnamed_between(ctx: Context, a: int, b: int, gender: str | None) -> bool:
    """«33-летний мужчина … . Он сообщил, что …»: an unnamed person introduced after the candidate wins «он»."""
    for sent in ctx.doc.sentences:
        if sent.end <= a or sent.start >= b:
            continue
        for tok in sent.tokens:
            if a < tok.start < b and not ctx.doc.is_quoted(tok) and bystander(low(tok.text), gender):
                return True
    return False


def _prefer_subject(ctx: Context, epos: int, person: int, gender: str | None, exclude: Container[int]) -> int:
    """Within the sentence of the found antecedent, a compatible person named in the nominative wins."""
    si = ctx.doc.sentence_at(epos)
    if si is None:
        return person
    sent = ctx.doc.sentences[si]
    for m in ctx.people.mentions:
        if sent.start <= m.start <= epos and m.case == "nomn" and m.person not in exclude:
            if compatible(ctx.people.persons[m.person], gender) and not ctx.is_claimed(m.start, m.end):
                return m.person
    return person


def recent_speaker(ctx: Context, pos: int, gender: str | None, exclude: Container[int]) -> Found | None:
    """The speaker of the last quote when it is in this or the previous paragraph."""
    si = ctx.doc.sentence_at(pos)
    last = ctx.last_found_before(pos)
    if si is None or last is None or last.para < ctx.doc.sentences[si].para - 1 or last.person in exclude:
        return None
    return last if compatible(ctx.people.persons[last.person], gender) else None
