"""Titles: the person «министр», «глава правительства» or «советник мэра» stands for."""

from __future__ import annotations

from collections.abc import Container, Sequence
from functools import lru_cache

from bot.news.language import WORD_RE, Span, fold_yo, parses
from bot.news.people import Person, is_person_noun, role_head
from bot.news.quotes.antecedents import antecedent, compatible, is_nominative, mentions_over, recent_speaker
from bot.news.quotes.context import Context
from bot.news.quotes.text import is_word, low
from bot.news.quotes.vocabulary import UNNAMED, lemma_of, nominative_title, title_noun

_TITLE_SYNONYMS: dict[str, frozenset[str]] = {
    "глава": frozenset(
        "руководитель лидер председатель президент премьер-министр министр мэр губернатор".split()
    ),
    "лидер": frozenset("глава руководитель председатель президент премьер-министр".split()),
    "руководитель": frozenset("глава лидер председатель директор".split()),
    "премьер": frozenset({"премьер-министр"}),
    "премьер-министр": frozenset({"премьер"}),
    "генпрокурор": frozenset({"прокурор"}),
    "представитель": frozenset({"пресс-секретарь", "спикер"}),
    "пресс-секретарь": frozenset({"представитель", "спикер"}),
    "форвард": frozenset({"нападающий"}),
    "нападающий": frozenset({"форвард"}),
}


_COMPOUND_TITLES: dict[str, frozenset[str]] = {
    "государство": frozenset({"президент"}),
    "страна": frozenset({"президент"}),
    "правительство": frozenset({"премьер-министр", "премьер", "председатель"}),
    "кабмин": frozenset({"премьер-министр", "премьер", "председатель"}),
}


_FORMER = "экс-"


_HEADS = frozenset({"глава", "руководитель"})  # «глава правительства» is the premier
_INTERVIEWEES = frozenset({"собеседник"})  # «собеседник агентства» is whoever the agency talked to


def is_title(word: str, first: bool) -> bool:
    """A common noun naming a person («мэр», «министр»; «представитель» too: it resolves by role only).
    Capitalised words count only at the start of a phrase (a sentence start)."""
    text = low(word) if first else word
    return title_noun(text) or (
        text[:1].islower() and lemma_of(low(word)) in UNNAMED and is_person_noun(word)
    )


def is_nominative_title(word: str) -> bool:
    """A title in the nominative; capitalised too («Об этом Министр транспорта сообщил»)."""
    if nominative_title(low(word)):
        return True
    return lemma_of(low(word)) in UNNAMED and is_person_noun(word, "nomn")


def resolve_title(
    ctx: Context,
    title: Sequence[Span],
    pos: int,
    gender: str | None,
    exclude: Container[int],
    related: bool = False,
) -> int | None:
    """The person a title stands for.

    The most recent person whose role has the same head noun (or a synonym); failing that, the current speaker,
    the most recent compatible person (for a general title only: «директор похоронного бюро» is someone
    new), and, when nobody was named yet, the first person named later with that role («Главврач … назвал … . …, заявил главный врач Олег Ветров»). Only a role match counts
    for a title that depends on someone else («советник мэра», «её адвокат», «пресс-секретарь губернатора»), for an
    unnamed-source noun («представитель»), and inside a statement nobody is named for («сообщалось, что
    эксперт …»).
    """
    words = [_title_lemma(t.text) for t in title[:4] if is_word(t)]
    if not words:
        return None
    owners = _owners(ctx, title, gender)
    strict = related or bool(owners) or _depends(title) or words[0] in UNNAMED or ctx.in_frame(pos)
    wanted = _wanted_roles(words)

    def allowed(person: int) -> bool:
        return person not in exclude and person not in owners

    matching = [
        (epos, person)
        for epos, person in ctx.all_events()
        if epos < pos and allowed(person) and _holds(ctx.people.persons[person], wanted, gender)
    ]
    if strict:
        return max(matching)[1] if matching else _named_later(ctx, pos, wanted, gender, owners)
    last = recent_speaker(ctx, pos, gender, exclude)
    if last is not None and allowed(last.person):
        # journalists name the current speaker by title («…, — отметил министр»), unless someone with that
        # title was introduced after the speaker's last quote
        later = [m for m in matching if m[0] > last.end]
        return max(later)[1] if later else last.person
    if matching:
        return max(matching)[1]
    institution = _institution(title)
    if institution is None:
        person = antecedent(ctx, pos, gender, _Union(exclude, owners))
    else:
        person = next(
            (
                p
                for e, p in sorted(ctx.all_events(), reverse=True)
                if e < pos and allowed(p) and _serves(ctx.people.persons[p], institution, gender)
            ),
            None,
        )
    return person if person is not None else _named_later(ctx, pos, wanted, gender, owners)


