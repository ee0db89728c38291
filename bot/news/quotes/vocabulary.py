"""The words of reported speech: speech predicates matched by lemma, and cached facts about single words."""

from __future__ import annotations

from functools import lru_cache

from bot.news.language import fold_yo, morph, parses
from bot.news.people import is_person_noun

SPEECH_LEMMAS: frozenset[str] = frozenset(
    """
    заявить заявлять сказать говорить отметить отмечать подчеркнуть подчеркивать сообщить сообщать
    рассказать рассказывать добавить добавлять пояснить пояснять напомнить напоминать считать надеяться
    заметить замечать указать указывать уточнить уточнять признать признавать признаться объяснить объяснять
    признаваться ответить отвечать констатировать резюмировать намекнуть намекать утверждать заверить заверять подтвердить
    подтверждать пообещать обещать посоветовать советовать призвать призывать полагать уверять сетовать
    посетовать пожаловаться жаловаться возразить возражать парировать написать писать предупредить
    предупреждать убеждать убедить подытожить констатировать допустить предположить предполагать опасаться
    уверенный убежденный уверить убедить комментировать прокомментировать
    """.split()
)
# Verbs whose complement is an infinitive clause («пообещал снизить …», «посоветовала не спешить»).
INFINITIVE_LEMMAS = frozenset("пообещать обещать посоветовать советовать призвать призывать".split())
# Verbs that only introduce someone else's words: «— приводит агентство слова Сомова», «цитирует РБК».
REPORT_LEMMAS = frozenset("цитировать процитировать приводить привести передавать передать".split())
# Verbs that mark a quoted fragment: «назвав его «…»».
FRAGMENT_LEMMAS = frozenset("назвать называть охарактеризовать сослаться ссылаться".split())
# Verb + noun predicates: «выразил надежду, что», «обратила внимание на то, что».
_EXPRESSED = frozenset(
    "надежда уверенность мнение сожаление опасение озабоченность сомнение готовность".split()
)
PHRASE_PREDICATES: dict[str, frozenset[str]] = {
    "выразить": _EXPRESSED,
    "выражать": _EXPRESSED,
    "высказать": _EXPRESSED | {"предположение"},
    "высказывать": _EXPRESSED | {"предположение"},
    "обратить": frozenset({"внимание"}),
    "дать": frozenset({"понять"}),
    "сделать": frozenset({"вывод"}),
}
PHRASE_PREDICATES["пролить"] = frozenset({"свет"})
# Verbs that name a speaker only inside an attribution («…, продолжил он, …», «С заявлением выступил X»).
ATTRIBUTION_LEMMAS = frozenset("продолжить продолжать пошутить заключить вспомнить вспоминать".split())
EXTRA_VERBS = ATTRIBUTION_LEMMAS | {"выступить", "сделать", "сослаться", "ссылаться"}
PHRASE_VERBS = frozenset(PHRASE_PREDICATES)
# Nouns for what someone said; «в заявлении X-а» names X, «направил заявление: «…»» introduces a quotation.
STATEMENT_NOUNS = frozenset(
    "заявление слово сообщение обращение письмо ответ комментарий пост запись твит послание интервью выступление "
    "речь доклад текст признание".split()
)
ACCORDING_NOUNS = frozenset(
    "слово мнение данные оценка утверждение признание убеждение заявление сообщение информация".split()
)
WH_WORDS = frozenset(
    "как какой какая какое какие каких каким каков почему зачем где куда откуда когда сколько чего кто "
    "чем кому ли насколько".split()
)
RELATIVE = frozenset(
    "который которая которое которые которого которой которым которому которых когда где".split()
)
CONTRAST = frozenset({"но", "однако", "а"})
PRONOUNS = {"он": "masc", "она": "femn"}
OBLIQUE_PRONOUNS = {"его": "masc", "ее": "femn", "него": "masc", "нее": "femn"}
# Anim nouns that name an unnamed source; they never resolve to a person of the article.
UNNAMED = frozenset(
    """
    представитель сотрудник источник человек житель жительница участник участница очевидец пользователь
    мужчина женщина сосед соседка прохожий пострадавший водитель пассажир ребенок мать отец сын дочь брат
    сестра муж жена друг подруга знакомый знакомая родственник родственница гражданин гражданка господин
    госпожа племянник племянница внук внучка вдова вдовец дядя тетя бабушка дедушка супруг супруга коллега
    """.split()
)
# Unnamed people a later «он/она» may refer to («33-летний мужчина вышел … . Он сообщил, что …»).
BYSTANDERS = frozenset(
    """
    мужчина женщина житель жительница очевидец прохожий пострадавший пострадавшая водитель пассажир
    пассажирка гражданин гражданка человек сосед соседка девушка парень подросток пенсионер пенсионерка
    """.split()
)


