"""Direct speech: quotations and the attributions around them, and statements whose quote marks were lost.

Every rule here has the signature ``rule(ctx, si)`` and reads the quotations that open in sentence ``si`` and are
not attributed yet. A quotation attributed to no person (an organisation, a document, a group) is settled too,
so that no later rule gives it to someone else.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from bot.news.language import Span
from bot.news.quotemarks import Quotation
from bot.news.quotes.antecedents import is_nominative, mentions_over
from bot.news.quotes.context import Context, Found
from bot.news.quotes.speakers import (
    QuotedPeople,
    phrase_after,
    relative_cut,
    speaker_in,
    statement_owner,
    subject_before,
    until_comma,
)
from bot.news.quotes.text import Sentence, between, is_word, low
from bot.news.quotes.vocabulary import (
    FRAGMENT_LEMMAS,
    PHRASE_PREDICATES,
    PHRASE_VERBS,
    REPORT_LEMMAS,
    SPEECH_LEMMAS,
    STATEMENT_NOUNS,
    agreement,
    first_or_second_person,
    first_person,
    impersonal_speech,
    is_finite_verb,
    lemma_of,
    speech_lemma,
    verb_lemma,
)

_DASH_RE = r"[-–—]"
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZА-ЯЁ«\"])")
# Where a split quotation resumes: «…, — сказал он. — …», or «… — заявила Бруни — Меня …» with no period.
_RESUME = re.compile(rf"[,.]\s*{_DASH_RE}\s+|\s{_DASH_RE}\s+(?=[A-ZА-ЯЁ«])")
NOBODY = -1  # an attribution that names no person


def _open_quotations(ctx: Context, si: int) -> list[Quotation]:
    return [q for q in ctx.doc.quotations_in(si) if q.open not in ctx.used_quotes]


def _emit(ctx: Context, q: Quotation, start: int, end: int, person: int, sent: Sentence, at: int) -> None:
    ctx.used_quotes.add(q.open)
    if person != NOBODY:
        ctx.emit(start, end, "direct", person, sent.para)
        ctx.add_event(at, person)


def first_speech(toks: Sequence[Span], limit: int, report: bool) -> Span | None:
    """The first speech verb among the first ``limit`` words (report verbs like «цитирует» too if asked)."""
    lemmas = SPEECH_LEMMAS | REPORT_LEMMAS if report else SPEECH_LEMMAS
    for tok in [t for t in toks if is_word(t)][:limit]:
        word = low(tok.text)
        if speech_lemma(word) or (report and verb_lemma(word, lemmas)) or impersonal_speech(word):
            return tok
    return None


def _attribution(
    ctx: Context, sent: Sentence, a: int, b: int, exclude: Container[int], skip_quoted: bool = False
) -> int | None:
    """Speaker of an attribution clause text[a:b] that starts with (or soon has) a speech verb.

    None when text[a:b] is no attribution, NOBODY when it attributes the quotation to no person («—
    говорится в сообщении», «— сказали в мэрии»). The agency of a report verb is not the speaker: its object is
    («— цитирует агентство Морозову»).
    """
    toks = between(sent, a, b)
    if skip_quoted:
        toks = [t for t in toks if not ctx.doc.is_quoted(t)]
    toks = relative_cut(toks)
    verb = first_speech(toks, 4, report=True) or _leading_verb(toks)
    if verb is None:
        return None
    word = low(verb.text)
    if impersonal_speech(word):
        person = statement_owner(ctx, toks)
    elif verb_lemma(word, REPORT_LEMMAS):
        person = speaker_in(ctx, toks, a, None, True, exclude)
    else:
        gender, plural, _ = agreement(word)
        person = None if plural else speaker_in(ctx, toks, a, gender, False, exclude)
    return NOBODY if person is None else person


def _leading_verb(toks: Sequence[Span]) -> Span | None:
    """Any finite verb opening an attribution after a dash («», — пошутил министр»)."""
    words = [t for t in toks if is_word(t)]
    return words[0] if words and is_finite_verb(low(words[0].text)) else None


def split_inside(ctx: Context, si: int) -> None:
    """«A, — заявил X. — B»: one quotation interrupted by its attribution."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, si):
        content = ctx.text[q.start : q.end]
        for m in re.finditer(rf"([,.!?…])\s*{_DASH_RE}\s+", content):
            a = q.start + m.end()
            resume = _RESUME.search(content, m.end())
            if resume is None:
                continue
            b = q.start + resume.start()
            person = _attribution(ctx, sent, a, b, QuotedPeople(ctx, q.start, q.end))
            if person is None:
                continue
            first_end = q.start + m.start() + (0 if m.group(1) == "," else 1)
            _emit(ctx, q, q.start, first_end, person, sent, a)
            if person != NOBODY:
                ctx.emit(q.start + resume.end(), q.end, "direct", person, sent.para)
            break


