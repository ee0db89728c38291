"""Who is speaking: a name in the attribution, else a pronoun or a title resolved to a person of the article."""

from __future__ import annotations

from collections.abc import Container, Sequence

from bot.news.language import Span, fold_yo
from bot.news.people import Mention, Person, is_person_noun, role_head
from bot.news.quotes.context import Context, Found
from bot.news.quotes.text import Sentence, is_word, low
from bot.news.quotes.vocabulary import (
    OBLIQUE_PRONOUNS,
    PRONOUNS,
    RELATIVE,
    bystander,
    lemma_of,
    nominative_title,
    title_noun,
)

_TITLE_SYNONYMS: dict[str, frozenset[str]] = {
    "глава": frozenset(
        "руководитель лидер председатель президент премьер-министр министр мэр губернатор".split()
    ),
    "лидер": frozenset("глава руководитель председатель президент премьер-министр".split()),
    "руководитель": frozenset("глава лидер председатель директор".split()),
    "премьер": frozenset({"премьер-министр"}),
    "премьер-министр": frozenset({"премьер"}),
}
_COMPOUND_TITLES: dict[str, frozenset[str]] = {
    "государство": frozenset({"президент"}),
    "страна": frozenset({"президент"}),
    "правительство": frozenset({"премьер-министр", "премьер", "председатель"}),
    "кабмин": frozenset({"премьер-министр", "премьер", "председатель"}),
}


def mentions_over(ctx: Context, toks: Sequence[Span]) -> list[Mention]:
    """Mentions overlapping ``toks``, in text order."""
    if not toks:
        return []
    a, b = toks[0].start, toks[-1].end
    return [m for m in ctx.people.mentions if m.start < b and a < m.end]


def names_someone(ctx: Context, toks: Sequence[Span]) -> bool:
    """Cheap check (before resolution) that a phrase refers to a person at all."""
    return bool(mentions_over(ctx, toks)) or any(
        low(t.text) in PRONOUNS or title_noun(low(t.text)) for t in toks
    )


def speaker_in(
    ctx: Context, toks: Sequence[Span], pos: int, gender: str | None, oblique: bool, exclude: Container[int]
) -> int | None:
    """The person an attribution phrase names: a name, else a pronoun, else a title."""
    found = mentions_over(ctx, toks)
    if found:
        nominative = [m.person for m in found if m.case in (None, "nomn")]
        if nominative:
            return nominative[0]
        return None if _possessed_by(ctx, toks, found[0]) else found[0].person
    for i, tok in enumerate(toks):
        word = low(tok.text)
        if word in PRONOUNS or (oblique and word in OBLIQUE_PRONOUNS):
            sex = PRONOUNS.get(word) or OBLIQUE_PRONOUNS.get(word)
            return antecedent(ctx, pos, gender or sex, exclude)
        if title_noun(word if i == 0 else tok.text):
            return _title_antecedent(ctx, toks[i:], pos, gender, exclude)
    return None


def _possessed_by(ctx: Context, toks: Sequence[Span], mention: Mention) -> bool:
    """«адвокат Навального», «менеджер Мии Фэрроу»: a title followed by a name in another case is someone else."""
    before = [t for t in toks if t.end <= mention.start]
    if not before or not is_person_noun(before[-1].text):
        return False
    if mention.case not in (None, "nomn") and not is_person_noun(before[-1].text, mention.case):
        return True
    last = ctx.people.persons[mention.person].last or ""
    inflected = (
        fold_yo(mention.text.split()[-1].lower()) != fold_yo(last.split()[-1].lower()) if last else False
    )
    return (
        inflected and is_person_noun(before[-1].text, "nomn") and not is_person_noun(before[-1].text, "gent")
    )


def compatible(person: Person, gender: str | None) -> bool:
    return gender is None or person.gender is None or person.gender == gender


def antecedent(ctx: Context, pos: int, gender: str | None, exclude: Container[int]) -> int | None:
    """Most recent compatible person before ``pos``; people named outside quoted speech come first."""
    events = sorted((e for e in ctx.all_events() if e[0] < pos), reverse=True)
    for outside_only in (True, False):
        for epos, person in events:
            if person in exclude or not compatible(ctx.people.persons[person], gender):
                continue
            if outside_only and ctx.is_claimed(epos, epos + 1):
                continue
            if _unnamed_between(ctx, epos, pos, gender):
                return None
            return _prefer_subject(ctx, epos, person, gender, exclude)
    return None


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


