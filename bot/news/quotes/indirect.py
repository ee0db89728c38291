"""Indirect speech: reported clauses and the predicates that introduce them.

Every rule here has the signature ``rule(ctx, si)``. Headline lines and sentences already read as an attribution
are skipped (:func:`clause_rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps

from bot.news.language import Span
from bot.news.quotemarks import DASHES
from bot.news.quotes.antecedents import is_nominative, mentions_over
from bot.news.quotes.context import Context, trim
from bot.news.quotes.speakers import (
    QuotedPeople,
    names_someone,
    phrase_after,
    relative_cut,
    speaker_in,
    statement_owner,
    subject_before,
    until_comma,
)
from bot.news.quotes.text import Sentence, between, is_word, low
from bot.news.quotes.titles import is_nominative_title
from bot.news.quotes.vocabulary import (
    ACCORDING_NOUNS,
    ATTRIBUTION_LEMMAS,
    CONTRAST,
    INFINITIVE_LEMMAS,
    OBLIQUE_PRONOUNS,
    PHRASE_PREDICATES,
    PHRASE_VERBS,
    PRONOUNS,
    RELATIVE,
    REPORT_LEMMAS,
    STATEMENT_NOUNS,
    WH_WORDS,
    agreement,
    first_or_second_person,
    first_pos,
    impersonal_speech,
    lemma_of,
    may_be_genitive,
    may_predicate,
    pos_set,
    speech_lemma,
    title_noun,
    verb_lemma,
)

SentenceRule = Callable[[Context, int], None]
_NOT_INTERRUPTING = frozenset({"GRND", "PRTF", "PREP", "VERB"})


def clause_rule(rule: SentenceRule) -> SentenceRule:
    """Skip headline lines and sentences another rule has settled."""

    @wraps(rule)
    def apply(ctx: Context, si: int) -> None:
        if not ctx.doc.sentences[si].heading and si not in ctx.settled:
            rule(ctx, si)

    return apply


def unsettled_rule(rule: SentenceRule) -> SentenceRule:
    """Skip sentences another rule has settled."""

    @wraps(rule)
    def apply(ctx: Context, si: int) -> None:
        if si not in ctx.settled:
            rule(ctx, si)

    return apply


def emit_clause(ctx: Context, sent: Sentence, a: int, b: int, person: int) -> bool:
    """An indirect clause; when it is exactly one quotation, its content as direct speech."""
    a, b = trim(ctx.text, a, b)
    for q in ctx.doc.quotations:
        if q.open == a and q.close == b - 1:
            ctx.used_quotes.add(q.open)
            return ctx.emit(q.start, q.end, "direct", person, sent.para)
    if len([t for t in between(sent, a, b) if is_word(t)]) >= 2:
        return ctx.emit(a, b, "indirect", person, sent.para)
    return False


# ---------------------------------------------------------------- «… . Об этом заявил X.»


def _about_this(ctx: Context, si: int) -> tuple[Span, list[Span]] | None:
    """(speech verb, attribution phrase) when sentence ``si`` points back at the previous one: «Об этом
    заявил X», «С таким заявлением выступил X», «Такое заявление X сделал …»."""
    toks = ctx.doc.sentences[si].tokens
    words = [t for t in toks if is_word(t)]
    n = _opener_length([low(t.text) for t in words[:3]])
    if n == 0 or len(words) < n + 1:
        return None
    rest = [t for t in toks if t.start > words[n - 1].start]
    if rest and rest[0].text == ",":  # «Об этом, как сообщает агентство, заявил X»
        close = next((i for i, t in enumerate(rest[1:], 1) if t.text == ","), len(rest) - 1)
        rest = rest[close + 1 :]
    verb = next((t for t in [t for t in rest if is_word(t)][:4] if _points_back(low(t.text))), None)
    if verb is None:
        return None
    phrase = [t for t in rest if t.start < verb.start] + phrase_after(
        ctx, [t for t in rest if t.start > verb.start]
    )
    if not names_someone(ctx, phrase):
        return None
    return verb, phrase


def _opener_length(first: list[str]) -> int:
    """Words of a demonstrative opener: «об этом» (2), «такое заявление» (2), «с таким заявлением» (3)."""
    if len(first) >= 2 and first[0] in ("об", "о") and first[1] == "этом":
        return 2
    if (
        len(first) >= 3
        and first[0] == "с"
        and _demonstrative(first[1])
        and lemma_of(first[2]) in STATEMENT_NOUNS
    ):
        return 3
    if len(first) >= 2 and _demonstrative(first[0]) and lemma_of(first[1]) in STATEMENT_NOUNS:
        return 2
    return 0


def _demonstrative(word: str) -> bool:
    return lemma_of(word) in ("этот", "такой", "подобный")


def _points_back(word: str) -> bool:
    """A verb that makes the opener's statement someone's: «заявил», «выступил (с ним)», «сделал (его)»."""
    return bool(speech_lemma(word)) or verb_lemma(word, _DELIVER_LEMMAS) is not None


_DELIVER_LEMMAS = frozenset({"выступить", "сделать"})


@clause_rule
def anaphoric(ctx: Context, si: int) -> None:
    """«S. Об этом заявил X.»: sentence S is X's statement."""
    if si + 1 >= len(ctx.doc.sentences):
        return
    attribution = _about_this(ctx, si + 1)
    if attribution is None:
        return
    verb, phrase = attribution
    gender, plural, _ = agreement(low(verb.text))
    person = (
        None if plural else speaker_in(ctx, phrase, ctx.doc.sentences[si + 1].start, gender, False, set())
    )
    if person is None:
        return
    sent = ctx.doc.sentences[si]
    emit_clause(ctx, sent, sent.start, sent.end, person)
    ctx.add_event(verb.start, person)
    ctx.settled.update((si, si + 1))