def split_plain(ctx: Context, si: int) -> None:
    """«A, уточнила бывший министр. B»: the attribution interrupts the quotation with no dashes around it."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, si):
        if q.close < 0:
            continue  # an unclosed mark may run on into the narrative
        content = ctx.text[q.start : q.end]
        for m in re.finditer(r",\s+", content):
            a = q.start + m.end()
            resume = _SENTENCE_END.search(ctx.text, a, q.end)
            if resume is None:
                break
            toks = between(sent, a, resume.start())
            if not toks or len(toks) > 8 or not _third_person_speech(low(toks[0].text)):
                continue
            gender = agreement(low(toks[0].text))[0]
            if re.search(r'[«»„“”"]', ctx.text[resume.end() : q.end]):
                break  # marks inside the second part: the pairing of the marks is in doubt
            person = speaker_in(ctx, toks[1:], a, gender, False, QuotedPeople(ctx, q.start, q.end))
            if person is None:
                continue
            _emit(ctx, q, q.start, q.start + m.start(), person, sent, a)
            ctx.emit(resume.end(), q.end, "direct", person, sent.para)
            break


def _third_person_speech(word: str) -> bool:
    gender, plural, pos = agreement(word)
    return bool(speech_lemma(word)) and pos == "VERB" and not plural and not first_or_second_person(word)


def after_close(ctx: Context, si: int) -> None:
    """«…», — сказал X[. — «…»]: the speaker after the closing mark, and a second quotation after the attribution."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, si):
        if q.close < 0:
            continue
        m = re.match(rf"\s*[,.!?…]?\s*{_DASH_RE}\s*", ctx.text[q.close + 1 : sent.end])
        if not m:
            continue
        a = q.close + 1 + m.end()
        para_end = ctx.doc.paragraph_end(sent.para)
        nxt = next((o for o in ctx.doc.quotations if a <= o.open < para_end), None)
        gap = ctx.text[a : nxt.open] if nxt else ""
        cont = nxt if nxt and re.search(rf"^[^.!?…]*[,.!?…]\s*{_DASH_RE}\s*$", gap) else None
        exclude = QuotedPeople(ctx, q.start, q.end)
        person = _attribution(ctx, sent, a, cont.open if cont else sent.end, exclude, skip_quoted=True)
        if person is None:
            continue
        _emit(ctx, q, q.start, q.end, person, sent, q.close)
        if cont is not None:
            _emit(ctx, cont, cont.start, cont.end, person, sent, cont.open)


# ---------------------------------------------------------------- X заявил: «…» / X заявил:\n…


