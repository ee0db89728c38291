"""Who is speaking: a name in the attribution, else a pronoun or a title resolved to a person of the article."""

from __future__ import annotations

from collections.abc import Container, Sequence
from functools import lru_cache

from bot.news.language import Span, fold_yo, morph, parses
from bot.news.people import Mention, is_person_noun, name_gender, surname_declines
from bot.news.quotes.antecedents import antecedent, compatible, is_nominative, mentions_over
from bot.news.quotes.context import Context
from bot.news.quotes.text import Sentence, is_word, low
from bot.news.quotes.titles import is_nominative_title, is_title, resolve_title
from bot.news.quotes.vocabulary import (
    OBLIQUE_PRONOUNS,
    PRONOUNS,
    RELATIVE,
    STATEMENT_NOUNS,
    first_pos,
    genitive_noun,
    lemma_of,
)

_POSSESSIVE = frozenset({"его", "ее", "их"})  # «её адвокат»: someone related to her, not her


# «…спросил у Орешкина, на что тот ответил»: «тот» is the last person named who is not the subject.
_THE_LATTER = {"тот": "masc", "та": "femn"}


_VERBAL = frozenset({"VERB", "GRND", "ADVB", "PRCL", "INFN"})


def names_someone(ctx: Context, toks: Sequence[Span]) -> bool:
    """Cheap check (before resolution) that a phrase refers to a person at all."""
    if any(low(t.text) in PRONOUNS or is_title(t.text, True) for t in toks):
        return True
    return bool(mentions_over(ctx, toks))


def speaker_in(
    ctx: Context, toks: Sequence[Span], pos: int, gender: str | None, oblique: bool, exclude: Container[int]
) -> int | None:
    """The person an attribution phrase names.

    A name in the nominative that agrees with the verb; when the phrase is the object of a report verb or of
    «по словам», a name in an oblique case («цитирует агентство Морозову»); else a pronoun or a title. A name
    that depends on another noun («адвокат Кукушкина», «в беседе с Ивановым») is not the speaker.
    """
    found = [m for m in mentions_over(ctx, toks) if not _after_preposition(ctx, toks, m)]
    for m in found:
        if (oblique or is_nominative(m)) and not _owned_by_title(ctx, toks, m):
            person = _agreeing(ctx, m.person, gender)
            if person is not None:
                return person
    for i, tok in enumerate(toks):
        word = low(tok.text)
        if word in PRONOUNS or (oblique and word in OBLIQUE_PRONOUNS):
            return antecedent(ctx, pos, gender or PRONOUNS.get(word) or OBLIQUE_PRONOUNS.get(word), exclude)
        if is_title(tok.text, i == 0) and (oblique or is_nominative_title(tok.text)):
            return resolve_title(ctx, toks[i:], pos, gender, exclude)
    for m in found:
        before = [t for t in toks if t.end <= m.start and is_word(t)]
        if all(first_pos(low(t.text)) in _VERBAL for t in before) and not _owned_by_title(ctx, toks, m):
            return _agreeing(ctx, m.person, gender)  # «— сказал Кикнадзе»: NER's case is a guess here
    return None


def statement_owner(ctx: Context, toks: Sequence[Span]) -> int | None:
    """«говорится в заявлении гособвинителя Тома Эллиса»: the named person whose statement it is."""
    for i, tok in enumerate(toks):
        if lemma_of(low(tok.text)) in STATEMENT_NOUNS:
            rest = [t for t in toks[i + 1 :] if t.text not in (",", ".")][:6]
            for m in mentions_over(ctx, rest):
                if not _owned_by_title(ctx, rest, m):
                    return m.person
            return None
    return None


def _agreeing(ctx: Context, person: int, gender: str | None) -> int | None:
    """``person`` if the verb's gender allows, else a namesake of the right gender («добавила Лебедева»); a
    gender NER only guessed for a foreign name («Десислава Танева») does not rule a person out."""
    persons = ctx.people.persons
    if compatible(persons[person], gender):
        return person
    key = persons[person].key
    namesake = next(
        (i for i, p in enumerate(persons) if p.key == key and compatible(p, gender) and p.last), None
    )
    if namesake is not None:
        return namesake
    return person if name_gender(persons[person]) in (None, gender) else None


def _after_preposition(ctx: Context, toks: Sequence[Span], mention: Mention) -> bool:
    """«в беседе с Ивановым»: a name governed by a preposition is not a subject."""
    before = [t for t in toks if t.end <= mention.start]
    return bool(before) and first_pos(low(before[-1].text)) == "PREP"