class _Union:
    __slots__ = ("_a", "_b")

    def __init__(self, a: Container[int], b: Container[int]) -> None:
        self._a, self._b = a, b

    def __contains__(self, item: object) -> bool:
        return item in self._a or item in self._b


def _holds(person: Person, wanted: frozenset[str], gender: str | None) -> bool:
    return bool(person.role) and compatible(person, gender) and bool(_role_heads(person.role) & wanted)


@lru_cache(maxsize=4096)
def _role_heads(role: str) -> frozenset[str]:
    """What a role can be called: «глава правительства Норвегии» is also a премьер-министр."""
    head = role_head(role)
    if head is None:
        return frozenset()
    head = _title_lemma(head)
    words = [_title_lemma(w) for w in role.split()]
    if head in _HEADS and head in words:
        for dep in words[words.index(head) + 1 :]:
            if dep in _COMPOUND_TITLES:
                return frozenset({head}) | _COMPOUND_TITLES[dep]
    return frozenset({head})


def _named_later(
    ctx: Context, pos: int, wanted: frozenset[str], gender: str | None, owners: Container[int]
) -> int | None:
    """Cataphora: the first person with that role named later in this or the next paragraph."""
    si = ctx.doc.sentence_at(pos)
    if si is None:
        return None
    limit = ctx.doc.paragraph_end(min(ctx.doc.sentences[si].para + 1, len(ctx.doc.paragraphs) - 1))
    for m in ctx.people.mentions:
        if (
            pos < m.start < limit
            and m.person not in owners
            and _holds(ctx.people.persons[m.person], wanted, gender)
        ):
            return m.person
    return None


def _institution(title: Sequence[Span]) -> str | None:
    """The institution that narrows a title («директор бюро», «глава Военного совета»): such a title names an
    office, so only someone whose role is in that institution can hold it. A place («президент России») or
    the outlet («собеседник агентства») does not narrow it."""
    if _title_lemma(title[0].text) in _INTERVIEWEES:
        return None
    for word in [t for t in title[1:4] if is_word(t)]:
        found = parses(low(word.text))
        if any(p.tag.POS == "ADJF" and p.tag.case == "gent" for p in found[:1]):
            continue  # «глава [Военного] совета»
        if not word.text[:1].islower() or is_person_noun(word.text):
            return None  # a capitalised name of an organisation is read too unreliably to narrow anything
        for p in found:
            if p.tag.POS == "NOUN" and p.tag.case == "gent" and "Geox" not in p.tag:
                return fold_yo(p.normal_form)
        return None
    return None


def _serves(person: Person, institution: str, gender: str | None) -> bool:
    return bool(person.role) and compatible(person, gender) and institution in _role_words(person.role)


@lru_cache(maxsize=4096)
def _role_words(role: str) -> frozenset[str]:
    return frozenset(lemma_of(low(w)) for w in WORD_RE.findall(role))


def _depends(title: Sequence[Span]) -> bool:
    """«племянник долгожителя», «адвокат Кукушкина»: a title followed by a person noun or a name in the
    genitive names someone by their relation to another person."""
    nxt = [t for t in title[1:3] if is_word(t)]
    return bool(nxt) and is_person_noun(nxt[0].text, "gent") and not is_person_noun(nxt[0].text, "nomn")


def _owners(ctx: Context, title: Sequence[Span], gender: str | None) -> set[int]:
    """People a title depends on: «советник Сомова» -> Сомов, «пресс-секретарь губернатора» -> the governor,
    «адвокат Кикнадзе сообщил» -> Кикнадзе (a name that does not agree with the verb is no apposition)."""
    owners = {
        m.person
        for m in mentions_over(ctx, title[1:4])
        if not is_nominative(m) or not compatible(ctx.people.persons[m.person], gender)
    }
    for tok in title[1:4]:
        if is_word(tok) and tok.text[:1].islower() and is_person_noun(tok.text, "gent"):
            wanted = _wanted_roles([_title_lemma(tok.text)])
            owners.update(i for i, p in enumerate(ctx.people.persons) if _holds(p, wanted, None))
    return owners


def _title_lemma(word: str) -> str:
    lemma = lemma_of(low(word))
    return lemma[len(_FORMER) :] if lemma.startswith(_FORMER) else lemma


def _wanted_roles(words: list[str]) -> frozenset[str]:
    """Role heads a title may refer to: «глава государства» -> президент, «лидер» -> лидер, глава, …"""
    head = words[0]
    if head in _HEADS:
        for dep in words[1:]:
            if dep in _COMPOUND_TITLES:
                return _COMPOUND_TITLES[dep]
    return frozenset({head}) | _TITLE_SYNONYMS.get(head, frozenset())