# ---------------------------------------------------------------- По словам X, … / Как отметил X, …


@clause_rule
def according_to(ctx: Context, si: int) -> None:
    """По словам / мнению X, … — only at the start of a sentence (after at most a connective). The comma after
    the name is sometimes missing («По словам Кикнадзе ни одна …»)."""
    sent = ctx.doc.sentences[si]
    toks = sent.tokens
    for i in range(min(5, len(toks) - 3)):
        if low(toks[i].text) != "по":
            continue
        if lemma_of(low(toks[i + 1].text)) in ACCORDING_NOUNS:
            phrase = _source_phrase(ctx, toks[i + 2 :])
            after = i + 2 + len(phrase)
        elif low(toks[i + 1].text) in OBLIQUE_PRONOUNS and lemma_of(low(toks[i + 2].text)) in ACCORDING_NOUNS:
            phrase, after = [toks[i + 1]], i + 3
        else:
            return
        if any(pos_set(low(t.text)) & {"VERB", "NOUN", "ADJF", "NPRO"} for t in toks[:i] if is_word(t)):
            return  # «Клуб, по его словам, …» is a clause of its own, not a lead-in
        if after >= len(toks):
            return
        said = QuotedPeople(ctx, toks[after].start, sent.end)
        person = speaker_in(ctx, phrase, toks[i].start, None, True, said)
        if person is None:
            return
        rest: int | None = toks[after].start
        if toks[after].text in DASHES:
            rest = toks[after].end
        elif toks[after].text == ",":
            rest = _after_comma(ctx, toks, after)
            if rest is not None and _starts_relative(toks, rest):
                rest = _after_comma(ctx, toks, next(n for n, t in enumerate(toks) if t.start >= rest))
        if rest is None:
            return
        emit_clause(ctx, sent, rest, sent.end, person)
        ctx.add_event(toks[i].start, person)
        ctx.settled.add(si)
        return


def _source_phrase(ctx: Context, toks: Sequence[Span]) -> list[Span]:
    """Who «по словам …» cites: the phrase in the genitive right after the noun («главного редактора
    "Рамблер-Новости" Ильи Ветрова», «его супруги Анны Ветровой»), up to the comma, or up to the first word
    that cannot be in the genitive when the comma is missing («По словам Кикнадзе ни одна …»)."""
    phrase: list[Span] = []
    for tok in until_comma(ctx, toks):
        if tok.text in DASHES:
            break
        if is_word(tok) and tok.text[:1].islower() and not ctx.doc.is_quoted(tok):
            if not may_be_genitive(low(tok.text)):
                break
        phrase.append(tok)
    return phrase