_PREDICATE_POS = ("VERB", "GRND", "INFN", "ADJS")
_CONVINCED = frozenset({"уверить", "убедить"})  # «уверен, что»: a short participle that reports an opinion


@lru_cache(maxsize=100_000)
def speech_lemma(low: str) -> str | None:
    """Lemma of a speech predicate (verb, gerund, or a short form like «уверен», «убеждена»), matched by lemma."""
    if low not in _known_forms():
        return None
    for p in parses(low):
        lemma = fold_yo(p.normal_form)
        if lemma in SPEECH_LEMMAS and (
            p.tag.POS in _PREDICATE_POS or (p.tag.POS == "PRTS" and lemma in _CONVINCED)
        ):
            return lemma
    return None


@lru_cache(maxsize=1)
def _known_forms() -> frozenset[str]:
    """Every inflected form of every predicate lemma we match: a set lookup spares pymorphy most words.

    Matching itself is still by lemma (pymorphy parses of the word); this is only a fast pre-filter.
    """
    forms: set[str] = set()
    for lemma in SPEECH_LEMMAS | REPORT_LEMMAS | FRAGMENT_LEMMAS | PHRASE_VERBS | EXTRA_VERBS:
        for parse in parses(lemma):
            if fold_yo(parse.normal_form) == lemma:
                forms.update(fold_yo(f.word) for f in parse.lexeme)
    return frozenset(forms)


def may_predicate(low: str) -> bool:
    """Cheap pre-check: could this word be a speech predicate at all (a known form, or a «-ся» verb)?"""
    return low in _known_forms() or low.endswith(("ся", "сь"))


@lru_cache(maxsize=100_000)
def impersonal_speech(low: str) -> bool:
    """«говорится», «отмечается», «сообщалось»: a speech verb with no speaker (a document or the newsroom)."""
    if not low.endswith(("ся", "сь")):
        return False
    for p in parses(low):
        lemma = fold_yo(p.normal_form)
        if p.tag.POS != "VERB" or lemma in SPEECH_LEMMAS or lemma[:-2] not in SPEECH_LEMMAS:
            continue
        if (p.tag.person == "3per" and p.tag.number == "sing") or p.tag.gender == "neut":
            return True
    return False


@lru_cache(maxsize=100_000)
def first_person(low: str) -> bool:
    """«я», «нам», «наш», «считаю»: words of someone speaking for themselves."""
    for p in parses(low):
        if p.tag.POS == "NPRO" and p.tag.person == "1per":
            return True
        if p.tag.POS == "VERB" and p.tag.person == "1per" and p.tag.number == "sing":
            return True  # not «напомним», «отметим»: the newsroom's own «we»
        if fold_yo(p.normal_form) in ("мой", "наш"):
            return True
    return False