def colon_speaker(ctx: Context, sent: Sentence, a: int, b: int) -> int | None:
    """Speaker of a lead ``text[a:b]`` that ends in a colon: «Депутат Кира Морошкина добавила», «Он отметил,
    что …», «… и направил заявление», «Об этом сообщил журналистам сам Ланцев», or just «Министр Иванов»."""
    toks = _main_clause([t for t in between(sent, a, b) if t.text != ":" and not ctx.doc.is_quoted(t)])
    words = [t for t in toks if is_word(t)]
    if not words:
        return None
    j = _lead_predicate(toks)
    if j is None:
        if len(words) > 4 or any(agreement(low(t.text))[2] for t in words):
            return None
        person = _label_speaker(ctx, toks)
        return person if person is not None else statement_owner(ctx, toks)
    word = low(toks[j].text)
    gender, plural, _ = agreement(word)
    if plural or first_or_second_person(word) or impersonal_speech(word):
        return None
    person = subject_before(ctx, sent, _position(sent, toks[j]), gender)
    if person is None:
        person = speaker_in(ctx, phrase_after(ctx, toks[j + 1 :]), b, gender, False, set())
    return person


def _label_speaker(ctx: Context, toks: Sequence[Span]) -> int | None:
    """«Министр Иванов:» — a lead that is only a name (in the nominative) labels the speaker; «Слова
    Сагдеева:» is handled by the statement noun."""
    found = [m for m in mentions_over(ctx, toks) if is_nominative(m)]
    return found[0].person if found else None


def _position(sent: Sentence, tok: Span) -> int:
    return next(i for i, t in enumerate(sent.tokens) if t.start == tok.start)


def _lead_predicate(toks: Sequence[Span]) -> int | None:
    """Index of the speech predicate of a colon lead: a speech verb («заявил», «пролил свет»), or the verb
    before a statement noun that ends the lead («направил заявление:»)."""
    for j, tok in enumerate(toks):
        word = low(tok.text)
        if speech_lemma(word) or impersonal_speech(word):
            return j
        lemma = verb_lemma(word, PHRASE_VERBS)
        if lemma and j + 1 < len(toks) and lemma_of(low(toks[j + 1].text)) in PHRASE_PREDICATES[lemma]:
            return j
    words = [t for t in toks if is_word(t)]
    if len(words) >= 2 and lemma_of(low(words[-1].text)) in STATEMENT_NOUNS:
        for j in range(len(toks) - 2, -1, -1):
            if agreement(low(toks[j].text))[2] == "VERB" and is_finite_verb(low(toks[j].text)):
                return j
    return None


def _main_clause(toks: list[Span]) -> list[Span]:
    """Drop relative clauses («…, о котором ранее говорил Ветров») from a lead: their verbs are not its own."""
    out: list[Span] = []
    skipping = False
    for i, tok in enumerate(toks):
        if tok.text == ",":
            nxt = [low(t.text) for t in toks[i + 1 : i + 3]]
            skipping = bool(nxt) and (
                nxt[0] in _RELATIVE_OPENERS or (len(nxt) > 1 and nxt[1] in _RELATIVE_OPENERS)
            )
            if skipping:
                continue
        if not skipping:
            out.append(tok)
    return out


_RELATIVE_OPENERS = frozenset(
    "который которая которое которые которого которой которым которому которых котором где куда откуда".split()
)