def _title_antecedent(
    ctx: Context, title: Sequence[Span], pos: int, gender: str | None, exclude: Container[int]
) -> int | None:
    """The person a title stands for: the most recent one whose role has the same head noun (or a synonym),
    else the most recent compatible person."""
    words = [lemma_of(low(t.text)) for t in title[:4] if is_word(t)]
    if not words:
        return None
    wanted = _wanted_roles(words)
    matching: list[tuple[int, int]] = []
    for epos, person in ctx.all_events():
        p = ctx.people.persons[person]
        if epos < pos and person not in exclude and p.role and compatible(p, gender):
            if role_head(p.role) in wanted:
                matching.append((epos, person))
    last = _recent_speaker(ctx, pos, gender, exclude)
    if last is not None:
        # journalists name the current speaker by title («…, — отметил министр»), unless someone with that
        # title was introduced after the speaker's last quote
        later = [m for m in matching if m[0] > last.end]
        return max(later)[1] if later else last.person
    if matching:
        return max(matching)[1]
    return antecedent(ctx, pos, gender, exclude)


def _recent_speaker(ctx: Context, pos: int, gender: str | None, exclude: Container[int]) -> Found | None:
    """The speaker of the last quote when it is in this or the previous paragraph."""
    si = ctx.doc.sentence_at(pos)
    last = ctx.last_found_before(pos)
    if si is None or last is None or last.para < ctx.doc.sentences[si].para - 1 or last.person in exclude:
        return None
    return last if compatible(ctx.people.persons[last.person], gender) else None


def _wanted_roles(words: list[str]) -> frozenset[str]:
    """Role heads a title may refer to: «глава государства» -> президент, «лидер» -> лидер, глава, …"""
    head = words[0]
    if head == "глава":
        for dep in words[1:]:
            if dep in _COMPOUND_TITLES:
                return _COMPOUND_TITLES[dep]
    return frozenset({head}) | _TITLE_SYNONYMS.get(head, frozenset())


class QuotedPeople:
    """People named inside a quote rarely are its speaker; worked out (NER) only when a candidate is checked."""

    __slots__ = ("_ctx", "_start", "_end", "_found")

    def __init__(self, ctx: Context, start: int, end: int) -> None:
        self._ctx, self._start, self._end = ctx, start, end
        self._found: set[int] | None = None

    def __contains__(self, person: object) -> bool:
        if self._found is None:
            a, b = self._start, self._end
            self._found = {m.person for m in self._ctx.people.mentions if a <= m.start and m.end <= b}
        return person in self._found


def subject_before(ctx: Context, sent: Sentence, j: int, gender: str | None) -> int | None:
    """Subject of the speech verb at token ``j``: the nearest nominative name, pronoun or title before it."""
    toks = sent.tokens
    for i in range(j - 1, -1, -1):
        tok = toks[i]
        if ctx.doc.is_quoted(tok) or ctx.is_claimed(tok.start, tok.end):
            continue
        found = mentions_over(ctx, [tok])
        if found:
            if _possessed_by(ctx, toks[: i + 1], found[0]):
                return None
            if found[0].case in (None, "nomn"):
                return found[0].person
            continue
        word = low(tok.text)
        if word in PRONOUNS:
            return antecedent(ctx, tok.start, gender or PRONOUNS[word], set())
        if nominative_title(word if i == 0 else tok.text) and not (
            i > 0 and low(toks[i - 1].text) in ("по", "со", "с")
        ):
            return _title_antecedent(ctx, toks[i:j], tok.start, gender, set())
    return None


def relative_cut(toks: list[Span]) -> list[Span]:
    """Drop a relative clause from an attribution («сказал X, когда его спросили о Y»)."""
    for i in range(1, len(toks) - 1):
        if toks[i].text == "," and low(toks[i + 1].text) in RELATIVE:
            return toks[:i]
    return toks


def until_comma(ctx: Context, toks: Sequence[Span]) -> list[Span]:
    """Tokens up to the first clause boundary outside quote marks."""
    out: list[Span] = []
    for tok in toks:
        if tok.text in (",", ".", ";", ":") and not ctx.doc.is_quoted(tok):
            break
        out.append(tok)
    return out
