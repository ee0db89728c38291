"""Which sentences read on their own, out of their article, and the small repairs that let more of them do so.

A sentence stands alone when it
- carries no crawl furniture (``bot.news.furniture``; stamps and datelines are cut off first);
- has a predicate (a photo caption, a bare name or a heading has none) and the shape of a sentence: a capital
  first letter, a final stop, quote marks and brackets that pair up, no two sentences glued by a lost line break;
- opens with nothing that points back: a connective that only links it to the previous sentence («Напомним»,
  «Кроме того», «Однако») is dropped; a pronoun for the person speaking («Он подчеркнул…», «По её словам…»,
  «…, напомнил он, …») becomes their name when the quotes table knows who it is; any other back-reference (это,
  такой, там, «спортсменка» with no name, a pronoun with nobody before it in the sentence) leaves it out;
- is not a piece of a quotation: a sentence inside someone's quoted words is shown as that person's speech
  («…», — Имя Фамилия) when the quotes table names them, and left out otherwise; reported speech whose speaker
  is named only in another sentence gets «…, по словам Фамилии.»; and it does not speak in the first person
  outside quote marks («Наша столица…» is the outlet's voice, not a fact).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.news.furniture import WORD_DATE, is_page_line, strip_stamps
from bot.news.language import WORD_RE, fold_yo, lemma, parses, pos, words
from bot.news.speech import (
    Quotation,
    QuoteSpan,
    balanced,
    covering,
    gender,
    names_speaker,
    surname,
    surname_genitive,
)

OUTSIDE = Quotation(False, False)
MIN_WORDS = 5
DASH_PREDICATE_WORDS = 8
MAX_WORDS = 70
MAX_CHARS = 450
SPEECH_SHARE = 0.85  # a sentence is someone's direct speech when a quote holds this share of its letters
REPORTED_SHARE = 0.9  # ... reported speech with no attribution of its own

# Openers that only tie a sentence to the one before; the rest of the sentence is its own statement.
_CONNECTIVES = tuple(
    sorted(
        (
            " ".join(phrase.split())
            for phrase in """
            напомним что|напомним|напомню|кроме того|кроме этого|помимо этого|помимо того|при этом|между тем
            |тем временем|впрочем|вместе с тем|в то же время|в свою очередь|однако|также|к тому же|более того
            |тем не менее|как и ожидалось,|как и предполагалось,|в частности,|кстати,|так,|таким образом,|и|а|но
            |как известно,|как сообщалось ранее|как сообщалось|как уже сообщалось|как ранее сообщалось
            |как стало известно,|как отмечается,|как выяснилось,
            """.split("|")
            if phrase.strip()
        ),
        key=len,
        reverse=True,  # the longest first: «как сообщалось ранее» before «как сообщалось»
    )
)
_CONNECTIVE_HEADS = frozenset(c.split()[0].rstrip(",") for c in _CONNECTIVES)
# «Как сообщало ИА REGNUM,»: the outlet's cross-reference to its own earlier report.
_OUTLET_REFERENCE_RE = re.compile(
    r"^как\s+(?:ранее\s+|уже\s+)?(?:сообщал|писал|передавал|информировал)[ои]\s+[^,]{1,60},\s*", re.IGNORECASE
)
# «В понедельник, 9 июля, …», «Вчера, 10 января, …»: next to the date, the day of the week (or «вчера») only
# repeats it, and out of the article's week it misleads.
_RELATIVE_DAY_RE = re.compile(
    rf"(?:\b(?:в|во)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|^вчера|^сегодня|^накануне"
    rf"|^завтра)\s*,\s*({WORD_DATE})\s*,?\s*",
    re.IGNORECASE,
)
_DAY_WORDS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень", "вчера", "сегодня",
              "накануне", "завтра")
# Phrases that point back to something said before, wherever they stand.
_BACK_REFERENCE_RE = re.compile(
    r"\b(?:об этом|о том же|по этому поводу|в связи с этим|в ответ на это|на этот сч[её]т|в ответ)\b", re.IGNORECASE
)
# Words that point back to something said before when they open a sentence.
_DEPENDENT_WORDS = frozenset(
    """
    он она оно они его ее её их ему ей им него нее неё них нему ней ним нем нём это этот эта эти этого этой этих
    этом этому этим эту тот та те то того той тех тому тем такой такая такое такие таким таких такого такую
    сам сама сами само последний последняя последнее последние второй вторая второе вторые именно
    соответственно следовательно итак поэтому зато причем причём тоже там тогда здесь туда оттуда отсюда
    позже затем потом впоследствии вскоре ведь же данный данная данное данные указанный указанная который
    которая которое которые что например напомним вместе кроме тем при
    """.split()
)
_QUANTIFIERS = frozenset("все всех оба обе многие некоторые каждый двое трое".split())
_PREPOSITIONS = frozenset("в во на по для после из-за из от с со к ко у о об при за под над перед без до через".split())
_TIME_NOUNS = frozenset("год месяц неделя день раз время сезон период момент утро вечер ночь".split())
_FIRST_PERSON = frozenset({"я", "мы", "наш", "мой"})  # lemmas
_SUBJECT_PRONOUNS = {"он": "masc", "она": "femn"}
_SAYING_NOUNS = "словам|мнению|данным|оценке|информации|утверждению|признанию|подсчетам|подсчётам|версии"
_POSSESSIVE_RE = re.compile(rf"^по\s+(его|ее|её)\s+({_SAYING_NOUNS})\b", re.IGNORECASE)
_INNER_POSSESSIVE_RE = re.compile(rf"(?<=[,—–-] )по\s+(его|ее|её|их)\s+({_SAYING_NOUNS})\b")  # «…, по её словам, …»
_AS_HE_SAID_RE = re.compile(r"^как\s+(он|она)\s+", re.IGNORECASE)
_CLAUSE_THEN_PRONOUN_RE = re.compile(r"^[^,.;:«»\"]{3,60},\s+(он|она|они)\s+(?=[а-яё])")
_PRONOUN_AGREEMENT = {
    **dict.fromkeys("он оно его ему него нему ним нём нем им".split(), "masc"),
    **dict.fromkeys("она её ее ей неё нее ней нею ею".split(), "femn"),
    **dict.fromkeys("они их них ними ими".split(), "plur"),
}
_QUOTED_RE = re.compile(r"«[^»]*»|\"[^\"]*\"|„[^“]*“")
_SAID_HE_RE = re.compile(r"(?<=[,—–-])(\s*[а-яё]+л[аи]?\s+)(он|она)\b")  # «…, напомнил он, …»
_TRAILING_ATTRIBUTION_RE = re.compile(r"(?<=[»\"“”])\s*,?\s*[—–-]\s*[^«»\"“”]*$")
_PREDICATE_POS = frozenset({"VERB", "PRTS", "ADJS", "PRED"})
_DASH_PREDICATE_RE = re.compile(r"\S\s+[—–-]\s+\S")
_CLOSERS = "»\"“”)"
_GLUED_CAPITAL_RE = re.compile(r"(?<=[а-яё,])\s+([А-ЯЁ][а-яё]*)(?=\s)")
_GLUED_STOP_RE = re.compile(r"(?:[а-яёa-z]{5}|[»\"])\.\s+[а-яё]|\s\.[А-ЯЁA-Z]")  # not after «т. е.», «млн.»
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO"})
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_SPACE_BEFORE_MARK_RE = re.compile(r"\s+([,.;:!?…»”)])")
_SPACE_AFTER_MARK_RE = re.compile(r"([«„(])\s+")


@dataclass(frozen=True, slots=True)
class Reading:
    """A sentence as a summary shows it: its (repaired) words, and whose speech they are when they are a quote."""

    text: str
    speaker: str | None = None

    def display(self) -> str:
        """«Слова», — Имя Фамилия for speech; the sentence itself otherwise."""
        if self.speaker is None:
            return self.text
        core = self.text.rstrip()
        if core.endswith(".") and not core.endswith(".."):
            return f"«{core[:-1]}», — {self.speaker}"
        return f"«{core}» — {self.speaker}"


def read(
    text: str,
    *,
    start: int = 0,
    quotation: Quotation = OUTSIDE,
    quotes: Sequence[QuoteSpan] = (),
) -> Reading | None:
    """The sentence as it reads on its own, or None when it cannot.

    ``start`` is the sentence's offset in the article body (quotes are in body offsets), ``quotation`` where it
    stands towards quote marks opened before it, ``quotes`` the article's stored quotes. Someone's words that
    the sentence does not attribute are attributed: direct speech as «…», — Имя Фамилия, reported speech with
    «…, по словам Фамилии.», and a pronoun or a bare title in the attribution gets the person's name.
    """
    if is_page_line(text) or _points_back_anywhere(text):
        return None
    shown = strip_stamps(text)
    offset = start + max(text.find(shown), 0)
    quote, share = covering(offset, offset + len(shown), shown, quotes)
    inside = quotation.opens_inside or quotation.ends_inside or not balanced(shown)
    direct = quote is not None and quote.kind == "direct"
    if inside and not (direct and share >= SPEECH_SHARE):
        return None  # a piece of a quotation nobody is known to have said
    speaker = reporter = None
    if quote is not None and not names_speaker(shown, quote.speaker):
        if direct and (inside or share >= SPEECH_SHARE):
            shown, speaker = _unquoted(shown), quote.speaker
        elif not direct and share >= REPORTED_SHARE:
            reporter = quote.speaker  # «Ситуация под контролем. Об этом заявил губернатор»
        else:
            shown = _name_title(shown, quote.start - offset, quote.end - offset, quote.speaker)
    # Inside a quotation «он» is whoever the speaker talks about: only narration gets its pronoun named.
    antecedent = quote.speaker if quote is not None and speaker is None and reporter is None else None
    repaired = _repair_opening(shown, antecedent)
    if repaired is None:
        return None
    if reporter is not None:
        repaired = _attributed(repaired, reporter)
    repaired = _tidy(repaired)
    if not _reads_alone(repaired, speech=speaker is not None):
        return None
    return Reading(repaired, speaker)


def has_predicate(text: str) -> bool:
    """A finite verb, a short participle or adjective, a predicative, or a dash between two parts of a sentence
    long enough not to be a heading («Матч Россия — Армения»)."""
    found = words(text)
    if len(found) >= DASH_PREDICATE_WORDS and _DASH_PREDICATE_RE.search(text):
        return True
    return any(_predicate_word(word.lower()) for word in found)


@lru_cache(maxsize=100_000)
def _predicate_word(word: str) -> bool:
    return any(parse.tag.POS in _PREDICATE_POS for parse in parses(fold_yo(word))[:2])


def _points_back_anywhere(text: str) -> bool:
    low = text.lower()
    return any(marker in low for marker in ("этом", "этот", "том же", "ответ")) and bool(_BACK_REFERENCE_RE.search(text))


def is_glued(text: str) -> bool:
    """Two sentences run together where a crawler lost a line break («…сообщает По словам…», «…Independent.
    сообщает»): a stop followed by a lower-case word, or a capitalised function word after a lower-case one."""
    if (" ." in text or ". " in text) and _GLUED_STOP_RE.search(text):
        return True
    return any(pos(m.group(1)) in _FUNCTION_POS for m in _GLUED_CAPITAL_RE.finditer(text))


def strip_connectives(text: str) -> str:
    """The sentence without openers that only link it to the previous one («Кроме того, суд…» -> «Суд…»)."""
    for _ in range(3):
        low = text.lower()
        head = words(low[:30])[:1]
        if not head or head[0] not in _CONNECTIVE_HEADS:
            return text
        stripped = _OUTLET_REFERENCE_RE.sub("", text, count=1)
        if stripped == text:
            for phrase in _CONNECTIVES:
                if low.startswith(phrase) and not low[len(phrase) : len(phrase) + 1].isalnum():  # a whole word
                    rest = text[len(phrase) :]
                    if rest.startswith(("-", "‐")):
                        break  # «Так-то», «А-класс»
                    stripped = rest.lstrip(" ,—–-")
                    break
        if stripped == text or not stripped:
            return text
        text = stripped[:1].upper() + stripped[1:]
    return text


def _repair_opening(text: str, speaker: str | None) -> str | None:
    """Connectives dropped and a subject pronoun named; None when the opening still points back."""
    dated = _RELATIVE_DAY_RE.sub(r"\1 ", text) if _mentions_a_day(text) else text
    text = strip_connectives(dated[:1].upper() + dated[1:] if dated != text else text)
    first = words(text)[:3]
    if not first:
        return None
    low = [fold_yo(w.lower()) for w in first]
    sex = _SUBJECT_PRONOUNS.get(low[0])
    if sex is not None:
        if speaker is None or gender(speaker) not in (None, sex) or len(first) < 2:
            return None
        return surname(speaker) + text[len(first[0]) :]
    if (match := _POSSESSIVE_RE.match(text)) is not None:
        if speaker is None or gender(speaker) not in (None, "femn" if match.group(1) != "его" else "masc"):
            return None
        return f"По {match.group(2)} {surname_genitive(speaker)}" + text[match.end() :]
    if (match := _AS_HE_SAID_RE.match(text)) is not None:
        sex = _SUBJECT_PRONOUNS[fold_yo(match.group(1).lower())]
        if speaker is None or gender(speaker) not in (None, sex):
            return None
        return f"Как {surname(speaker)} " + text[match.end() :]
    if _points_back(low) or _unnamed_person(first, text):
        return None
    if (match := _CLAUSE_THEN_PRONOUN_RE.match(text)) is not None:
        sex = _SUBJECT_PRONOUNS.get(match.group(1))
        if speaker is None or sex is None or gender(speaker) not in (None, sex):
            return None  # «Говоря о России, он назвал…»: the subject was named in a sentence before
        text = text[: match.start(1)] + surname(speaker) + text[match.end(1) :]
    if (orphan := _orphan_pronoun(text)) is not None:
        sex = _SUBJECT_PRONOUNS.get(orphan.group().lower())
        if speaker is None or sex is None or gender(speaker) not in (None, sex):
            return None  # «Власти считают, что она…», «Причиной стало его несогласие…»: whose?
        text = text[: orphan.start()] + surname(speaker) + text[orphan.end() :]
    return _name_attribution(text, speaker)


def _orphan_pronoun(text: str) -> re.Match[str] | None:
    """The first third-person pronoun after the first word with nothing before it in the sentence it could
    stand for (a name, or a noun of its gender and number); quoted words are someone's speech and not read."""
    found = list(WORD_RE.finditer(_QUOTED_RE.sub(lambda m: " " * len(m.group()), text)))
    for i, match in enumerate(found[1:], start=1):
        wanted = _PRONOUN_AGREEMENT.get(match.group().lower())
        if wanted is None:
            continue
        if not any(_could_be(word.group(), wanted, first=j == 0) for j, word in enumerate(found[:i])):
            return match
        return None
    return None