@lru_cache(maxsize=100_000)
def verb_lemma(low: str, lemmas: frozenset[str]) -> str | None:
    """Lemma of a verb form (finite, gerund or infinitive) when it is one of ``lemmas``."""
    if low not in _known_forms():
        return None
    for p in parses(low):
        if p.tag.POS in ("VERB", "GRND", "INFN") and fold_yo(p.normal_form) in lemmas:
            return fold_yo(p.normal_form)
    return None


@lru_cache(maxsize=100_000)
def agreement(low: str) -> tuple[str | None, bool, str | None]:
    """(gender, plural, POS) of a verb form: «заявила» -> ("femn", False, "VERB")."""
    for p in parses(low):
        if p.tag.POS in _PREDICATE_POS or p.tag.POS == "PRTS":
            gender = str(p.tag.gender) if p.tag.gender in ("masc", "femn", "neut") else None
            return gender, p.tag.number == "plur", str(p.tag.POS)
    return None, False, None


@lru_cache(maxsize=100_000)
def first_or_second_person(low: str) -> bool:
    """«обещаю», «считаем»: the speaker is the writer (or a lost quotation), not a third person."""
    found = [p for p in parses(low) if p.tag.POS == "VERB"]
    return bool(found) and all(p.tag.person in ("1per", "2per") for p in found)


@lru_cache(maxsize=100_000)
def pos_set(low: str) -> frozenset[str]:
    return frozenset(str(p.tag.POS) for p in parses(low) if p.tag.POS)


@lru_cache(maxsize=100_000)
def lemma_of(low: str) -> str:
    found = parses(low)
    return fold_yo(found[0].normal_form) if found else low


@lru_cache(maxsize=100_000)
def may_be_genitive(low: str) -> bool:
    """Can the word stand in a noun phrase in the genitive (a noun, adjective, name or pronoun)?"""
    if not low[:1].isalpha():
        return False
    found = parses(low)
    return not found or any(p.tag.case == "gent" or "Fixd" in p.tag for p in found)


@lru_cache(maxsize=100_000)
def genitive_noun(low: str) -> bool:
    """A common noun that can be in the genitive («партии», «ведомства»)."""
    return any(p.tag.POS == "NOUN" and p.tag.case == "gent" for p in parses(low))


@lru_cache(maxsize=100_000)
def first_pos(low: str) -> str | None:
    """Part of speech of pymorphy's most likely parse."""
    found = parses(low)
    return str(found[0].tag.POS) if found and found[0].tag.POS else None


@lru_cache(maxsize=100_000)
def is_finite_verb(low: str) -> bool:
    """The first parse is an indicative finite verb («пошутил»)."""
    found = parses(low)
    return bool(found) and found[0].tag.POS == "VERB" and found[0].tag.mood == "indc"


@lru_cache(maxsize=100_000)
def title_noun(word: str) -> bool:
    """A singular common noun for a person that may stand for a named one («мэр», «глава МИД»).

    Capitalised words are left out (sentence-initial titles are checked lower-cased by the caller), and so are
    words pymorphy only guesses («Росстата» is not a person).
    """
    low = fold_yo(word.lower())
    if not word[:1].islower() or not morph().word_is_known(low.rsplit("-", 1)[-1]):
        return False
    if not is_person_noun(word) or lemma_of(low) in UNNAMED:
        return False
    return any(p.tag.POS == "NOUN" and p.tag.number == "sing" and "anim" in p.tag for p in parses(low))


@lru_cache(maxsize=100_000)
def nominative_title(word: str) -> bool:
    low = fold_yo(word.lower())
    return title_noun(word) and any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" and "anim" in p.tag
        for p in parses(low)
    )


@lru_cache(maxsize=50_000)
def bystander(low: str, gender: str | None) -> bool:
    """An unnamed person in the nominative («мужчина», «пассажирка») of a compatible gender."""
    for p in parses(low):
        if p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" and "anim" in p.tag:
            if fold_yo(p.normal_form) in BYSTANDERS and (
                gender is None or p.tag.gender == gender or "Ms-f" in p.tag
            ):
                return True
    return False
