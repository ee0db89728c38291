"""Person mentions in Russian news: natasha NER, names in the nominative, surname linking, roles.

natasha (~1.5 s to load, ~300 MB) is loaded once per process, lazily, by :func:`models`. To stay fast the
NER tagger only sees sentences that can hold a name, and the morph tagger (needed to put a name into the
nominative) only sees a few words around each PER span. Later bare or inflected surnames («Сомова»,
«Сомовой») are found by a cheap token scan against the surnames NER already knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.news.language import STOP_WORDS, Span, fold_yo, morph, parses, sentences, tokens
from bot.news.vectors import news_embedding

_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_GENDERS = {"Masc": "masc", "Fem": "femn"}
_NAME_TAGS = ("Name", "Surn", "Patr")
_CAPITALISED = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁa-zа-яё][a-zа-яё]*)*$")
_WINDOW = 4  # words of context on each side of a PER span for the morph tagger

# Russian surname inflection: oblique or feminine form -> masculine nominative (for keys only).
_SURNAME_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ского", "ский"),
    ("скому", "ский"),
    ("ским", "ский"),
    ("ском", "ский"),
    ("ская", "ский"),
    ("ской", "ский"),
    ("скую", "ский"),
    ("цкого", "цкий"),
    ("цкому", "цкий"),
    ("цким", "цкий"),
    ("цкая", "цкий"),
    ("цкой", "цкий"),
    ("цкую", "цкий"),
    ("овой", "ов"),
    ("овым", "ов"),
    ("ова", "ов"),
    ("ову", "ов"),
    ("ове", "ов"),
    ("евой", "ев"),
    ("евым", "ев"),
    ("ева", "ев"),
    ("еву", "ев"),
    ("еве", "ев"),
    ("иной", "ин"),
    ("иным", "ин"),
    ("ина", "ин"),
    ("ину", "ин"),
    ("ине", "ин"),
    ("ыной", "ын"),
    ("ыным", "ын"),
    ("ына", "ын"),
    ("ыну", "ын"),
    ("ыне", "ын"),
)
_CASE_ENDINGS = frozenset({"а", "я", "у", "ю", "ом", "ем", "ым", "им", "е", "ой", "ей", "ы", "и"})

# Words that stop the backwards walk from a name to the start of its role («министр энергетики Марина …»).
_ROLE_STOP_POS = frozenset({"VERB", "INFN", "GRND", "PRTS", "CONJ", "NPRO", "PRCL"})
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "PRED"})
_ROLE_BOUNDARY = frozenset({",", ".", ";", ":", "!", "?", "—", "–", "-", "…"})


@dataclass(slots=True)
class Mention:
    """One occurrence of a person in the text."""

    start: int
    end: int
    text: str
    person: int  # index into People.persons
    case: str | None = None  # pymorphy case of the mention («nomn», «gent», ...) when known


@dataclass(slots=True)
class Person:
    name: str  # fullest nominative form seen, e.g. «Александр Дрозденко»
    key: str  # speaker_key(name)
    first: str | None = None
    last: str | None = None
    gender: str | None = None  # "masc" | "femn" | None
    role: str | None = None
    role_nominative: bool = False
    name_from_nominative: bool = False
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class People:
    """All persons of one text and their mentions sorted by position."""

    persons: list[Person]
    mentions: list[Mention]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def person_of(self, mention: Mention) -> Person:
        return self.persons[mention.person]


# ---------------------------------------------------------------- models


@dataclass(frozen=True, slots=True)
class _Models:
    morph_vocab: Any
    morph_tagger: Any
    ner_tagger: Any


@lru_cache(maxsize=1)
def models() -> _Models:
    """natasha models, loaded on first use and shared by the whole process (search's word vectors, built after
    them, share the embedding's codes)."""
    emb = news_embedding()
    from natasha import MorphVocab, NewsMorphTagger, NewsNERTagger

    return _Models(MorphVocab(), NewsMorphTagger(emb), NewsNERTagger(emb))


# ---------------------------------------------------------------- keys


@lru_cache(maxsize=50_000)
def surname_key(word: str) -> str:
    """Masculine nominative lower-case form of a surname: «Сомовой», «Сомова» -> «сомов»."""
    low = fold_yo(word.lower().strip())
    if not low or not low[0].isalpha():
        return low
    for parse in parses(low):
        if "Surn" in parse.tag:
            return fold_yo(parse.normal_form)
    for suffix, base in _SURNAME_SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            return low[: -len(suffix)] + base
    return low


def speaker_key(name: str) -> str:
    """Lookup key of a speaker: lemmatised surname, lower case, ё -> е («Александра Дрозденко» -> «дрозденко»)."""
    words = re.findall(r"[\w-]+", name)
    return surname_key(words[-1]) if words else ""


def surname_matches(query: str, full_name: str) -> bool:
    """Does a (possibly inflected, possibly bare) surname query name the same person as ``full_name``?"""
    words = re.findall(r"[\w-]+", query)
    if not words or not full_name.strip():
        return False
    target = re.findall(r"[\w-]+", full_name)
    if len(words) > 1 and not _first_names_agree(words[0], target[0] if len(target) > 1 else None):
        return False
    return _surname_form_matches(words[-1], target[-1])


def _surname_form_matches(word: str, surname: str) -> bool:
    if surname_key(word) == surname_key(surname):
        return True
    low, base = fold_yo(word.lower()), fold_yo(surname.lower())
    if low.startswith(base) and low[len(base) :] in _CASE_ENDINGS and len(base) >= 3:
        return True
    # «Арайя» / «Арайи», «Обама» / «Обаме»: a foreign name ending in a vowel declines like a noun
    return len(base) >= 5 and base[-1] in "аяо" and low[:-1] == base[:-1] and low[-1] in "аяеиуюы"


# Surname endings only one gender's declension has (Russian -ов/-ев/-ин/-ын and -ский/-цкий surnames).
_FEMININE_FORMS = ("овой", "евой", "иной", "ыной", "ская", "цкая", "ской", "цкой", "скую", "цкую")
_MASCULINE_FORMS = (
    "овым", "евым", "иным", "ыным", "ове", "еве", "ине", "ыне", "ского", "скому", "ским", "ском", "цкого",
    "цкому", "цким", "цком", "ский", "цкий", "ов", "ев", "ин", "ын",
)


def form_genders(surname: str) -> frozenset[str]:
    """Genders a surname in this form can belong to: «Лебедевой» only a woman, «Лебедевым» only a man,
    «Лебедева» either (her nominative, his genitive)."""
    low = fold_yo(surname.lower())
    if low.endswith(_FEMININE_FORMS):
        return frozenset({"femn"})
    if low.endswith(_MASCULINE_FORMS):
        return frozenset({"masc"})
    return frozenset({"masc", "femn"})


def gender_of_name(name: str) -> str | None:
    """The gender a full name shows by its first name or its Russian surname ending; None when it does not."""
    words = name.split()
    return _gender_from_name(name, words[0] if len(words) > 1 else None)


def first_name_lemma(word: str) -> str | None:
    """The nominative of a first name pymorphy knows («Тамары» -> «Тамара»), else None."""
    low = fold_yo(word.lower())
    for parse in parses(low):
        if "Name" in parse.tag:
            lemma = fold_yo(parse.normal_form)
            return lemma[:1].upper() + lemma[1:]
    return None


def _first_names_agree(query_first: str, first: str | None) -> bool:
    if first is None:
        return True
    return _first_name_lemma(query_first) == _first_name_lemma(first)


@lru_cache(maxsize=20_000)
def _first_name_lemma(word: str) -> str:
    low = fold_yo(word.lower())
    for parse in parses(low):
        if "Name" in parse.tag:
            return fold_yo(parse.normal_form)
    return low


# ---------------------------------------------------------------- tokens


@lru_cache(maxsize=4096)
def sentence_tokens(text: str, sent: Span) -> tuple[Span, ...]:
    """Tokens of one sentence with offsets into the whole ``text``."""
    base = sent.start
    return tuple([Span(base + t.start, base + t.end, t.text) for t in tokens(sent.text)])


# ---------------------------------------------------------------- sentence filter


@lru_cache(maxsize=100_000)
def name_like(word: str) -> bool:
    """A capitalised Cyrillic word that pymorphy reads as a name part, or does not know at all."""
    if not _CAPITALISED.match(word) or not ("А" <= word[0] <= "Я" or word[0] == "Ё"):
        return False
    low = fold_yo(word.lower())
    if low in STOP_WORDS or any(p.tag.POS in _FUNCTION_POS for p in parses(low)[:1]):
        return False
    if any(tag in p.tag for p in parses(low) for tag in _NAME_TAGS):
        return True
    return not morph().word_is_known(low)


def may_hold_name(sentence_text: str) -> bool:
    return any(name_like(t.text) for t in tokens(sentence_text))


# ---------------------------------------------------------------- NER + normalisation


@dataclass(slots=True)
class _Raw:
    """A PER span from NER with its nominative form and name parts."""

    start: int
    end: int
    text: str
    normal: str
    first: str | None
    middle: str | None
    last: str | None
    case: str | None
    gender: str | None


def _ner_spans(text: str, sents: Sequence[Span]) -> list[tuple[Span, int, int]]:
    """(sentence, start, end) of PER spans; offsets absolute."""
    chosen = [s for s in sents if may_hold_name(s.text)]
    if not chosen:
        return []
    chosen.sort(key=lambda s: len(s.text))  # similar lengths in a batch: less padding for the CNN
    found: list[tuple[Span, int, int]] = []
    for sent, markup in zip(chosen, models().ner_tagger.map([s.text for s in chosen]), strict=True):
        for span in markup.spans:
            if span.type == "PER":
                found.append((sent, sent.start + span.start, sent.start + span.stop))
    return sorted(found, key=lambda f: f[1])


def _raw_mentions(text: str, sents: Sequence[Span]) -> list[_Raw]:
    spans = _ner_spans(text, sents)
    if not spans:
        return []
    windows: list[list[str]] = []
    positions: list[tuple[Sequence[Span], int, int]] = []
    for sent, start, end in spans:
        toks = sentence_tokens(text, sent)
        inside = [i for i, t in enumerate(toks) if t.start >= start and t.end <= end]
        while len(inside) > 1 and _is_title_word(toks[inside[0]].text):
            inside.pop(0)  # «Экс-вице-премьер Иван Петров» at a sentence start: the title is not the name
        bracket = next((k for k, i in enumerate(inside) if toks[i].text == "("), None)
        if bracket:
            inside = inside[:bracket]  # «Крессида Дик (Cressida Dick)»: the original spelling is not the name
        if not inside:
            continue
        lo, hi = max(0, inside[0] - _WINDOW), min(len(toks), inside[-1] + 1 + _WINDOW)
        windows.append([t.text for t in toks[lo:hi]])
        positions.append((toks[lo:hi], inside[0] - lo, inside[-1] + 1 - lo))
    result: list[_Raw] = []
    for markup, (toks, i, j) in zip(models().morph_tagger.map(windows), positions, strict=True):
        tagged = markup.tokens[i:j]
        result.append(_normalise(text, toks[i:j], tagged))
    return result


def _is_title_word(word: str) -> bool:
    """A capitalised common noun for a person, or a preposition, that NER swept into a name («Экс-вице-премьер
    Иван Петров», «О Джулиане Ассанже»)."""
    low = fold_yo(word.lower())
    if not morph().word_is_known(low.rsplit("-", 1)[-1]) or any(
        tag in p.tag for p in parses(low) for tag in _NAME_TAGS
    ):
        return False
    return is_person_noun(word) or _pos(word) in ("PREP", "CONJ", "PRCL")


def _normalise(text: str, toks: Sequence[Span], tagged: list[Any]) -> _Raw:
    from natasha.doc import DocToken
    from natasha.norm import normalize

    doc_tokens = [
        DocToken(t.start, t.end, t.text, pos=m.pos, feats=m.feats) for t, m in zip(toks, tagged, strict=True)
    ]
    genders = [_GENDERS.get(m.feats.get("Gender", "")) for m in tagged]
    gender = next((g for g in genders if g), None)
    normal = _foreign_nominative(normalize(models().morph_vocab, doc_tokens), toks, tagged, gender)
    first, middle, last = _name_parts(normal)
    if last and normal.split() and last not in normal.split():
        normal = " ".join([*normal.split()[:-1], last])
    feats = tagged[0].feats  # «Менеджер Лии Доусон»: the first name carries the case, not the surname
    start, end = toks[0].start, toks[-1].end
    return _Raw(
        start, end, text[start:end], normal, first, middle, last, _CASES.get(feats.get("Case", "")), gender
    )


def _foreign_nominative(normal: str, toks: Sequence[Span], tagged: list[Any], gender: str | None) -> str:
    """natasha guesses the nominative of a name pymorphy does not know and sometimes mangles it («Деккерта» ->
    «Деккерот»); where it changed such a word, or left «-ой» on it, the word's own case ending decides."""
    words = normal.split()
    if len(words) != len(toks):
        return normal
    out: list[str] = []
    for word, tok, tag in zip(words, toks, tagged, strict=True):
        case = _CASES.get(tag.feats.get("Case", ""))
        fixed = _drop_case_ending(tok.text, case, gender)
        changed = fold_yo(word.lower()) != fold_yo(tok.text.lower())
        out.append(fixed if fixed is not None and (changed or fixed.endswith("а")) else word)
    return " ".join(out)


@lru_cache(maxsize=20_000)
def _name_parts(normal: str) -> tuple[str | None, str | None, str | None]:
    """(first, middle, last) of a nominative PER span, read off pymorphy's Name/Patr/Surn tags.

    (natasha's NamesExtractor does the same with a yargy grammar, ~10 ms a call; this is ~50x cheaper.)
    """
    words = normal.split()
    if not words:
        return None, None, None
    first = middle = None
    rest = list(words)
    if len(rest) >= 2 and _has_tag(rest[0], "Name"):
        first = rest.pop(0)
    if rest and len(rest) >= 2 and _has_tag(rest[0], "Patr"):
        middle = rest.pop(0)
    if len(rest) == 1 and first and _is_patronymic(rest[0]):
        return first, rest[0], None
    if not rest:
        return first, middle, None
    if len(rest) == 1 and not first and _has_tag(rest[0], "Name") and not _has_tag(rest[0], "Surn"):
        return rest[0], None, None
    if first is None and len(rest) > 1:
        first = rest[0]  # an unknown (foreign) first name: «Бойко Борисов», «Асия Биби»
    return first, middle, _fix_surname_gender(first, rest[-1])


def _has_tag(word: str, tag: str) -> bool:
    return any(tag in p.tag for p in parses(fold_yo(word.lower())))


def _is_patronymic(word: str) -> bool:
    """«Владимирович» (a dictionary patronymic), not «Вуянович» (a surname pymorphy guesses as one)."""
    low = fold_yo(word.lower())
    found = parses(low)
    known = morph().word_is_known(low)
    return known and any("Patr" in p.tag for p in found) and not any("Surn" in p.tag for p in found)


def _fix_surname_gender(first: str | None, last: str | None) -> str | None:
    """natasha sometimes leaves «Ивана Сомова» as «Иван Сомова»: agree the surname with the first name."""
    gender = _gender_from_name("", first) if first else None
    if not last or not gender or " " in last:
        return last
    key = surname_key(last)
    if key == fold_yo(last.lower()) and gender == "masc":
        return last
    if gender == "masc" and re.search(r"(ов|ев|ин|ын|ский|цкий)$", key):
        form = key
    elif gender == "femn" and re.search(r"(ов|ев|ин|ын)$", key):
        form = key + "а"
    elif gender == "femn" and re.search(r"(ский|цкий)$", key):
        form = key[:-2] + "ая"
    else:
        return last
    return form[:1].upper() + form[1:]


# ---------------------------------------------------------------- linking


def find_people(text: str, sents: Sequence[Span] | None = None) -> People:
    """Persons of ``text``; ``sents`` (default: language.sentences) limits where NER looks."""
    sents = list(sents) if sents is not None else sentences(text)
    raws = _raw_mentions(text, sents)
    persons: list[Person] = []
    mentions: list[Mention] = []
    for raw in sorted(raws, key=lambda r: r.start):
        idx = _link(persons, raw)
        mentions.append(Mention(raw.start, raw.end, raw.text, idx, raw.case))
        _absorb(persons[idx], raw)
    mentions.extend(_scan_surnames(text, sents, persons, mentions))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        persons[m.person].mentions.append(m)
    for person in persons:
        _nominative_name(person)
        person.key = speaker_key(person.name)
        if person.gender is None:
            person.gender = _gender_from_name(person.name, person.first)
    for m in mentions:
        m.case = _mention_case(m, persons[m.person])
    _attach_roles(text, sents, persons, mentions)
    return People(persons, mentions)


def _link(persons: list[Person], raw: _Raw) -> int:
    """Index of the person ``raw`` refers to, creating one when it is new."""
    if len(raw.normal.split()) == 1:  # a lone word is more often a surname than a first name («Биби»)
        owner = _surname_owner(persons, raw.text.split()[-1], raw.normal, raw.gender)
        if owner is not None:
            return owner
    for i, person in enumerate(persons):
        if _same_person(person, raw):
            return i
    persons.append(Person(name=raw.normal, key="", first=raw.first, last=raw.last))
    persons[-1].name_from_nominative = raw.case == "nomn"
    return len(persons) - 1


def _nominative_name(person: Person) -> None:
    """A surname read only in oblique cases takes the form the article itself uses elsewhere: «Деккерта» and
    «Деккерт» -> «Деккерт» (for names pymorphy does not know, where natasha can only guess)."""
    words = person.name.split()
    if not words or person.name_from_nominative or _known_name(fold_yo(words[-1].lower())):
        return
    last = _base_form([m.text.split()[-1] for m in person.mentions if m.text.split()])
    if last is None or fold_yo(last.lower()) == fold_yo(words[-1].lower()):
        return
    person.name = " ".join([*words[:-1], last])
    person.last = last


def _base_form(forms: list[str]) -> str | None:
    """The mention form of which another mention is a case form: «Деккерт» among «Деккерта», «Деккерт»."""
    folded = {fold_yo(f.lower()): f for f in forms}
    for form, text in folded.items():
        if len(form) >= 3 and any(
            other != form and other.startswith(form) and other[len(form) :] in _CASE_ENDINGS
            for other in folded
        ):
            return text
    return None


# Case endings of foreign names that decline like Russian nouns: «Андреадиса», «Локхарту», «Хоулеттом».
_CONSONANT_ENDINGS = {"gent": ("а",), "accs": ("а",), "datv": ("у",), "ablt": ("ом", "ем"), "loct": ("е",)}


def _drop_case_ending(word: str, case: str | None, gender: str | None) -> str | None:
    """The nominative of an unknown name word read in an oblique ``case``, or None when it is not clear."""
    low = fold_yo(word.lower())
    if "-" in word or _known_name(low):
        return None
    if case in (None, "nomn"):
        if not (low.endswith("ы") and len(low) > 4 and low[-2] not in "аеёиоуыэюя"):
            return None
        case = "gent"  # no name ends in «-ы» in the nominative: NER misread the case
    if low.endswith("ой") and case in ("ablt", "gent", "datv", "loct") and len(low) > 4:
        return word[:-2] + "а"  # «Зубайдой» -> «Зубайда»
    if low.endswith("у") and case == "accs" and len(low) > 4:
        return word[:-1] + "а"  # «Чепигу» -> «Чепига»
    if (
        case == "gent"
        and len(low) > 4
        and (low.endswith("ы") or (low.endswith("и") and low[-2] in "гкхжшчщ"))
    ):
        return word[:-1] + "а"  # «Массы» -> «Масса», «Ортеги» -> «Ортега»
    if gender == "femn":
        return None
    for ending in _CONSONANT_ENDINGS.get(case, ()):
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 3 and stem[-1] not in "аеёиоуыэюяйь":
            return word[: -len(ending)]
    return None


def _known_name(low: str) -> bool:
    """pymorphy knows the word as a name or surname (natasha put it into the nominative itself)."""
    return morph().word_is_known(low) and any(tag in p.tag for p in parses(low) for tag in _NAME_TAGS)


def _surname_owner(persons: list[Person], word: str, normal: str, gender: str | None) -> int | None:
    """The person a lone surname names. Between namesakes («Андрей Лебедев», «Ольга Лебедева») the one whose
    nominative surname is this very form wins, then one of the gender the form shows."""
    found = [i for i, p in enumerate(persons) if p.last and _surname_form_matches(normal, p.last)]
    found += [
        i for i, p in enumerate(persons) if p.last and i not in found and _surname_form_matches(word, p.last)
    ]
    if len(found) < 2:
        return found[0] if found else None
    form = fold_yo(word.lower())
    exact = [i for i in found if fold_yo((persons[i].last or "").lower()) == form]
    agreeing = [i for i in found if gender and _gender_of(persons[i]) == gender]
    return (exact or agreeing or found)[0]


def _gender_of(person: Person) -> str | None:
    return person.gender or _gender_from_name(person.name, person.first)


def _same_person(person: Person, raw: _Raw) -> bool:
    if raw.first and person.first and not _first_names_agree(raw.first, person.first):
        return False
    if raw.last and person.last:
        return _surname_form_matches(raw.last, person.last) or _surname_form_matches(person.last, raw.last)
    return bool(raw.first and person.first)


def _absorb(person: Person, raw: _Raw) -> None:
    """Keep the fullest name form; between equally full forms prefer one seen in the nominative."""
    person.first = person.first or raw.first
    more_words = len(raw.normal.split()) - len(person.name.split())
    better_case = more_words == 0 and raw.case == "nomn" and not person.name_from_nominative
    if raw.last and (not person.last or more_words > 0 or better_case):
        person.name = raw.normal
        person.name_from_nominative = raw.case == "nomn"
    person.last = person.last or raw.last
    if person.gender is None and raw.gender:
        person.gender = raw.gender


def _scan_surnames(
    text: str, sents: Sequence[Span], persons: list[Person], known: list[Mention]
) -> Iterable[Mention]:
    """Capitalised tokens that are a known surname in any case form but were missed by NER."""
    surnames = [(i, p.last) for i, p in enumerate(persons) if p.last]
    if not surnames:
        return []
    prefixes = {fold_yo(last.lower())[:3] for _, last in surnames}
    taken = {pos for m in known for pos in range(m.start, m.end)}
    found: list[Mention] = []
    for tok in (t for sent in sents for t in sentence_tokens(text, sent)):
        if (
            tok.start in taken
            or fold_yo(tok.text[:3].lower()) not in prefixes
            or not _CAPITALISED.match(tok.text)
        ):
            continue
        owner = _surname_owner(persons, tok.text, tok.text, None)
        if owner is not None:
            found.append(Mention(tok.start, tok.end, tok.text, owner, _likely_case(tok.text)))
    return found


def _mention_case(mention: Mention, person: Person) -> str | None:
    """The case of a mention. natasha reads it from a few words of context and misreads bare surnames
    («Лебедева рассказала» as a genitive); a surname that declines tells by its own form."""
    if not person.last:
        return mention.case
    word, last = fold_yo(mention.text.split()[-1].lower()), fold_yo(person.last.split()[-1].lower())
    if not surname_declines(last, person.gender) or not _surname_form_matches(word, last):
        return mention.case
    if word == last:
        return "nomn"
    return mention.case if mention.case not in (None, "nomn") else "gent"


def surname_declines(surname: str, gender: str | None) -> bool:
    """Does the surname change its ending by case (so its nominative form is unambiguous)?"""
    if gender == "masc":
        return surname[-1:] not in "аеёиоуыэюя"
    return gender == "femn" and surname.endswith(("ова", "ева", "ина", "ына", "ая", "яя"))


def _likely_case(word: str) -> str | None:
    for parse in parses(fold_yo(word.lower())):
        if "Surn" in parse.tag or "Name" in parse.tag:
            return parse.tag.case
    return None


def name_gender(person: Person) -> str | None:
    """The gender a person's own name shows: a first name pymorphy knows, a Russian surname ending (a
    masculine one only when there is no first name to contradict it). None when NER's guess is all there is."""
    gender = _gender_from_name(person.name, person.first)
    if gender == "masc" and person.first and not _has_tag(person.first, "Name"):
        return None  # «Дорит Ревентлов»
    return gender


def _gender_from_name(name: str, first: str | None) -> str | None:
    if first:
        for parse in parses(fold_yo(first.lower())):
            if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
                return str(parse.tag.gender)
    last = fold_yo(name.split()[-1].lower()) if name.split() else ""
    if not last:
        return None
    if re.search(r"(ова|ева|ина|ына|ская|цкая)$", last):
        return "femn"
    if re.search(r"(ов|ев|ин|ын|ский|цкий)$", last):
        return "masc"
    return None


# ---------------------------------------------------------------- roles


def _attach_roles(text: str, sents: Sequence[Span], persons: list[Person], mentions: list[Mention]) -> None:
    for mention in mentions:
        person = persons[mention.person]
        if person.role and person.role_nominative:
            continue
        sent = next((s for s in sents if s.start <= mention.start < s.end), None)
        if sent is None:
            continue
        role = role_before(text, sent, mention) or role_after(text, sent, mention)
        if role:
            nominative = mention.case in (None, "nomn")
            if not person.role or nominative:
                person.role = role if nominative else nominative_phrase(role)
                person.role_nominative = nominative


_HONORIFICS = frozenset("господин госпожа мистер миссис мисс сэр пан пани месье мадам синьор сеньор".split())


def is_person_noun(word: str, case: str | None = None) -> bool:
    """A common animate noun that can name a person's role (министр, эксперт, глава, вице-премьер)."""
    found = parses(fold_yo(word.lower()))
    if len(word) < 3 or not found or found[0].tag.POS != "NOUN":
        return False
    for parse in found:
        if fold_yo(parse.normal_form) in _HONORIFICS or "Abbr" in parse.tag:
            return False
        tag = parse.tag
        if tag.POS != "NOUN" or "anim" not in tag or any(t in tag for t in (*_NAME_TAGS, "Geox", "Orgn")):
            continue
        if case is None or tag.case == case or (case == "accs" and tag.case == "gent"):
            return True
    return False


def _pos(word: str) -> str | None:
    found = parses(fold_yo(word.lower()))
    return str(found[0].tag.POS) if found and found[0].tag.POS else None


def _is_modifier(word: str) -> bool:
    """An adjective or participle that may open a role («генеральный директор», «управляющий партнер»)."""
    found = parses(fold_yo(word.lower()))
    return len(word) > 1 and bool(found) and found[0].tag.POS in ("ADJF", "PRTF")


def role_before(text: str, sent: Span, mention: Mention) -> str | None:
    """«министр энергетики Марина Громова» -> «министр энергетики»."""
    toks = [t for t in sentence_tokens(text, sent) if t.end <= mention.start]
    segment: list[Span] = []
    for tok in reversed(toks[-14:]):
        if tok.text in _ROLE_BOUNDARY or (_pos(tok.text) in _ROLE_STOP_POS and not _is_modifier(tok.text)):
            break
        segment.insert(0, tok)
    for i, tok in enumerate(segment):
        if is_person_noun(tok.text, mention.case):
            while i > 0 and _is_modifier(segment[i - 1].text) and segment[i - 1].text[:1].isalpha():
                i -= 1
            return _clean_role(text[segment[i].start : mention.start])
    return None


def role_after(text: str, sent: Span, mention: Mention) -> str | None:
    """«Александр Дрозденко, губернатор Ленинградской области, …» -> «губернатор Ленинградской области»."""
    toks = [t for t in sentence_tokens(text, sent) if t.start >= mention.end]
    if len(toks) < 2 or toks[0].text not in (",", "—", "–", "-"):
        return None
    body: list[Span] = []
    for tok in toks[1:20]:
        if tok.text in _ROLE_BOUNDARY or _pos(tok.text) in ("VERB", "GRND", "CONJ"):
            break
        body.append(tok)
    head = next((i for i, t in enumerate(body) if not _is_modifier(t.text)), None)
    if head is None or not is_person_noun(body[head].text, mention.case):
        return None
    return _clean_role(text[body[0].start : body[-1].end])


def _clean_role(role: str) -> str | None:
    role = " ".join(role.split()).strip(" ,—–-")
    if not role:
        return None
    first = role.split()[0]
    if first[:1].isupper() and not first.isupper() and not _is_proper(first):
        role = role[:1].lower() + role[1:]  # «Министр …» at a sentence start is still «министр»
    return role


def _is_proper(word: str) -> bool:
    return any(tag in p.tag for p in parses(fold_yo(word.lower())) for tag in (*_NAME_TAGS, "Geox", "Orgn"))


def nominative_phrase(phrase: str) -> str:
    """Put the head of a role phrase (and its adjectives) into the nominative.

    «избранного американского лидера» -> «избранный американский лидер»; words after the head stay as they are.
    """
    words = phrase.split(" ")
    head = next((i for i, w in enumerate(words) if _noun_parse(w) is not None), None)
    if head is None:
        return phrase
    noun = _noun_parse(words[head])
    assert noun is not None
    number = "plur" if noun.tag.number == "plur" else "sing"
    out = list(words)
    out[head] = _inflected(words[head], noun, {"nomn", number})
    gender = noun.tag.gender if noun.tag.gender in ("masc", "femn", "neut") else "masc"
    for i in range(head):
        adj = next((p for p in parses(fold_yo(words[i].lower())) if p.tag.POS in ("ADJF", "PRTF")), None)
        if adj is not None:
            wanted = {"nomn", number} if number == "plur" else {"nomn", "sing", gender}
            out[i] = _inflected(words[i], adj, wanted)
    return " ".join(out)


def _noun_parse(word: str) -> Any:
    return next((p for p in parses(fold_yo(word.lower())) if p.tag.POS == "NOUN"), None)


def _inflected(word: str, parse: Any, grammemes: set[str]) -> str:
    form = parse.inflect(grammemes)
    if form is None:
        return word
    new = str(form.word)
    return new[:1].upper() + new[1:] if word[:1].isupper() else new


def role_head(role: str) -> str | None:
    """Lemma of the noun a role is built on: «Кандидат в мэры Москвы» -> «кандидат»."""
    for word in re.findall(r"[\w-]+", role):
        if is_person_noun(word):
            return _noun_lemma(word)
    return None


def _noun_lemma(word: str) -> str:
    parse = _noun_parse(word)
    return fold_yo(parse.normal_form) if parse is not None else fold_yo(word.lower())