def _could_be(word: str, wanted: str, *, first: bool) -> bool:
    """Could ``word`` be what a pronoun of ``wanted`` agreement («masc», «femn», «plur») stands for?"""
    found = parses(fold_yo(word.lower()))
    if not found:
        return word[:1].isupper()
    tag = found[0].tag
    name = word[:1].isupper() and (not first or bool(_PROPER & set(tag.grammemes)))
    if not name and tag.POS != "NOUN":
        return False
    if name and tag.gender is None and tag.number is None:
        return True  # a foreign name pymorphy does not know
    if wanted == "plur":
        return tag.number == "plur"
    return tag.number == "sing" and (tag.gender == wanted or "ms-f" in tag or wanted == "masc" and tag.gender == "neut")


def _name_title(text: str, quote_start: int, quote_end: int, speaker: str) -> str:
    """«…, — продолжил министр.» -> «…, — продолжил министр Хайко Маас.»: the first bare title outside the
    quote's words (``quote_start``-``quote_end``, offsets into ``text``) gets the speaker's name."""
    found = list(WORD_RE.finditer(text))
    for i, match in enumerate(found):
        if quote_start <= match.start() < quote_end or not match.group().islower():
            continue
        if not _is_person_noun(match.group()):
            continue
        following = found[i + 1].group() if i + 1 < len(found) else ""
        if following[:1].isupper():
            return text  # «представитель МИД»: a title of an institution, not of the speaker
        return text[: match.end()] + " " + speaker + text[match.end() :]
    return text