def _starts_relative(toks: Sequence[Span], pos: int) -> bool:
    """«По словам X, который …, …»: the clause right after the comma still describes X."""
    nxt = next((t for t in toks if t.start >= pos), None)
    return nxt is not None and low(nxt.text) in RELATIVE


def _after_comma(ctx: Context, toks: Sequence[Span], k: int) -> int | None:
    for tok in toks[k:]:
        if tok.text == "," and not ctx.doc.is_quoted(tok):
            return tok.end
    return None


@clause_rule
def as_said(ctx: Context, si: int) -> None:
    """Как отметил X, … / Как он отметил, … — an apposition after the name («…, глава ассоциации, …») is not
    the statement."""
    sent = ctx.doc.sentences[si]
    toks = sent.tokens
    if len(toks) < 4 or low(toks[0].text) != "как":
        return
    lead = until_comma(ctx, toks[1:])
    verb = next((t for t in lead[:4] if speech_lemma(low(t.text))), None)
    rest = len(lead) + 2
    if verb is None or rest >= len(toks):
        return
    if is_nominative_title(toks[rest].text):
        close = next((k for k in range(rest, len(toks)) if toks[k].text == ","), None)
        if close is None or close + 1 >= len(toks):
            return
        rest = close + 1
    gender, plural, _ = agreement(low(verb.text))
    phrase = [t for t in lead if t is not verb]
    said = QuotedPeople(ctx, toks[rest].start, sent.end)
    person = None if plural else speaker_in(ctx, phrase, toks[0].start, gender, False, said)
    if person is None:
        return
    emit_clause(ctx, sent, toks[rest].start, sent.end, person)
    ctx.add_event(verb.start, person)
    ctx.settled.add(si)


# ---------------------------------------------------------------- X заявил, что … / …, заявил X.


def _predicate_end(toks: Sequence[Span], j: int) -> int | None:
    """Index of the last token of a speech predicate starting at ``j`` («заявил», «выразил надежду»)."""
    word = low(toks[j].text)
    if speech_lemma(word):
        return j
    lemma = verb_lemma(word, PHRASE_VERBS)
    if lemma and j + 1 < len(toks) and lemma_of(low(toks[j + 1].text)) in PHRASE_PREDICATES[lemma]:
        return j + 1
    return None


def _complement_start(ctx: Context, toks: Sequence[Span], e: int, lemma: str | None) -> int | None:
    """Character offset where the reported clause after the predicate ending at ``e`` begins."""
    if e + 2 < len(toks) and toks[e + 1].text == ",":
        nxt = low(toks[e + 2].text)
        if nxt in WH_WORDS or (
            e + 3 < len(toks) and "PREP" in pos_set(nxt) and low(toks[e + 3].text) in WH_WORDS
        ):
            return toks[e + 2].start
    for k in range(e + 1, min(len(toks), e + 13)):
        tok = toks[k]
        word = low(tok.text)
        if ctx.doc.is_quoted(tok):
            break
        if word == "что" or tok.text == ":":
            return tok.end
        if tok.text == "," and not (k + 1 < len(toks) and low(toks[k + 1].text) == "что"):
            break
        if k > e + 1 and "VERB" in pos_set(word) and word not in ("о", "об"):
            break
    if lemma in PHRASE_VERBS and e + 1 < len(toks) and "INFN" in pos_set(low(toks[e + 1].text)):
        return toks[e].start  # «выразил готовность предоставить …»
    if lemma in INFINITIVE_LEMMAS:
        for k in range(e + 1, min(len(toks), e + 6)):
            if toks[k].text == ",":
                break
            if "INFN" in pos_set(low(toks[k].text)):
                return toks[e + 1].start
    if lemma in ("заявить", "заявлять", "сообщить", "сообщать") and e + 1 < len(toks):
        if low(toks[e + 1].text) in ("о", "об"):
            return toks[e + 1].start
    return None


