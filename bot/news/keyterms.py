"""Key terms of an article: content lemmas, adjective+noun phrases and proper names, with term frequencies.

Everything here is pure (pymorphy3 parses only, no NER model): it runs once per article at ingest and must stay
cheap. The storage layer turns the frequencies into TF-IDF weights against the archive's document frequencies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.news.language import STOP_WORDS, TOKEN_RE, fold_yo, is_content_lemma, is_word, lemma, parses, pos

# Term kinds. Only NOUN, PHRASE and ENTITY terms can become topics; WORD terms (verbs, adjectives, adverbs...)
# are kept for document frequencies, which the summariser uses to weight sentence vectors.
WORD, NOUN, PHRASE, ENTITY = "w", "n", "p", "e"
TOPIC_KINDS = frozenset({NOUN, PHRASE, ENTITY})

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.5
KEY_TERMS = 12  # key terms kept per article

_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_QUOTES_OPEN = "«„“\""
_QUOTES_CLOSE = "»“”\""

# Nouns (and a few adjectives) every news story uses; they never say what a story is about.
BOILERPLATE: frozenset[str] = frozenset(
    """
    год месяц день неделя время раз число часть сторона слово дело вопрос данные сутки час минута утро вечер
    человек люди житель гражданин участник представитель руководитель глава председатель директор сотрудник
    специалист эксперт автор министр мэр губернатор депутат заместитель начальник пресс-служба пресс-секретарь
    область район город страна регион край республика округ место территория село поселок
    рубль процент тысяча миллион миллиард млрд млн тыс км километр метр доля сумма
    сообщение заявление слова мнение информация ситуация случай момент конец начало середина половина ряд
    уровень условие возможность образ цель задача итог результат внимание состав срок период этап план
    работа проект решение мера программа вопрос тема причина помощь объем рамка связь счет основа порядок
    здание объект площадка участок компания предприятие организация ведомство министерство правительство
    администрация власть комитет пример случай понедельник вторник среда четверг пятница суббота воскресенье
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    новость издание агентство газета журналист источник сайт интервью комментарий
    заявить отметить сказать сообщить подчеркнуть также который являться
    весь свой этот тот такой самый многий другой новый нынешний прошлый последний следующий данный
    большой главный основной общий весь целый ближайший
    """.split()
)

# Sentence openers that point back to a previous sentence (used by the summariser).
DEPENDENT_OPENERS: tuple[str, ...] = (
    "это", "этот", "эта", "эти", "он", "она", "оно", "они", "его", "ее", "её", "их", "ему", "ей", "им",
    "также", "при этом", "кроме того", "однако", "но", "поэтому", "тем не менее", "вместе с тем", "там",
    "тогда", "здесь", "то есть", "а", "и", "впрочем", "зато", "к тому же", "в то же время", "в свою очередь",
    "так", "такой", "такие", "такая", "в этом", "об этом", "для этого", "после этого", "кроме этого",
)


@dataclass(frozen=True, slots=True)
class Term:
    """One term of an article. ``key`` is the lower-case normal form (ё folded), ``label`` its display form."""

    key: str
    kind: str
    tf: float
    label: str


def is_topic_lemma(lem: str) -> bool:
    return is_content_lemma(lem) and lem not in BOILERPLATE and not any(ch.isdigit() for ch in lem)


# ---- per-word helpers (cached: news vocabulary repeats a lot) ------------------------------------------------

@lru_cache(maxsize=200_000)
def _proper_parse(word: str):
    """The best parse of a lower-cased word that is a proper name (person, place, organisation), else None."""
    for parse in parses(word):
        if parse.tag.POS == "NOUN" and _PROPER & set(parse.tag.grammemes):
            return parse
    return None


@lru_cache(maxsize=200_000)
def _nominative(word: str, gender: str | None = None) -> str:
    """A name's word in the nominative, keeping gender and number (Вершининой -> вершинина)."""
    low = fold_yo(word.lower())
    candidates = [p for p in parses(low) if p.tag.POS == "NOUN" and _PROPER & set(p.tag.grammemes)]
    if gender is not None:
        candidates = [p for p in candidates if p.tag.gender == gender] or candidates
    parse = candidates[0] if candidates else parses(low)[0]
    if parse.tag.POS not in {"NOUN", "ADJF"}:
        return low
    wanted = {"nomn"}
    if parse.tag.POS == "ADJF" and gender is not None:
        wanted |= {"sing", gender}
    elif parse.tag.number == "plur" and "Pltm" not in parse.tag:
        wanted.add("plur")
    inflected = parse.inflect(wanted)
    return fold_yo(inflected.word) if inflected else fold_yo(parse.normal_form)


def _run_gender(words: Sequence[str]) -> str | None:
    """Gender of a name run, taken from a first name or the last noun («Тамары Вершининой» -> femn)."""
    for word in words:
        for parse in parses(word):
            if "Name" in parse.tag:
                return parse.tag.gender
    for word in reversed(words):
        parse = _proper_parse(word) or parses(word)[0]
        if parse.tag.POS == "NOUN":
            return parse.tag.gender
    return None