def _is_person_noun(word: str) -> bool:
    """A common noun for one person in the nominative: министр, писательница, глава."""
    found = parses(fold_yo(word.lower()))
    if not found:
        return False
    tag = found[0].tag
    return (
        tag.POS == "NOUN" and "anim" in tag and tag.number == "sing" and tag.case == "nomn"
        and not _PROPER & set(tag.grammemes)
    )


def _attributed(text: str, speaker: str) -> str:
    """Reported speech with its speaker after it: «Ремонт завершится к осени, по словам Ступина.»"""
    core = text[:-1] if text.endswith(".") and not text.endswith("..") else text
    return f"{core}, по словам {surname_genitive(speaker)}."


def _name_attribution(text: str, speaker: str | None) -> str | None:
    """«…, напомнил он, …», «…, по её словам, …» with the speaker's name; None when the pronoun's person is
    unknown."""
    if (match := _SAID_HE_RE.search(text)) is not None:
        if speaker is None or gender(speaker) not in (None, _SUBJECT_PRONOUNS[match.group(2).lower()]):
            return None
        text = text[: match.start(2)] + surname(speaker) + text[match.end(2) :]
    if (match := _INNER_POSSESSIVE_RE.search(text)) is not None:
        sex = {"его": "masc", "их": "plur"}.get(match.group(1), "femn")
        if speaker is None or gender(speaker) not in (None, sex):
            return None
        text = f"{text[: match.start()]}по {match.group(2)} {surname_genitive(speaker)}{text[match.end() :]}"
    return text