def _owned_by_title(ctx: Context, toks: Sequence[Span], mention: Mention) -> bool:
    """«адвокат Сомова», «менеджер Лии Доусон»: a title followed by a name in another case is someone else."""
    before = [t for t in toks if t.end <= mention.start]
    if not before or not is_person_noun(before[-1].text):
        return False
    if not is_nominative(mention):
        return not is_person_noun(before[-1].text, mention.case)
    last = ctx.people.persons[mention.person].last or ""
    inflected = (
        fold_yo(mention.text.split()[-1].lower()) != fold_yo(last.split()[-1].lower()) if last else False
    )
    return (
        inflected and is_person_noun(before[-1].text, "nomn") and not is_person_noun(before[-1].text, "gent")
    )


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
    """Subject of the speech verb at token ``j``: the nearest nominative name, pronoun or title before it.

    Names in oblique cases and asides are passed over: «Иван Петров, советник губернатора Олега Сидорова,
    заявил», «Вера Сомова (мать 12-летней девочки) сообщила», «X, сославшись на слова Y, сообщил». A name
    that does not decline, right before the verb, is its subject whatever case NER guessed («Биби ответила»).
    """
    toks = sent.tokens
    skip = _asides(toks, j)
    for i in range(j - 1, -1, -1):
        tok = toks[i]
        if i in skip or ctx.doc.is_quoted(tok) or ctx.is_claimed(tok.start, tok.end):
            continue
        found = mentions_over(ctx, [tok])
        if not found and i == j - 1 and _thing_subject(low(tok.text), gender):
            return None  # «суд оправдал его по делу о «…»»: the subject is no person
        if found:
            m = found[0]
            adjacent = m.end == toks[j - 1].end and not _declines_by_form(ctx, m)
            owned = _owned_by_title(ctx, toks[: i + 1], m) or _owned_by_institution(ctx, toks, m)
            if (is_nominative(m) or adjacent) and not owned:
                person = _agreeing(ctx, m.person, gender)
                if person is not None:
                    return person
            continue
        word = low(tok.text)
        if word in PRONOUNS:
            return antecedent(ctx, tok.start, gender or PRONOUNS[word], set())
        if word in _THE_LATTER:
            subjects = {m.person for m in mentions_over(ctx, toks[:i]) if is_nominative(m)}
            return antecedent(ctx, tok.start, gender or _THE_LATTER[word], subjects)
        if is_nominative_title(tok.text) and not (i > 0 and low(toks[i - 1].text) in ("по", "со", "с")):
            named = _apposed_name(ctx, toks, i, gender)
            related = i > 0 and low(toks[i - 1].text) in _POSSESSIVE
            if named is not None:
                return named
            return resolve_title(ctx, toks[i:j], tok.start, gender, set(), related)
    return None


def _owned_by_institution(ctx: Context, toks: Sequence[Span], mention: Mention) -> bool:
    """«представитель партии Цвангираи»: a bare surname that shows no case, after «title + noun in the
    genitive», names the owner of the institution, not the speaker."""
    before = [t for t in toks if t.end <= mention.start and is_word(t)]
    if len(before) < 2 or len(mention.text.split()) > 1 or _declines_by_form(ctx, mention):
        return False
    return (
        is_person_noun(before[-2].text)
        and not before[-1].text[:1].isupper()
        and genitive_noun(low(before[-1].text))
    )


@lru_cache(maxsize=50_000)
def _thing_subject(word: str, gender: str | None) -> bool:
    """A noun that is no person, in the nominative, agreeing with the verb: «суд», «Кремль», «ведомство»."""
    found = parses(word)
    if not found or not morph().word_is_known(word):
        return False
    p = found[0]
    return (
        p.tag.POS == "NOUN"
        and p.tag.case == "nomn"
        and "inan" in p.tag
        and p.tag.number == "sing"
        and (gender is None or p.tag.gender == gender)
    )


def _apposed_name(ctx: Context, toks: Sequence[Span], i: int, gender: str | None) -> int | None:
    """«Тайсон Фьюри, чемпион мира, признался», «Бардо, известная как активистка …, заявила»: a title in a
    comma-delimited apposition describes the name before the comma."""
    comma = next((k for k in range(i - 1, -1, -1) if toks[k].text == ","), None)
    if comma is None or comma == 0:
        return None
    for m in mentions_over(ctx, [toks[comma - 1]]):
        if is_nominative(m) and m.end == toks[comma - 1].end:
            return _agreeing(ctx, m.person, gender)
    return None


def _asides(toks: Sequence[Span], j: int) -> set[int]:
    """Token indices before ``j`` inside brackets or in a comma-delimited participial, gerund or relative
    phrase."""
    skip: set[int] = set()
    depth = 0
    for i, tok in enumerate(toks[:j]):
        if tok.text == "(":
            depth += 1
        if depth:
            skip.add(i)
        if tok.text == ")":
            depth = max(0, depth - 1)
    commas = [i for i, t in enumerate(toks[:j]) if t.text == ","]
    for a, b in zip(commas, commas[1:], strict=False):  # not the last segment: the verb's own clause
        if _opens_aside(low(toks[a + 1].text)):
            skip.update(range(a, b))
    return skip


@lru_cache(maxsize=50_000)
def _opens_aside(word: str) -> bool:
    return word in RELATIVE or first_pos(word) in ("GRND", "PRTF")


def _declines_by_form(ctx: Context, mention: Mention) -> bool:
    """Does the mention's surname show its case by its ending (so NER's case reading can be trusted)?"""
    person = ctx.people.persons[mention.person]
    return surname_declines(fold_yo((person.last or mention.text).split()[-1].lower()), person.gender)


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


def phrase_after(ctx: Context, toks: Sequence[Span]) -> list[Span]:
    """The subject phrase after a speech verb: up to a clause boundary or the next finite verb («— сказал он
    и ушёл»)."""
    out: list[Span] = []
    for tok in until_comma(ctx, toks):
        if out and is_word(tok) and first_pos(low(tok.text)) == "VERB" and not ctx.doc.is_quoted(tok):
            break
        out.append(tok)
    return out