@lru_cache(maxsize=200_000)
def phrase_of(adj: str, noun: str, place: bool = False) -> str | None:
    """``adj noun`` (lower-cased words) as a normalised phrase when they agree: «природного газа» -> природный газ."""
    for np in parses(noun)[:3]:
        if np.tag.POS != "NOUN" or not (place or is_topic_lemma(fold_yo(np.normal_form))):
            continue
        for ap in parses(adj)[:3]:
            if ap.tag.POS != "ADJF" or ap.tag.case != np.tag.case or ap.tag.number != np.tag.number:
                continue
            if np.tag.number == "sing" and ap.tag.gender not in (None, np.tag.gender):
                continue
            if not is_topic_lemma(fold_yo(ap.normal_form)) or "Apro" in ap.tag or "Anum" in ap.tag:
                continue
            if "Pltm" in np.tag:
                adj_form = ap.inflect({"nomn", "plur"})
            else:
                adj_form = ap.inflect({"nomn", "sing", np.tag.gender or "masc"})
            if adj_form is None:
                return None
            return fold_yo(f"{adj_form.word} {np.normal_form}")
    return None


def _display(original: Sequence[str], normalised: Sequence[str]) -> str:
    """Normalised words with the capitalisation of the originals (ТЭЦ stays upper case)."""
    out = []
    for orig, norm in zip(original, normalised, strict=True):
        if orig.isupper() and len(orig) > 1:
            out.append(norm.upper())
        elif orig[:1].isupper():
            out.append("-".join(part[:1].upper() + part[1:] for part in norm.split("-")))
        else:
            out.append(norm)
    return " ".join(out)


# ---- extraction ----------------------------------------------------------------------------------------------

_RANK = {WORD: 0, NOUN: 1, PHRASE: 2, ENTITY: 3}


class _Counter:
    def __init__(self) -> None:
        self.tf: dict[str, float] = {}
        self.kind: dict[str, str] = {}
        self.label: dict[str, str] = {}

    def add(self, key: str, kind: str, weight: float, label: str) -> None:
        self.tf[key] = self.tf.get(key, 0.0) + weight
        old = self.kind.get(key)
        if old is None or _RANK[kind] > _RANK[old]:
            self.kind[key] = kind
            self.label[key] = label


def _tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def _entity_runs(toks: list[str]) -> Iterable[tuple[list[str], bool]]:
    """Runs of capitalised words (and «quoted names»); yields (words, quoted)."""
    run: list[str] = []
    quoted: list[str] | None = None
    for i, text in enumerate(toks):
        if quoted is not None:
            if text in _QUOTES_CLOSE or len(quoted) > 4:
                if quoted and text in _QUOTES_CLOSE and quoted[0][:1].isupper():
                    yield quoted, True
                quoted = None
            elif is_word(text):
                quoted.append(text)
            continue
        if text in _QUOTES_OPEN:
            if run:
                yield run, False
                run = []
            quoted = []
            continue
        capital = is_word(text) and text[:1].isupper() and not text.isdigit()
        if capital and i == 0:
            low = fold_yo(text.lower())
            first = parses(low)[0]
            capital = bool(_PROPER & set(first.tag.grammemes)) or (text.isupper() and len(text) > 1)
        if capital:
            run.append(text)
        else:
            if run:
                yield run, False
            run = []
    if run:
        yield run, False


def _add_entities(counter: _Counter, toks: list[str], weight: float) -> None:
    for run, quoted in _entity_runs(toks):
        if quoted:
            name = " ".join(fold_yo(w.lower()) for w in run)
            if len(name) > 2:
                counter.add(name, ENTITY, weight, "«" + " ".join(run) + "»")
            continue
        lows = [fold_yo(w.lower()) for w in run]
        if not any(_proper_parse(w) is not None or (o.isupper() and len(o) > 1) for w, o in zip(lows, run, strict=True)):
            continue
        if len(run) == 1 and pos(lows[0]) != "NOUN" and not run[0].isupper():
            continue
        gender = _run_gender(lows)
        norm = [_nominative(w, gender) for w in lows]
        key = " ".join(norm)
        if is_topic_lemma(key) or len(run) > 1:
            counter.add(key, ENTITY, weight, _display(run, norm))


_PLACE_NOUNS = frozenset("область район край республика округ шоссе проспект улица площадь море озеро река".split())


def _add_words(counter: _Counter, toks: list[str], weight: float) -> None:
    previous: str | None = None
    previous_text = ""
    for text in toks:
        if not is_word(text):
            previous = None
            continue
        low = fold_yo(text.lower())
        lem = lemma(text)
        if is_content_lemma(lem):
            topical = pos(low) == "NOUN" and is_topic_lemma(lem)
            if topical and text[:1].isupper() and _proper_parse(low) is not None:
                topical = False  # a name on its own: the entity pass counts it
            counter.add(lem, NOUN if topical else WORD, weight, lem)
        if previous is not None and pos(previous) == "ADJF" and pos(low) == "NOUN":
            if previous_text[:1].isupper() and lem in _PLACE_NOUNS:
                phrase = phrase_of(previous, low, True)
                if phrase:
                    counter.add(phrase, ENTITY, weight, phrase[:1].upper() + phrase[1:])
            else:
                phrase = phrase_of(previous, low)
                if phrase:
                    counter.add(phrase, PHRASE, weight, phrase)
        previous, previous_text = low, text