def _mentions_a_day(text: str) -> bool:
    low = text.lower()
    return any(day in low for day in _DAY_WORDS)


def _points_back(low: list[str]) -> bool:
    if low[0] in _DEPENDENT_WORDS:
        return True
    if len(low) >= 2 and low[0] in _QUANTIFIERS and low[1] in _DEPENDENT_WORDS:
        return True  # «Все они…», «Оба этих…»
    if len(low) >= 2 and low[0] in _PREPOSITIONS and low[1] in _DEPENDENT_WORDS:
        return not (len(low) >= 3 and _lemma(low[2]) in _TIME_NOUNS)  # «В этом году» is fine
    return False


def _lemma(word: str) -> str:
    found = parses(word)
    return fold_yo(found[0].normal_form) if found else word


def _unnamed_person(first: list[str], text: str) -> bool:
    """«Спортсменка заняла третье место»: a person the article named earlier, unnamed here."""
    head = 1 if len(first) > 1 and pos(first[0]) == "ADJF" else 0
    if not _is_person_noun(first[head]) or (head > 0 and first[head][:1].isupper()):
        return False
    following = words(text)[head + 1 : head + 7]
    return not any(w[:1].isupper() for w in following)


def _unquoted(text: str) -> str:
    """A sentence of someone's quotation without the marks at its edges and the attribution after them
    («"Мы… компаниями.» -> «Мы… компаниями.»)."""
    core = _TRAILING_ATTRIBUTION_RE.sub("", text.strip())
    core = core.lstrip("«„“\"").strip()
    if core.endswith(("».", "\".", "”.")) and not balanced(core):
        core = core[:-2].rstrip() + "."
    if core.endswith(("»", "“", "”", '"')) and not balanced(core):
        core = core[:-1].rstrip()
    if core and core[-1] not in ".!?…":
        core = core.rstrip(",;:—–- ") + "."
    return core


