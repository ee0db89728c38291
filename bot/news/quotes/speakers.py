"""Who is speaking: a name in the attribution, else a pronoun or a title resolved to a person of the article."""

from __future__ import annotations

from collections.abc import Container, Sequence
from functools import lru_cache

from bot.news.language import WORD_RE, Span, fold_yo, parses
from bot.news.people import Mention, Person, is_person_noun, name_gender, role_head
from bot.news.quotes.context import Context, Found
from bot.news.quotes.text import Sentence, is_word, low
from bot.news.quotes.vocabulary import (
    OBLIQUE_PRONOUNS,
    PRONOUNS,
    RELATIVE,
    STATEMENT_NOUNS,
    UNNAMED,
    bystander,
    first_pos,
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
_POSSESSIVE = frozenset({"его", "ее", "их"})  # «её адвокат»: someone related to her, not her
# «…спросил у Орешкина, на что тот ответил»: «тот» is the last person named who is not the subject.
_THE_LATTER = {"тот": "masc", "та": "femn"}
_VERBAL = frozenset({"VERB", "GRND", "ADVB", "PRCL", "INFN"})
_HEADS = frozenset({"глава", "руководитель"})  # «глава правительства» is the premier


def mentions_over(ctx: Context, toks: Sequence[Span]) -> list[Mention]:
    """Mentions overlapping ``toks``, in text order."""
    if not toks:
        return []
    a, b = toks[0].start, toks[-1].end
    return [m for m in ctx.people.mentions if m.start < b and a < m.end]


def names_someone(ctx: Context, toks: Sequence[Span]) -> bool:
    """Cheap check (before resolution) that a phrase refers to a person at all."""
    if any(low(t.text) in PRONOUNS or _title_word(t.text, True) for t in toks):
        return True
    return bool(mentions_over(ctx, toks))


def is_nominative(mention: Mention) -> bool:
    return mention.case in (None, "nomn")


def speaker_in(
    ctx: Context, toks: Sequence[Span], pos: int, gender: str | None, oblique: bool, exclude: Container[int]
) -> int | None:
    """The person an attribution phrase names.

    A name in the nominative that agrees with the verb; when the phrase is the object of a report verb or of
    «по словам», a name in an oblique case («цитирует РИА Новости Чайку»); else a pronoun or a title. A name
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
        if _title_word(tok.text, i == 0) and (oblique or _nominative_title_word(tok.text, i == 0)):
            return resolve_title(ctx, toks[i:], pos, gender, exclude)
    for m in found:
        before = [t for t in toks if t.end <= m.start and is_word(t)]
        if all(first_pos(low(t.text)) in _VERBAL for t in before) and not _owned_by_title(ctx, toks, m):
            return _agreeing(ctx, m.person, gender)  # «— сказал Квирикашвили»: NER's case is a guess here
    return None


def statement_owner(ctx: Context, toks: Sequence[Span]) -> int | None:
    """«говорится в заявлении гособвинителя Дэна Паттерсона»: the named person whose statement it is."""
    for i, tok in enumerate(toks):
        if lemma_of(low(tok.text)) in STATEMENT_NOUNS:
            rest = [t for t in toks[i + 1 :] if t.text not in (",", ".")][:6]
            for m in mentions_over(ctx, rest):
                if not _owned_by_title(ctx, rest, m):
                    return m.person
            return None
    return None


def _title_word(word: str, first: bool) -> bool:
    """A common noun naming a person («мэр», «министр»; «представитель» too: it resolves by role only).
    Capitalised words count only at the start of a phrase (a sentence start)."""
    text = low(word) if first else word
    return title_noun(text) or (
        text[:1].islower() and lemma_of(low(word)) in UNNAMED and is_person_noun(word)
    )


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
    """«адвокат Навального», «менеджер Мии Фэрроу»: a title followed by a name in another case is someone else."""
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


def compatible(person: Person, gender: str | None) -> bool:
    return gender is None or person.gender is None or person.gender == gender


def antecedent(ctx: Context, pos: int, gender: str | None, exclude: Container[int]) -> int | None:
    """Most recent compatible person before ``pos``; people named outside quoted speech come first, and a name
    in an oblique case in the pronoun's own sentence is never its antecedent («письмо Путину он не посылал»)."""
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
    new), and, when nobody was named yet, the first person named later with that role («Генпрокурор … назвал … . …, заявил генеральный прокурор Юрий Чайка»). Only a role match counts
    for a title that depends on someone else («советник Трампа», «её адвокат», «пресс-секретарь губернатора»), for an
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
    last = _recent_speaker(ctx, pos, gender, exclude)
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
    """What a role can be called: «глава правительства Израиля» is also a премьер-министр."""
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


_INTERVIEWEES = frozenset({"собеседник"})


def _depends(title: Sequence[Span]) -> bool:
    """«племянник долгожителя», «адвокат Кукушкина»: a title followed by a person noun or a name in the
    genitive names someone by their relation to another person."""
    nxt = [t for t in title[1:3] if is_word(t)]
    return bool(nxt) and is_person_noun(nxt[0].text, "gent") and not is_person_noun(nxt[0].text, "nomn")


def _owners(ctx: Context, title: Sequence[Span], gender: str | None) -> set[int]:
    """People a title depends on: «советник Трампа» -> Трамп, «пресс-секретарь губернатора» -> the governor,
    «адвокат Биби сообщил» -> Биби (a name that does not agree with the verb is no apposition)."""
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
    if head in _HEADS:
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
    """Subject of the speech verb at token ``j``: the nearest nominative name, pronoun or title before it.

    Names in oblique cases and asides are passed over: «Иван Петров, советник губернатора Олега Сидорова,
    заявил», «Марина Миронова (мать 16-летнего парня) сообщила», «X, сославшись на слова Y, сообщил». A name
    that does not decline, right before the verb, is its subject whatever case NER guessed («Биби ответила»).
    """
    toks = sent.tokens
    skip = _asides(toks, j)
    for i in range(j - 1, -1, -1):
        tok = toks[i]
        if i in skip or ctx.doc.is_quoted(tok) or ctx.is_claimed(tok.start, tok.end):
            continue
        found = mentions_over(ctx, [tok])
        if found:
            m = found[0]
            adjacent = m.end == toks[j - 1].end and not _declines_by_form(ctx, m)
            if (is_nominative(m) or adjacent) and not _owned_by_title(ctx, toks[: i + 1], m):
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
        if _nominative_title_word(tok.text, i == 0) and not (
            i > 0 and low(toks[i - 1].text) in ("по", "со", "с")
        ):
            named = _apposed_name(ctx, toks, i, gender)
            related = i > 0 and low(toks[i - 1].text) in _POSSESSIVE
            if named is not None:
                return named
            return resolve_title(ctx, toks[i:j], tok.start, gender, set(), related)
    return None


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
    last = fold_yo((person.last or mention.text).split()[-1].lower())
    return (
        person.gender == "masc"
        and last[-1:] not in "аеёиоуыэюя"
        or last.endswith(("ова", "ева", "ина", "ая"))
    )


def _unnamed_title(word: str, first: bool) -> bool:
    text = low(word) if first else word
    return text[:1].islower() and lemma_of(low(word)) in UNNAMED and is_person_noun(word, "nomn")


def _nominative_title_word(word: str, first: bool) -> bool:
    """A title in the nominative; capitalised too («Об этом Президент России сообщил»)."""
    return nominative_title(low(word)) or _unnamed_title(word, True)


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