def _forms(word: str) -> set[str]:
    return {word} | {fold_yo(p.normal_form) for p in parses(word) if "Surn" in p.tag}


def _merge_surnames(counter: _Counter) -> None:
    """A bare «Дьячков» or «Кудашева» counts for «Геннадий Дьячков» when the article names him in full."""
    full: dict[str, str] = {}
    for key, kind in sorted(counter.kind.items()):
        if kind == ENTITY and " " in key:
            for form in _forms(key.rsplit(" ", 1)[1]):
                full.setdefault(form, key)
    for key in [k for k, kind in sorted(counter.kind.items()) if kind == ENTITY and " " not in k]:
        target = next((full[f] for f in sorted(_forms(key)) if f in full), None)
        if target is not None and any("Surn" in p.tag for p in parses(key)):
            counter.tf[target] += counter.tf.pop(key)
            del counter.kind[key], counter.label[key]


def key_terms(title: str, sentences: Sequence[str]) -> tuple[Term, ...]:
    """Every term of an article with its frequency (title words count TITLE_WEIGHT, the lead LEAD_WEIGHT)."""
    counter = _Counter()
    parts = [(title, TITLE_WEIGHT)] + [(s, LEAD_WEIGHT if i == 0 else 1.0) for i, s in enumerate(sentences)]
    for text, weight in parts:
        toks = _tokens(text)
        _add_words(counter, toks, weight)
        _add_entities(counter, toks, weight)
    _merge_surnames(counter)
    return tuple(
        Term(key, counter.kind[key], round(tf, 2), counter.label[key])
        for key, tf in sorted(counter.tf.items())
    )


# ---- weighting -------------------------------------------------------------------------------------------------

def idf(df: int, docs: int) -> float:
    """Smoothed inverse document frequency (df and docs before this article was counted)."""
    return math.log((docs + 1) / (df + 1)) + 1.0


def best_terms(terms: Sequence[Term], df: dict[str, int], docs: int, limit: int = KEY_TERMS) -> list[tuple[Term, float]]:
    """The article's key terms by TF-IDF: only topic kinds; phrases and names slightly preferred. Stable order."""
    scored = []
    for term in terms:
        if term.kind not in TOPIC_KINDS or term.key in STOP_WORDS or term.key in BOILERPLATE:
            continue
        boost = 1.0 if term.kind == NOUN else 1.3
        weight = (1.0 + math.log(max(term.tf, 1.0))) * idf(df.get(term.key, 0), docs) * boost
        if weight > 0:
            scored.append((term, round(weight, 4)))
    scored.sort(key=lambda item: (-item[1], item[0].key))
    return scored[:limit]


# ---- query side ------------------------------------------------------------------------------------------------

NEIGHBOUR_PREFIX = 6


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def is_neighbour(term: str, other: str) -> bool:
    """Derivational neighbours: a noun and an adjective (or the like) of one stem, энергетика ↔ энергетический.

    Decided from pymorphy3's parts of speech and a shared stem (all but the last two letters of the shorter
    word, at least NEIGHBOUR_PREFIX letters); no hand-written list of pairs.
    """
    if term == other or " " in other or "-" in other:
        return False
    common = _common_prefix(term, other)
    if common < NEIGHBOUR_PREFIX or common < min(len(term), len(other)) - 2:
        return False
    return pos(term) != pos(other) and {pos(term), pos(other)} <= {"NOUN", "ADJF"}


def neighbours_among(term: str, vocabulary: Iterable[str]) -> frozenset[str]:
    return frozenset(word for word in vocabulary if is_neighbour(term, word))


def _lemma_set(key: str) -> set[str]:
    return {lemma(word) for word in key.replace("-", " ").split()}


def pick_topics(rows: Sequence[tuple[str, str, int, float]], limit: int) -> list[tuple[str, str, int]]:
    """(key, label, articles, score) rows, best first -> up to ``limit`` (key, label, articles) topics.

    Skips a topic whose words are already covered by a chosen one carried by about as many articles
    («природный газ» next to «газ»), and boilerplate of any kind.
    """
    chosen: list[tuple[str, str, int]] = []
    ordered = sorted(rows, key=lambda r: (-r[3], -r[2], r[0]))
    for key, label, count, _score in ordered:
        words = _lemma_set(key)
        if key in BOILERPLATE or key in STOP_WORDS or not any(is_topic_lemma(w) for w in words):
            continue
        redundant = False
        for other, _, other_count in chosen:
            other_words = _lemma_set(other)
            if (words <= other_words or other_words <= words) and count <= other_count * 1.25:
                redundant = True
                break
        if not redundant:
            chosen.append((key, label, count))
        if len(chosen) >= limit:
            break
    return chosen