def _tidy(text: str) -> str:
    """No space before closing marks or after opening ones (a tokenised corpus writes «Карабаху .»)."""
    return _SPACE_AFTER_MARK_RE.sub(r"\1", _SPACE_BEFORE_MARK_RE.sub(r"\1", " ".join(text.split())))


def _reads_alone(text: str, *, speech: bool) -> bool:
    found = words(text)
    if not MIN_WORDS <= len(found) <= MAX_WORDS or len(text) > MAX_CHARS:
        return False
    first = text.lstrip("«„“\"(")[:1]
    if not (first.isupper() or first.isdigit()) or not _ends_a_sentence(text):
        return False
    if re.match(r"^\d+[.)]\s", text) or not balanced(text) or is_glued(text):
        return False
    if not speech and _first_person(text):
        return False
    return has_predicate(text)


def _ends_a_sentence(text: str) -> bool:
    """A full stop (or ! or …) at the end, before or after closing marks."""
    core = text.rstrip(_CLOSERS)
    return core[-1:] in (".", "!", "…") or (text[-1:] in ".!…" and text[-2:-1] in _CLOSERS)


def _first_person(text: str) -> bool:
    """First-person words outside quote marks: the outlet (or an unnamed speaker) talking."""
    outside = re.sub(r"«[^»]*»|\"[^\"]*\"|„[^“]*“", " ", text)
    return any(lemma(w) in _FIRST_PERSON for w in words(outside))
