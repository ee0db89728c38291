"""Direct and indirect speech in Russian news, attributed to named persons.

Pipeline for one text:
1. logical paragraphs (a link-broken line is glued back), quote-mark spans per paragraph, sentences that never
   split inside a quote;
2. people (``bot.news.people``): NER mentions, nominative names, roles;
3. direct quotes: attribution after the closing mark (``», — сказал X``), inside it (``«A, — заявил X. — B»``),
   before it (``X: «…»``), continuation of the previous speaker; quoted fragments after a speech verb;
4. indirect speech per sentence: ``Об этом заявил X`` (previous sentence), ``По словам X, …``, ``Как отметил X, …``,
   ``X заявил/считает/пообещал …, что …``, ``…, заявил X``;
5. speakers: a name in the attribution, else a pronoun or a title resolved to the most recent compatible person.

Only general conventions of Russian journalism are encoded here; speech predicates are matched by lemma.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import NamedTuple

from bot.news.language import Span, fold_yo, morph, paragraph_sentences, paragraphs, parses, tokens
from bot.news.people import Mention, People, Person, find_people, is_person_noun, role_head
from bot.news.quotemarks import Quotation as QSpan
from bot.news.quotemarks import quotations

# ---------------------------------------------------------------- vocabulary

SPEECH_LEMMAS: frozenset[str] = frozenset(
    """
    заявить заявлять сказать говорить отметить отмечать подчеркнуть подчеркивать сообщить сообщать
    рассказать рассказывать добавить добавлять пояснить пояснять напомнить напоминать считать надеяться
    заметить замечать указать указывать уточнить уточнять признать признавать признаться объяснить объяснять
    ответить отвечать констатировать резюмировать намекнуть намекать утверждать заверить заверять подтвердить
    подтверждать пообещать обещать посоветовать советовать призвать призывать полагать уверять сетовать
    посетовать пожаловаться жаловаться возразить возражать парировать написать писать предупредить
    предупреждать убеждать убедить подытожить констатировать допустить предположить предполагать опасаться
    уверенный убежденный комментировать прокомментировать
    """.split()
)
# Verbs whose complement is an infinitive clause («пообещал снизить …», «посоветовала не спешить»).
_INFINITIVE_LEMMAS = frozenset("пообещать обещать посоветовать советовать призвать призывать".split())
# Verbs that only introduce someone else's words: «— приводит ТАСС слова Кудрина», «цитирует РБК».
_REPORT_LEMMAS = frozenset("цитировать процитировать приводить привести передавать передать".split())
# Verbs that mark a quoted fragment: «назвав его «…»».
_FRAGMENT_LEMMAS = frozenset("назвать называть охарактеризовать".split())
# Verb + noun predicates: «выразил надежду, что», «обратила внимание на то, что».
_PHRASE_PREDICATES: dict[str, frozenset[str]] = {
    "выразить": frozenset("надежда уверенность мнение сожаление опасение озабоченность сомнение".split()),
    "высказать": frozenset("мнение предположение уверенность надежда опасение".split()),
    "обратить": frozenset({"внимание"}),
    "дать": frozenset({"понять"}),
    "сделать": frozenset({"вывод"}),
}
_PHRASE_VERBS = frozenset(_PHRASE_PREDICATES)
_ACCORDING_NOUNS = frozenset("слово мнение данные оценка утверждение признание убеждение".split())
_WH_WORDS = frozenset(
    "как какой какая какое какие каких каким каков почему зачем где куда откуда когда сколько чего кто "
    "чем кому ли насколько".split()
)
# Anim nouns that name an unnamed source; they never resolve to a person of the article.
_UNNAMED = frozenset(
    """
    представитель сотрудник источник человек житель жительница участник участница очевидец пользователь
    мужчина женщина сосед соседка прохожий пострадавший водитель пассажир ребенок мать отец сын дочь брат
    сестра муж жена друг подруга знакомый знакомая родственник родственница гражданин гражданка господин
    госпожа
    """.split()
)
# Unnamed people a later «он/она» may refer to («33-летний мужчина вышел … . Он сообщил, что …»).
_BYSTANDERS = frozenset(
    """
    мужчина женщина житель жительница очевидец прохожий пострадавший пострадавшая водитель пассажир
    пассажирка гражданин гражданка человек сосед соседка девушка парень подросток пенсионер пенсионерка
    """.split()
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
_PRONOUNS = {"он": "masc", "она": "femn"}
_OBLIQUE_PRONOUNS = {"его": "masc", "ее": "femn", "её": "femn", "него": "masc", "нее": "femn", "неё": "femn"}
_DASHES = "-–—"
_OPEN_MARKS = "«„"
_TERMINAL = ".!?…"
_CONTRAST = frozenset({"но", "однако", "а"})


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str  # fullest nominative name in the article
    role: str | None  # e.g. "губернатор Ленинградской области"
    text: str  # == source_text[start:end], quote marks excluded
    kind: str  # "direct" | "indirect"
    start: int
    end: int


# ---------------------------------------------------------------- text structure


class Tok(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    quoted: bool  # inside a top-level quotation


_new_tok = partial(tuple.__new__, Tok)  # a few times cheaper than Tok(...): one per word of every article


@dataclass(slots=True)
class Sent:
    start: int
    end: int
    para: int
    toks: list[Tok]
    heading: bool = False


def _is_heading(para: Span) -> bool:
    """Headline and caption lines: no final punctuation, or written in capitals."""
    body = para.text.rstrip()
    letters = [c for c in body if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return bool(body) and body[-1] not in _TERMINAL + '»"”“' and len(body.split()) <= 25


def _sentences(text: str, paras: list[Span], qspans: list[list[QSpan]]) -> list[Sent]:
    result: list[Sent] = []
    for pi, (para, spans) in enumerate(zip(paras, qspans, strict=True)):
        heading = _is_heading(para)
        for sent in paragraph_sentences(text, para, spans):
            result.append(Sent(sent.start, sent.end, pi, _tokens(text, sent.start, sent.end, spans), heading))
    return result


def _tokens(text: str, start: int, end: int, spans: list[QSpan]) -> list[Tok]:
    inside = [q for q in spans if q.start < end and start < q.end]
    toks: list[Tok] = []
    for t in tokens(text[start:end]):
        a, b = start + t.start, start + t.end
        quoted = bool(inside) and any(q.start <= a and b <= q.end for q in inside)
        toks.append(_new_tok((a, b, t.text, _low(t.text), quoted)))
    return toks


@lru_cache(maxsize=100_000)
def _low(word: str) -> str:
    return fold_yo(word.lower())


# ---------------------------------------------------------------- word analysis (cached)


@lru_cache(maxsize=100_000)
def speech_lemma(low: str) -> str | None:
    """Lemma of a speech predicate (verb, gerund or short adjective like «уверен»), matched by lemma."""
    if low not in _known_forms():
        return None
    for p in parses(low):
        if p.tag.POS in ("VERB", "GRND", "INFN", "ADJS") and fold_yo(p.normal_form) in SPEECH_LEMMAS:
            return fold_yo(p.normal_form)
    return None


@lru_cache(maxsize=1)
def _known_forms() -> frozenset[str]:
    """Every inflected form of every predicate lemma we match: a set lookup spares pymorphy most words.

    Matching itself is still by lemma (pymorphy parses of the word); this is only a fast pre-filter.
    """
    forms: set[str] = set()
    for lemma in SPEECH_LEMMAS | _REPORT_LEMMAS | _FRAGMENT_LEMMAS | _PHRASE_VERBS:
        for parse in parses(lemma):
            if fold_yo(parse.normal_form) == lemma:
                forms.update(fold_yo(f.word) for f in parse.lexeme)
    return frozenset(forms)


@lru_cache(maxsize=100_000)
def _verb_lemma(low: str, lemmas: frozenset[str]) -> str | None:
    if low not in _known_forms():
        return None
    for p in parses(low):
        if p.tag.POS in ("VERB", "GRND", "INFN") and fold_yo(p.normal_form) in lemmas:
            return fold_yo(p.normal_form)
    return None


@lru_cache(maxsize=100_000)
def _agreement(low: str) -> tuple[str | None, bool, str | None]:
    """(gender, plural, POS) of a verb form: «заявила» -> ("femn", False, "VERB")."""
    for p in parses(low):
        if p.tag.POS in ("VERB", "GRND", "INFN", "ADJS"):
            gender = str(p.tag.gender) if p.tag.gender in ("masc", "femn", "neut") else None
            return gender, p.tag.number == "plur", str(p.tag.POS)
    return None, False, None


@lru_cache(maxsize=100_000)
def _first_or_second_person(low: str) -> bool:
    """«обещаю», «считаем»: the speaker is the writer (or a lost quotation), not a third person."""
    found = [p for p in parses(low) if p.tag.POS == "VERB"]
    return bool(found) and all(p.tag.person in ("1per", "2per") for p in found)


@lru_cache(maxsize=100_000)
def _pos_set(low: str) -> frozenset[str]:
    return frozenset(str(p.tag.POS) for p in parses(low) if p.tag.POS)


@lru_cache(maxsize=100_000)
def _lemma(low: str) -> str:
    found = parses(low)
    return fold_yo(found[0].normal_form) if found else low


@lru_cache(maxsize=100_000)
def _title_noun(word: str) -> bool:
    """A singular common noun for a person that may stand for a named one («мэр», «глава МИД»).

    Capitalised words are left out (sentence-initial titles are checked lower-cased by the caller), and so are
    words pymorphy only guesses («Росстата» is not a person).
    """
    low = fold_yo(word.lower())
    if not word[:1].islower() or not morph().word_is_known(low.rsplit("-", 1)[-1]):
        return False
    if not is_person_noun(word) or _lemma(low) in _UNNAMED:
        return False
    return any(p.tag.POS == "NOUN" and p.tag.number == "sing" and "anim" in p.tag for p in parses(low))


@lru_cache(maxsize=100_000)
def _nominative_title(word: str) -> bool:
    low = fold_yo(word.lower())
    return _title_noun(word) and any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" and "anim" in p.tag
        for p in parses(low)
    )


def _is_word(tok: Tok) -> bool:
    return tok.text[:1].isalnum()


# ---------------------------------------------------------------- context


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    person: int
    para: int


@dataclass(slots=True)
class _Ctx:
    text: str
    sents: list[Sent]
    find_people: Callable[[], People]  # NER is the costly step: run only when an attribution needs a name
    qspans: list[QSpan]
    _people: People | None = None
    found: list[_Found] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)
    events: list[tuple[int, int]] = field(default_factory=list)  # (position, person) antecedents
    used_quotes: set[int] = field(default_factory=set)  # QSpan.open of quotes already emitted/consumed
    inherited: dict[int, int] = field(default_factory=dict)  # token start -> person (coordinated verbs)

    @property
    def people(self) -> People:
        if self._people is None:
            self._people = self.find_people()
        return self._people

    def is_claimed(self, a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in self.claimed)

    def emit(self, start: int, end: int, kind: str, person: int, para: int) -> None:
        start, end = _trim(self.text, start, end)
        if end - start < 2 or self.is_claimed(start, end):
            return
        self.found.append(_Found(start, end, kind, person, para))
        self.claimed.append((start, end))

    def add_event(self, pos: int, person: int) -> None:
        self.events.append((pos, person))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, a trailing period/comma and dangling dashes from a span."""
    while start < end and (text[start].isspace() or text[start] in _DASHES + ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:" + _DASHES):
        end -= 1
    return start, end


# ---------------------------------------------------------------- speaker resolution


def _mentions_over(ctx: _Ctx, toks: Sequence[Tok]) -> list[Mention]:
    """Mentions overlapping ``toks``, in text order."""
    if not toks:
        return []
    a, b = toks[0].start, toks[-1].end
    return [m for m in ctx.people.mentions if m.start < b and a < m.end]


def _speaker_in(
    ctx: _Ctx, toks: Sequence[Tok], pos: int, gender: str | None, oblique: bool, exclude: Container[int]
) -> int | None:
    """The person an attribution phrase names: a name, else a pronoun, else a title."""
    found = _mentions_over(ctx, toks)
    if found:
        nominative = [m.person for m in found if m.case in (None, "nomn")]
        if nominative:
            return nominative[0]
        return None if _possessed_by(ctx, toks, found[0]) else found[0].person
    for i, tok in enumerate(toks):
        if tok.low in _PRONOUNS or (oblique and tok.low in _OBLIQUE_PRONOUNS):
            sex = _PRONOUNS.get(tok.low) or _OBLIQUE_PRONOUNS.get(tok.low)
            return _antecedent(ctx, pos, gender or sex, exclude)
        if _title_noun(tok.low if i == 0 else tok.text):
            return _title_antecedent(ctx, toks[i:], pos, gender, exclude)
    return None


def _possessed_by(ctx: _Ctx, toks: Sequence[Tok], mention: Mention) -> bool:
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


def _compatible(person: Person, gender: str | None) -> bool:
    return gender is None or person.gender is None or person.gender == gender


def _antecedent(ctx: _Ctx, pos: int, gender: str | None, exclude: Container[int]) -> int | None:
    """Most recent compatible person before ``pos``; people named outside quoted speech come first."""
    events = sorted((e for e in _all_events(ctx) if e[0] < pos), reverse=True)
    for outside_only in (True, False):
        for epos, person in events:
            if person in exclude or not _compatible(ctx.people.persons[person], gender):
                continue
            if outside_only and ctx.is_claimed(epos, epos + 1):
                continue
            if _unnamed_between(ctx, epos, pos, gender):
                return None
            return _prefer_subject(ctx, epos, person, gender, exclude)
    return None


def _unnamed_between(ctx: _Ctx, a: int, b: int, gender: str | None) -> bool:
    """«33-летний мужчина … . Он сообщил, что …»: an unnamed person introduced after the candidate wins «он»."""
    for sent in ctx.sents:
        if sent.end <= a or sent.start >= b:
            continue
        for tok in sent.toks:
            if a < tok.start < b and not tok.quoted and _unnamed_subject(tok.low, gender):
                return True
    return False


@lru_cache(maxsize=50_000)
def _unnamed_subject(low: str, gender: str | None) -> bool:
    for p in parses(low):
        if p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" and "anim" in p.tag:
            if fold_yo(p.normal_form) in _BYSTANDERS and (gender is None or p.tag.gender == gender or "Ms-f" in p.tag):
                return True
    return False


def _prefer_subject(ctx: _Ctx, epos: int, person: int, gender: str | None, exclude: Container[int]) -> int:
    """Within the sentence of the found antecedent, a compatible person named in the nominative wins."""
    sent = next((s for s in ctx.sents if s.start <= epos < s.end), None)
    if sent is None:
        return person
    for m in ctx.people.mentions:
        if sent.start <= m.start <= epos and m.case == "nomn" and m.person not in exclude:
            if _compatible(ctx.people.persons[m.person], gender) and not ctx.is_claimed(m.start, m.end):
                return m.person
    return person


def _all_events(ctx: _Ctx) -> Iterable[tuple[int, int]]:
    yield from ((m.start, m.person) for m in ctx.people.mentions)
    yield from ctx.events


_COMPOUND_TITLES: dict[str, frozenset[str]] = {
    "государство": frozenset({"президент"}),
    "страна": frozenset({"президент"}),
    "правительство": frozenset({"премьер-министр", "премьер", "председатель"}),
    "кабмин": frozenset({"премьер-министр", "премьер", "председатель"}),
}


def _title_antecedent(
    ctx: _Ctx, title: Sequence[Tok], pos: int, gender: str | None, exclude: Container[int]
) -> int | None:
    """The person a title stands for: the most recent one whose role has the same head noun (or a synonym),
    else the most recent compatible person."""
    words = [_lemma(t.low) for t in title[:4] if _is_word(t)]
    if not words:
        return None
    wanted = _wanted_roles(words)
    matching: list[tuple[int, int]] = []
    for epos, person in _all_events(ctx):
        p = ctx.people.persons[person]
        if epos < pos and person not in exclude and p.role and _compatible(p, gender):
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
    return _antecedent(ctx, pos, gender, exclude)


def _recent_speaker(ctx: _Ctx, pos: int, gender: str | None, exclude: Container[int]) -> _Found | None:
    """The speaker of the last quote when it is in this or the previous paragraph."""
    sent = _sent_of(ctx, pos)
    last = next((f for f in reversed(ctx.found) if f.start < pos), None)
    if sent is None or last is None or last.para < sent.para - 1 or last.person in exclude:
        return None
    return last if _compatible(ctx.people.persons[last.person], gender) else None


def _wanted_roles(words: list[str]) -> frozenset[str]:
    """Role heads a title may refer to: «глава государства» -> президент, «лидер» -> лидер, глава, …"""
    head = words[0]
    if head == "глава":
        for dep in words[1:]:
            if dep in _COMPOUND_TITLES:
                return _COMPOUND_TITLES[dep]
    return frozenset({head}) | _TITLE_SYNONYMS.get(head, frozenset())


class _QuotedPeople:
    """People named inside a quote rarely are its speaker; worked out (NER) only when a candidate is checked."""

    __slots__ = ("_ctx", "_start", "_end", "_found")

    def __init__(self, ctx: _Ctx, start: int, end: int) -> None:
        self._ctx, self._start, self._end = ctx, start, end
        self._found: set[int] | None = None

    def __contains__(self, person: object) -> bool:
        if self._found is None:
            a, b = self._start, self._end
            self._found = {m.person for m in self._ctx.people.mentions if a <= m.start and m.end <= b}
        return person in self._found


def _quoted_people(ctx: _Ctx, start: int, end: int) -> Container[int]:
    return _QuotedPeople(ctx, start, end)


def _subject_before(ctx: _Ctx, sent: Sent, j: int, gender: str | None) -> int | None:
    """Subject of the speech verb at token ``j``: the nearest nominative name, pronoun or title before it."""
    for i in range(j - 1, -1, -1):
        tok = sent.toks[i]
        if tok.quoted or ctx.is_claimed(tok.start, tok.end):
            continue
        found = _mentions_over(ctx, [tok])
        if found:
            if _possessed_by(ctx, sent.toks[: i + 1], found[0]):
                return None
            if found[0].case in (None, "nomn"):
                return found[0].person
            continue
        if tok.low in _PRONOUNS:
            return _antecedent(ctx, tok.start, gender or _PRONOUNS[tok.low], set())
        if _nominative_title(tok.low if i == 0 else tok.text) and not (
            i > 0 and sent.toks[i - 1].low in ("по", "со", "с")
        ):
            return _title_antecedent(ctx, sent.toks[i:j], tok.start, gender, set())
    return None


# ---------------------------------------------------------------- direct speech


def _sent_of(ctx: _Ctx, pos: int) -> Sent | None:
    return next((s for s in ctx.sents if s.start <= pos < s.end), None)


def _toks_between(sent: Sent, a: int, b: int) -> list[Tok]:
    return [t for t in sent.toks if t.start >= a and t.end <= b]


def _first_speech(toks: Sequence[Tok], limit: int, report: bool) -> Tok | None:
    lemmas = SPEECH_LEMMAS | _REPORT_LEMMAS if report else SPEECH_LEMMAS
    for tok in [t for t in toks if _is_word(t)][:limit]:
        if speech_lemma(tok.low) or (report and _verb_lemma(tok.low, lemmas)):
            return tok
    return None


def _attribution(
    ctx: _Ctx, sent: Sent, a: int, b: int, exclude: Container[int], skip_quoted: bool = False
) -> int | None:
    """Speaker of an attribution clause text[a:b] that starts with (or soon has) a speech verb."""
    toks = _relative_cut([t for t in _toks_between(sent, a, b) if not (skip_quoted and t.quoted)])
    verb = _first_speech(toks, 4, report=True) or _leading_verb(toks)
    if verb is None:
        return None
    gender, plural, _ = _agreement(verb.low)
    if plural:
        return None
    oblique = _verb_lemma(verb.low, _REPORT_LEMMAS) is not None
    return _speaker_in(ctx, toks, a, gender, oblique, exclude)


def _leading_verb(toks: Sequence[Tok]) -> Tok | None:
    """Any finite verb opening an attribution after a dash («», — пошутил министр»)."""
    for tok in [t for t in toks if _is_word(t)][:2]:
        found = parses(tok.low)
        if found and found[0].tag.POS == "VERB" and found[0].tag.mood == "indc":
            return tok
    return None


_RELATIVE = frozenset(
    "который которая которое которые которого которой которым которому которых когда где".split()
)


def _relative_cut(toks: list[Tok]) -> list[Tok]:
    """Drop a relative clause from an attribution («сказал X, когда его спросили о Y»)."""
    for i in range(1, len(toks) - 1):
        if toks[i].text == "," and toks[i + 1].low in _RELATIVE:
            return toks[:i]
    return toks


def _direct(ctx: _Ctx, sent: Sent, q: QSpan, prev: _Found | None) -> None:
    if q.open in ctx.used_quotes:
        return
    exclude = _quoted_people(ctx, q.start, q.end)
    if _split_inside(ctx, sent, q, exclude):
        return
    end_mark = q.close if q.close >= 0 else q.end
    after = _after_close(ctx, sent, q, end_mark, exclude)
    if after is not None:
        person, cont = after
        _emit_direct(ctx, q.start, q.end, person, sent, end_mark)
        if cont is not None:
            _emit_direct(ctx, cont.start, cont.end, person, sent, cont.open)
            ctx.used_quotes.add(cont.open)
        return
    person = _colon_intro(ctx, sent, q, exclude)
    if person is None:
        person = _continuation(ctx, sent, q, prev)
    if person is not None:
        _emit_direct(ctx, q.start, q.end, person, sent, q.open)


def _emit_direct(ctx: _Ctx, start: int, end: int, person: int, sent: Sent, at: int) -> None:
    ctx.emit(start, end, "direct", person, sent.para)
    ctx.add_event(at, person)


def _after_close(
    ctx: _Ctx, sent: Sent, q: QSpan, end_mark: int, exclude: Container[int]
) -> tuple[int, QSpan | None] | None:
    """«…», — сказал X[. — «…»]: the speaker and a continuation quote after the attribution."""
    rest = ctx.text[end_mark + 1 : sent.end]
    m = re.match(r"\s*[,.!?…]?\s*[-–—]\s*", rest)
    if q.close < 0 or not m:
        return None
    a = end_mark + 1 + m.end()
    para_end = max(s.end for s in ctx.sents if s.para == sent.para)
    nxt = next((o for o in ctx.qspans if a <= o.open < para_end), None)
    gap = ctx.text[a : nxt.open] if nxt else ""
    cont = nxt if nxt and re.search(r"^[^.!?…]*[,.!?…]\s*[-–—]\s*$", gap) else None
    person = _attribution(ctx, sent, a, cont.open if cont else sent.end, exclude, skip_quoted=True)
    return None if person is None else (person, cont)


def _split_inside(ctx: _Ctx, sent: Sent, q: QSpan, exclude: Container[int]) -> bool:
    """«A, — заявил X. — B»: one quotation interrupted by its attribution."""
    content = ctx.text[q.start : q.end]
    for m in re.finditer(r"([,.!?…])\s*[-–—]\s+", content):
        a = q.start + m.end()
        resume = re.search(r"[,.]\s*[-–—]\s+", content[m.end() :])
        b = a + resume.start() if resume else q.end
        person = _attribution(ctx, sent, a, b, exclude)
        if person is None:
            continue
        first_end = q.start + m.start() + (0 if m.group(1) == "," else 1)
        _emit_direct(ctx, q.start, first_end, person, sent, a)
        if resume:
            ctx.emit(a + resume.end(), q.end, "direct", person, sent.para)
        return True
    return False


def _colon_intro(ctx: _Ctx, sent: Sent, q: QSpan, exclude: Container[int]) -> int | None:
    """X добавил: «…» (or just «X: «…»»)."""
    lead = ctx.text[sent.start : q.open].rstrip()
    if not lead.endswith(":"):
        return None
    last_close = max((o.close for o in ctx.qspans if sent.start <= o.close < q.open), default=sent.start - 1)
    toks = [t for t in _toks_between(sent, last_close + 1, q.open) if t.text != ":" and not t.quoted]
    verb = _first_speech(toks, 12, report=False)
    if verb is None and len([t for t in toks if _is_word(t)]) > 4:
        return None
    gender = _agreement(verb.low)[0] if verb else None
    if verb and _agreement(verb.low)[1]:
        return None
    return _speaker_in(ctx, toks, q.open, gender, False, exclude)


def _continuation(ctx: _Ctx, sent: Sent, q: QSpan, prev: _Found | None) -> int | None:
    """A quotation with no attribution right after a quotation of X continues X."""
    if prev is None or prev.kind != "direct" or q.close < 0:
        return None
    gap = ctx.text[prev.end : q.open]
    same_para_dash = prev.para == sent.para and re.search(r"[-–—]\s*$", gap)
    para_start = q.open == _para_start(ctx, sent)
    next_para = para_start and sent.para == prev.para + 1 and _quote_fills(ctx, sent, q)
    if not (same_para_dash or next_para):
        return None
    if len(ctx.text[q.start : q.end].split()) < 3:
        return None
    return prev.person


def _para_start(ctx: _Ctx, sent: Sent) -> int:
    return min(s.start for s in ctx.sents if s.para == sent.para)


def _quote_fills(ctx: _Ctx, sent: Sent, q: QSpan) -> bool:
    end = max(s.end for s in ctx.sents if s.para == sent.para)
    return q.close >= 0 and len(ctx.text[q.close + 1 : end].strip(" .,!?…")) == 0


def _fragments(ctx: _Ctx, sent: Sent) -> None:
    """Quoted words inside a sentence after a speech verb («назвав его «…»») or before «по выражению X»."""
    for q in [o for o in ctx.qspans if sent.start <= o.open < sent.end and o.close >= 0]:
        if q.open in ctx.used_quotes or ctx.is_claimed(q.start, q.end):
            continue
        content = ctx.text[q.start : q.end].strip()
        if not content or not content[0].islower():
            continue
        person = _fragment_speaker(ctx, sent, q)
        if person is not None:
            ctx.emit(q.start, q.end, "direct", person, sent.para)


def _fragment_speaker(ctx: _Ctx, sent: Sent, q: QSpan) -> int | None:
    after = [t for t in sent.toks if t.start > q.close]
    if (
        len(after) > 3
        and after[0].text == ","
        and after[1].low == "по"
        and _lemma(after[2].low) == "выражение"
    ):
        phrase = _until_comma(after[3:])
        return _speaker_in(ctx, phrase, q.open, None, True, set())
    before = [t for t in sent.toks if t.end <= q.open]
    for j in range(len(before) - 1, -1, -1):
        tok = before[j]
        if tok.quoted:
            return None
        lemma = speech_lemma(tok.low) or _verb_lemma(tok.low, _FRAGMENT_LEMMAS)
        if lemma and not _agreement(tok.low)[1]:
            return _subject_before(ctx, sent, j, _agreement(tok.low)[0])
    return None


def _until_comma(toks: Sequence[Tok]) -> list[Tok]:
    out: list[Tok] = []
    for tok in toks:
        if tok.text in (",", ".", ";", ":") and not tok.quoted:
            break
        out.append(tok)
    return out


# ---------------------------------------------------------------- indirect speech


def _anaphoric_target(ctx: _Ctx, si: int) -> int | None:
    """«… . Об этом заявил X.»: index of the sentence the «об этом» refers to."""
    words = [t for t in ctx.sents[si].toks if _is_word(t)]
    if len(words) < 3 or words[0].low not in ("об", "о") or words[1].low != "этом":
        return None
    verb = _first_speech(words[2:], 4, report=False)
    if verb is None or not _names_someone(ctx, [t for t in words[2:] if t is not verb]):
        return None
    prev = si - 1
    if prev < 0 or ctx.sents[prev].heading:
        return None
    return prev


def _names_someone(ctx: _Ctx, toks: Sequence[Tok]) -> bool:
    """Cheap check (before resolution) that a phrase refers to a person at all."""
    return bool(_mentions_over(ctx, toks)) or any(t.low in _PRONOUNS or _title_noun(t.low) for t in toks)


def _anaphoric(ctx: _Ctx, si: int, target: int) -> bool:
    sent, quote = ctx.sents[si], ctx.sents[target]
    words = [t for t in sent.toks if _is_word(t)]
    verb = _first_speech(words[2:], 4, report=False)
    if verb is None:
        return False
    gender, plural, _ = _agreement(verb.low)
    phrase = _relative_cut([t for t in sent.toks if t.start >= words[2].start and t is not verb])
    person = None if plural else _speaker_in(ctx, phrase, sent.start, gender, False, set())
    if person is None:
        return False
    _emit_clause(ctx, quote, quote.start, quote.end, person)
    ctx.add_event(verb.start, person)
    return True


def _emit_clause(ctx: _Ctx, sent: Sent, a: int, b: int, person: int) -> None:
    """An indirect clause; when it is exactly one quotation, its content as direct speech."""
    a, b = _trim(ctx.text, a, b)
    for q in ctx.qspans:
        if q.open == a and q.close == b - 1:
            ctx.emit(q.start, q.end, "direct", person, sent.para)
            ctx.used_quotes.add(q.open)
            return
    if len([t for t in _toks_between(sent, a, b) if _is_word(t)]) >= 2:
        ctx.emit(a, b, "indirect", person, sent.para)


def _according_to(ctx: _Ctx, sent: Sent) -> bool:
    """По словам / мнению X, … — only at the start of a sentence (after at most a connective)."""
    toks = sent.toks
    for i in range(min(5, len(toks) - 3)):
        if toks[i].low != "по":
            continue
        if _lemma(toks[i + 1].low) in _ACCORDING_NOUNS:
            phrase, k = _until_comma(toks[i + 2 :]), i + 2
        elif toks[i + 1].low in _OBLIQUE_PRONOUNS and _lemma(toks[i + 2].low) in _ACCORDING_NOUNS:
            phrase, k = [toks[i + 1]], i + 2
        else:
            return False
        if any(_pos_set(t.low) & {"VERB", "NOUN", "ADJF", "NPRO"} for t in toks[:i] if _is_word(t)):
            return False  # «Клуб, по его словам, …» is a clause of its own, not a lead-in
        person = _speaker_in(ctx, phrase, toks[i].start, None, True, set())
        rest = _after_comma(toks, k)
        if rest is not None and _starts_relative(toks, rest):
            rest = _after_comma(toks, next(n for n, t in enumerate(toks) if t.start >= rest))
        if person is None or rest is None:
            return False
        _emit_clause(ctx, sent, rest, sent.end, person)
        ctx.add_event(toks[i].start, person)
        return True
    return False


def _starts_relative(toks: Sequence[Tok], pos: int) -> bool:
    """«По словам X, который …, …»: the clause right after the comma still describes X."""
    nxt = next((t for t in toks if t.start >= pos), None)
    return nxt is not None and nxt.low in _RELATIVE


def _after_comma(toks: Sequence[Tok], k: int) -> int | None:
    for tok in toks[k:]:
        if tok.text == "," and not tok.quoted:
            return tok.end
    return None


def _as_said(ctx: _Ctx, sent: Sent) -> bool:
    """Как отметил X, …"""
    toks = sent.toks
    if len(toks) < 4 or toks[0].low != "как" or not speech_lemma(toks[1].low):
        return False
    gender, plural, _ = _agreement(toks[1].low)
    phrase = _until_comma(toks[2:])
    rest = _after_comma(toks, 2)
    person = None if plural else _speaker_in(ctx, phrase, toks[0].start, gender, False, set())
    if person is None or rest is None:
        return False
    _emit_clause(ctx, sent, rest, sent.end, person)
    ctx.add_event(toks[1].start, person)
    return True


def _predicate_end(toks: Sequence[Tok], j: int) -> int | None:
    """Index of the last token of a speech predicate starting at ``j`` («заявил», «выразил надежду»)."""
    tok = toks[j]
    if speech_lemma(tok.low):
        return j
    lemma = _verb_lemma(tok.low, _PHRASE_VERBS)
    if lemma and j + 1 < len(toks) and _lemma(toks[j + 1].low) in _PHRASE_PREDICATES[lemma]:
        return j + 1
    return None


def _complement_start(toks: Sequence[Tok], j: int, e: int, lemma: str | None) -> int | None:
    """Character offset where the reported clause after the predicate at ``j..e`` begins."""
    if e + 2 < len(toks) and toks[e + 1].text == ",":
        nxt = toks[e + 2]
        if nxt.low in _WH_WORDS or (
            e + 3 < len(toks) and "PREP" in _pos_set(nxt.low) and toks[e + 3].low in _WH_WORDS
        ):
            return nxt.start
    for k in range(e + 1, min(len(toks), e + 13)):
        tok = toks[k]
        if tok.quoted:
            break
        if tok.low == "что":
            return tok.end
        if tok.text == ":":
            return tok.end
        if tok.text == "," and not (k + 1 < len(toks) and toks[k + 1].low == "что"):
            break
        if k > e + 1 and "VERB" in _pos_set(tok.low) and tok.low not in ("о", "об"):
            break
    if lemma in _INFINITIVE_LEMMAS:
        for k in range(e + 1, min(len(toks), e + 6)):
            if toks[k].text == ",":
                break
            if "INFN" in _pos_set(toks[k].low):
                return toks[e + 1].start
    if (
        lemma in ("заявить", "заявлять", "сообщить", "сообщать")
        and e + 1 < len(toks)
        and toks[e + 1].low in ("о", "об")
    ):
        return toks[e + 1].start
    return None


def _complement_end(ctx: _Ctx, toks: Sequence[Tok], start: int, gender: str | None) -> tuple[int, Tok | None]:
    """End offset of a reported clause and the next coordinated speech verb, if any («…, и подчеркнул, что»)."""
    inside = [i for i, t in enumerate(toks) if t.start >= start]
    for i in inside:
        tok = toks[i]
        if tok.quoted or i + 1 >= len(toks):
            continue
        nxt = toks[i + 1]
        if tok.text == "," and not nxt.quoted:
            if speech_lemma(nxt.low) or _verb_lemma(nxt.low, _REPORT_LEMMAS):
                return tok.start, nxt if _agreement(nxt.low)[2] == "GRND" else None
            k = i + 3 if i + 2 < len(toks) and toks[i + 2].low == "не" else i + 2
            if (
                nxt.low in _CONTRAST | {"и"}
                and k < len(toks)
                and gender
                and _agreement(toks[k].low)[0] == gender
            ):
                if "VERB" in _pos_set(toks[k].low):
                    return tok.start, None
        if tok.low == "и" and i > inside[0] and speech_lemma(nxt.low) and _agreement(nxt.low)[2] == "VERB":
            return tok.start, nxt
    return toks[-1].end if toks else start, None


def _verb_clauses(ctx: _Ctx, sent: Sent) -> None:
    toks = sent.toks
    for j, tok in enumerate(toks):
        if tok.quoted or ctx.is_claimed(tok.start, tok.end):
            continue
        e = _predicate_end(toks, j)
        if e is None:
            continue
        if j > 0 and toks[j - 1].low == "не":
            continue
        if _first_or_second_person(tok.low):
            continue
        gender, plural, pos = _agreement(tok.low)
        if pos == "GRND":
            gender, plural = _main_verb_agreement(toks, j)
        if plural or pos == "INFN" or gender == "neut":
            continue
        lemma = speech_lemma(tok.low) or _verb_lemma(tok.low, _PHRASE_VERBS)
        start = _complement_start(toks, j, e, lemma)
        if start is None:
            _speaker_after(ctx, sent, j, gender)
            continue
        person = ctx.inherited.get(tok.start)
        if person is None:
            person = _subject_before(ctx, sent, j, gender)
        if person is None:
            continue
        end, nxt = _complement_end(ctx, toks, start, gender)
        _emit_clause(ctx, sent, start, end, person)
        ctx.add_event(tok.start, person)
        if nxt is not None:
            ctx.inherited[nxt.start] = person


def _main_verb_agreement(toks: Sequence[Tok], j: int) -> tuple[str | None, bool]:
    """A gerund («заявляя») takes its subject from the finite verb of the clause it hangs on."""
    for tok in [*reversed(toks[:j]), *toks[j + 1 :]]:
        found = parses(tok.low)
        if not tok.quoted and found and found[0].tag.POS == "VERB":
            gender, plural, _ = _agreement(tok.low)
            return gender, plural
    return None, False


_NOT_INTERRUPTING = frozenset({"GRND", "PRTF", "PREP", "VERB"})


def _speaker_after(ctx: _Ctx, sent: Sent, j: int, gender: str | None) -> None:
    """…, заявил X. — the clause before the verb is the quote (the whole sentence if X interrupts it)."""
    toks = sent.toks
    if j < 3 or toks[j - 1].text not in (",", *_DASHES):
        return
    k = j - 2 if toks[j - 1].text in _DASHES and toks[j - 2].text == "," else j - 1
    before = [t for t in toks[:k] if not ctx.is_claimed(t.start, t.end)]
    if len([t for t in before if _is_word(t)]) < 3 or toks[k - 1].quoted and toks[k - 1].end >= toks[k].start:
        return
    if ctx.is_claimed(toks[k - 1].start, toks[k - 1].end):
        return
    phrase = _until_comma(toks[j + 1 :])
    person = _speaker_in(ctx, _relative_cut(list(phrase)), toks[j].start, gender, False, set())
    if person is None:
        return
    end = toks[k].start
    rest = toks[j + 1 + len(phrase) :]
    if len(rest) > 4 and rest[0].text == "," and rest[1].text[:1].islower() and rest[1].low not in _RELATIVE:
        if not (_pos_set(rest[1].low) & _NOT_INTERRUPTING) and not speech_lemma(rest[1].low):
            end = sent.end
    _emit_clause(ctx, sent, before[0].start, end, person)
    ctx.add_event(toks[j].start, person)


def _indirect(ctx: _Ctx, si: int, targets: dict[int, int]) -> None:
    sent = ctx.sents[si]
    if si in targets and _anaphoric(ctx, si, targets[si]):
        return
    if _according_to(ctx, sent) or _as_said(ctx, sent):
        return
    _verb_clauses(ctx, sent)


# ---------------------------------------------------------------- entry point


def extract_quotes(text: str) -> list[Quote]:
    """Direct and indirect quotes of named persons in ``text``, in text order."""
    if not text or not text.strip():
        return []
    paras = paragraphs(text)
    qspans = [quotations(text, p.start, p.end) for p in paras]
    sents = _sentences(text, paras, qspans)
    spans = [Span(s.start, s.end, text[s.start : s.end]) for s in sents]
    ctx = _Ctx(text, sents, lambda: find_people(text, spans), [q for qs in qspans for q in qs])
    targets = {si: t for si in range(len(sents)) if (t := _anaphoric_target(ctx, si)) is not None}
    anaphoric_sources = set(targets.values())
    for si, sent in enumerate(sents):
        for q in [o for o in ctx.qspans if sent.start <= o.open < sent.end]:
            _direct(ctx, sent, q, ctx.found[-1] if ctx.found else None)
        if not sent.heading and si not in anaphoric_sources:
            _indirect(ctx, si, targets)
        elif si in targets:
            _anaphoric(ctx, si, targets[si])
        _fragments(ctx, sent)
    return [_to_quote(ctx, f) for f in sorted(ctx.found, key=lambda f: f.start)]


def _to_quote(ctx: _Ctx, found: _Found) -> Quote:
    person = ctx.people.persons[found.person]
    return Quote(
        person.name, person.role, ctx.text[found.start : found.end], found.kind, found.start, found.end
    )