def _complement_end(
    ctx: Context, toks: Sequence[Span], start: int, gender: str | None
) -> tuple[int, Span | None]:
    """End offset of a reported clause and the next coordinated speech verb, if any («…, и подчеркнул, что»)."""
    inside = [i for i, t in enumerate(toks) if t.start >= start]
    for i in inside:
        tok = toks[i]
        if ctx.doc.is_quoted(tok) or i + 1 >= len(toks):
            continue
        nxt = toks[i + 1]
        nword = low(nxt.text)
        if tok.text == "," and not ctx.doc.is_quoted(nxt):
            if speech_lemma(nword) or verb_lemma(nword, REPORT_LEMMAS):
                return tok.start, nxt if agreement(nword)[2] == "GRND" else None
            k = i + 3 if i + 2 < len(toks) and low(toks[i + 2].text) == "не" else i + 2
            if nword in CONTRAST | {"и"} and k < len(toks) and gender:
                kword = low(toks[k].text)
                if agreement(kword)[0] == gender and "VERB" in pos_set(kword):
                    return tok.start, None
        if low(tok.text) == "и" and i > inside[0] and speech_lemma(nword) and agreement(nword)[2] == "VERB":
            return tok.start, nxt
    return toks[-1].end if toks else start, None


@unsettled_rule
def that_clause(ctx: Context, si: int) -> None:
    """X заявил / считает / пообещал …, что …; X рассказал, в каких …; X заявил о готовности ….

    A lead printed as a headline line («… отметила, что "удивлена" его решением») is read for «что» clauses
    only. The clause of a speech verb with no person behind it («сообщалось, что …», «депутаты заявили, что …»)
    is remembered as a frame: a bare title inside it names no one the article introduced.
    """
    sent = ctx.doc.sentences[si]
    toks = sent.tokens
    for j, tok in enumerate(toks):
        if not may_predicate(low(tok.text)) or ctx.doc.is_quoted(tok) or ctx.is_claimed(tok.start, tok.end):
            continue
        if sent.heading:
            if _predicate_end(toks, j) == j and j + 2 < len(toks) and low(toks[j + 2].text) == "что":
                _verb_clause(ctx, sent, j)
        elif impersonal_speech(low(tok.text)):
            _frame(ctx, toks, _complement_start(ctx, toks, j, None))
        elif _predicate_end(toks, j) is not None:
            _verb_clause(ctx, sent, j)


def _verb_clause(ctx: Context, sent: Sentence, j: int) -> None:
    """The clause of the speech predicate at token ``j``."""
    toks = sent.tokens
    tok, word = toks[j], low(toks[j].text)
    e = _predicate_end(toks, j)
    if e is None or (j > 0 and low(toks[j - 1].text) == "не") or first_or_second_person(word):
        return
    gender, plural, pos = agreement(word)
    if pos == "INFN":
        return
    lemma = speech_lemma(word) or verb_lemma(word, PHRASE_VERBS)
    start = _complement_start(ctx, toks, e, lemma)
    head = j
    if pos == "GRND":
        head = _main_verb(ctx, toks, j, start if start is not None else tok.end)
        gender, plural, _ = agreement(low(toks[head].text))
    if plural or gender == "neut":
        _frame(ctx, toks, start)
        return
    if start is None:
        return
    end, nxt = _complement_end(ctx, toks, start, gender)
    person = ctx.inherited.get(tok.start)
    if person is None:
        person = _subject(ctx, sent, head, j, gender)
    if person is None:
        _frame(ctx, toks, start)
        return
    emit_clause(ctx, sent, start, end, person)
    ctx.add_event(tok.start, person)
    if nxt is not None:
        ctx.inherited[nxt.start] = person


def _main_verb(ctx: Context, toks: Sequence[Span], j: int, after: int) -> int:
    """A gerund («заявив») hangs on the finite verb of its clause, whose subject and agreement it shares: the
    nearest one before it, else the first one after its own clause."""
    later = [i for i in range(j + 1, len(toks)) if toks[i].start >= after]
    for i in [*range(j - 1, -1, -1), *later]:
        if not ctx.doc.is_quoted(toks[i]) and first_pos(low(toks[i].text)) == "VERB":
            return i
    return j


def _subject(ctx: Context, sent: Sentence, head: int, j: int, gender: str | None) -> int | None:
    """Subject of the predicate at ``head``; for a gerund after its main verb, also the subject that follows
    that verb («…, — сказал он, добавив, что …»)."""
    toks = sent.tokens
    if head < j and head + 1 < len(toks) and _names_at(ctx, toks[head + 1]):
        phrase = phrase_after(ctx, toks[head + 1 : j])
        return speaker_in(ctx, phrase, toks[head].start, gender, False, set())
    return subject_before(ctx, sent, head, gender)