def colon_intro(ctx: Context, si: int) -> None:
    """X добавил: «…» — the lead may also end the previous paragraph (X заявил:↵«…»)."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, si):
        lead = _colon_lead(ctx, sent, si, q)
        if lead is None:
            continue
        lead_sent, a, b = lead
        person = colon_speaker(ctx, lead_sent, a, b)
        if person is not None:
            _emit(ctx, q, q.start, q.end, person, sent, q.open)


def _colon_lead(ctx: Context, sent: Sentence, si: int, q: Quotation) -> tuple[Sentence, int, int] | None:
    before = ctx.text[sent.start : q.open].rstrip()
    if before:
        if not before.endswith(":") or re.search(r"\bчто\s*:$", before):
            return None  # «заявил, что: «…»» is a reported clause with quoted words
        last_close = max(
            (o.close for o in ctx.doc.quotations if sent.start <= o.close < q.open), default=sent.start - 1
        )
        return sent, last_close + 1, q.open
    if si == 0 or ctx.doc.sentences[si - 1].para != sent.para - 1:
        return None
    prev = ctx.doc.sentences[si - 1]
    if not ctx.text[prev.start : prev.end].rstrip().endswith(":"):
        return None
    return prev, prev.start, prev.end


# ---------------------------------------------------------------- continuations and fragments


def continuation(ctx: Context, si: int) -> None:
    """A quotation with no attribution continues the previous speaker's: after a dash in the same paragraph,
    as the whole next paragraph, or as a first-person passage that ends a paragraph of a piece about one
    speaker («Следующее направление — экология. «Мы уже работаем …»»)."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, si):
        prev = ctx.last_found_before(q.open)
        if prev is None or prev.kind != "direct" or q.close < 0:
            continue
        if len(ctx.text[q.start : q.end].split()) < 3:
            continue
        gap = ctx.text[prev.end : q.open]
        same_para_dash = prev.para == sent.para and re.search(rf"^[^.!?…]*[,.!?…]\s*{_DASH_RE}\s*$", gap)
        fills = _fills_paragraph(ctx, sent, q)
        next_para = q.open == ctx.doc.paragraphs[sent.para].start and sent.para == prev.para + 1 and fills
        if same_para_dash or next_para or (fills and _implicit(ctx, sent, q, prev)):
            _emit(ctx, q, q.start, q.end, prev.person, sent, q.open)


def _implicit(ctx: Context, sent: Sentence, q: Quotation, prev: Found) -> bool:
    """A quoted first-person passage after narrative sentences, with no one else named since the last quote
    (nor in the passage as a subject: that would be a lost attribution)."""
    if q.open != sent.start or sent.para - prev.para > 1 or not ctx.text[q.start : q.start + 1].isupper():
        return False
    words = [t for t in sent.tokens if is_word(t) and q.start <= t.start < q.end]
    if len(words) < 5 or not any(first_person(low(t.text)) for t in words):
        return False
    return not any(
        prev.end <= m.start < q.end
        and m.person != prev.person
        and (m.start not in ctx.doc.quoted or is_nominative(m))
        for m in ctx.people.mentions
    )


def _fills_paragraph(ctx: Context, sent: Sentence, q: Quotation) -> bool:
    end = ctx.doc.paragraph_end(sent.para)
    return q.close >= 0 and len(ctx.text[q.close + 1 : end].strip(" .,!?…")) == 0


def fragments(ctx: Context, si: int) -> None:
    """Quoted words inside a sentence after a speech verb («назвав его «…»») or before «по выражению X»."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, si):
        if q.close < 0 or ctx.is_claimed(q.start, q.end):
            continue
        content = ctx.text[q.start : q.end].strip()
        if not content or not content[0].islower():
            continue
        person = _fragment_speaker(ctx, sent, q)
        if person is not None:
            _emit(ctx, q, q.start, q.end, person, sent, q.open)


def _fragment_speaker(ctx: Context, sent: Sentence, q: Quotation) -> int | None:
    after = [t for t in sent.tokens if t.start > q.close]
    if len(after) > 3 and after[0].text == "," and low(after[1].text) == "по":
        if lemma_of(low(after[2].text)) == "выражение":
            return speaker_in(ctx, until_comma(ctx, after[3:]), q.open, None, True, set())
    before = [t for t in sent.tokens if t.end <= q.open]
    for j in range(len(before) - 1, -1, -1):
        tok = before[j]
        if ctx.doc.is_quoted(tok):
            return None
        word = low(tok.text)
        if (speech_lemma(word) or verb_lemma(word, FRAGMENT_LEMMAS)) and not agreement(word)[1]:
            return subject_before(ctx, sent, j, agreement(word)[0])
    return None