def _names_at(ctx: Context, tok: Span) -> bool:
    """Does a subject (pronoun, title or name) start at ``tok``?"""
    word = low(tok.text)
    return word in PRONOUNS or title_noun(word) or any(m.start == tok.start for m in ctx.people.mentions)


@clause_rule
def speaker_after(ctx: Context, si: int) -> None:
    """…, заявил X. — a speech verb with no clause of its own, after a comma or a dash."""
    sent = ctx.doc.sentences[si]
    toks = sent.tokens
    for j in range(2, len(toks)):
        tok, word = toks[j], low(toks[j].text)
        if toks[j - 1].text not in _AFTER or not may_predicate(word):
            continue
        if ctx.doc.is_quoted(tok) or ctx.is_claimed(tok.start, tok.end):
            continue
        if impersonal_speech(word):
            _speaker_after(ctx, sent, j, None)
            continue
        speech = _predicate_end(toks, j) == j and _complement_start(ctx, toks, j, speech_lemma(word)) is None
        if not speech and not verb_lemma(word, ATTRIBUTION_LEMMAS):
            continue
        gender, plural, pos = agreement(word)
        if pos == "VERB" and not plural and gender != "neut" and not first_or_second_person(word):
            _speaker_after(ctx, sent, j, gender)


_AFTER = frozenset({",", *DASHES})


def _frame(ctx: Context, toks: Sequence[Span], start: int | None) -> None:
    """Remember the clause starting at ``start`` as a statement no one named makes."""
    if start is not None:
        ctx.frames.append((start, _complement_end(ctx, toks, start, None)[0]))


def _with_apposition(ctx: Context, toks: Sequence[Span], phrase: list[Span]) -> list[Span]:
    """«сказал директор музея, Борис Лемехов»: a name set off by a comma still belongs to the phrase."""
    if not phrase:
        return phrase
    after = [t for t in toks if t.start > phrase[-1].start]
    if len(after) < 2 or after[0].text != ",":
        return phrase
    name = next((m for m in mentions_over(ctx, after[1:2]) if m.start == after[1].start), None)
    if name is None or not is_nominative(name):
        return phrase
    return phrase + [t for t in after if t.end <= name.end]


def _speaker_after(ctx: Context, sent: Sentence, j: int, gender: str | None) -> None:
    """…, заявил X. — the clause before the verb is the quote; the whole sentence if X interrupts it
    («Сейчас, продолжал он, правительство …»). With «…, говорится в заявлении X-а» the statement's owner
    speaks."""
    toks = sent.tokens
    k = j - 2 if toks[j - 1].text in DASHES and toks[j - 2].text == "," else j - 1
    before = [t for t in toks[:k] if not ctx.is_claimed(t.start, t.end)]
    if not before or (ctx.doc.is_quoted(toks[k - 1]) and toks[k - 1].end >= toks[k].start):
        return
    if ctx.is_claimed(toks[k - 1].start, toks[k - 1].end):
        return
    phrase = _with_apposition(ctx, toks, relative_cut(phrase_after(ctx, toks[j + 1 :])))
    rest = [t for t in toks if t.start > phrase[-1].start] if phrase else toks[j + 1 :]
    interrupted = (
        len(rest) > 4
        and rest[0].text == ","
        and rest[1].text[:1].islower()
        and low(rest[1].text) not in RELATIVE
        and not (pos_set(low(rest[1].text)) & _NOT_INTERRUPTING)
        and not speech_lemma(low(rest[1].text))
    )
    if len([t for t in before if is_word(t)]) < (1 if interrupted else 3):
        return
    if impersonal_speech(low(toks[j].text)):
        person = statement_owner(ctx, phrase)
    else:
        said = QuotedPeople(ctx, before[0].start, toks[k].start)  # «…Мэй…, добавила она» is not Мэй
        person = speaker_in(ctx, phrase, toks[j].start, gender, False, said)
    if person is None:
        return
    emit_clause(ctx, sent, before[0].start, sent.end if interrupted else toks[k].start, person)
    ctx.add_event(toks[j].start, person)
