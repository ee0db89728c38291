"""Direct speech: quotations and the attributions around them.

Every rule here has the signature ``rule(ctx, si)`` and reads the quotations that open in sentence ``si`` and are
not attributed yet.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from bot.news.language import Span
from bot.news.quotemarks import Quotation
from bot.news.quotes.context import Context
from bot.news.quotes.speakers import QuotedPeople, relative_cut, speaker_in, subject_before, until_comma
from bot.news.quotes.text import Sentence, between, is_word, low
from bot.news.quotes.vocabulary import (
    FRAGMENT_LEMMAS,
    REPORT_LEMMAS,
    SPEECH_LEMMAS,
    agreement,
    is_finite_verb,
    lemma_of,
    speech_lemma,
    verb_lemma,
)

_DASH_RE = r"[-–—]"


def _open_quotations(ctx: Context, sent: Sentence) -> list[Quotation]:
    return [q for q in ctx.doc.quotations_in(sent) if q.open not in ctx.used_quotes]


def _emit(ctx: Context, q: Quotation, start: int, end: int, person: int, sent: Sentence, at: int) -> None:
    ctx.emit(start, end, "direct", person, sent.para)
    ctx.add_event(at, person)
    ctx.used_quotes.add(q.open)


def first_speech(toks: Sequence[Span], limit: int, report: bool) -> Span | None:
    """The first speech verb among the first ``limit`` words (report verbs like «цитирует» too if asked)."""
    lemmas = SPEECH_LEMMAS | REPORT_LEMMAS if report else SPEECH_LEMMAS
    for tok in [t for t in toks if is_word(t)][:limit]:
        word = low(tok.text)
        if speech_lemma(word) or (report and verb_lemma(word, lemmas)):
            return tok
    return None


def _attribution(
    ctx: Context, sent: Sentence, a: int, b: int, exclude: Container[int], skip_quoted: bool = False
) -> int | None:
    """Speaker of an attribution clause text[a:b] that starts with (or soon has) a speech verb."""
    toks = between(sent, a, b)
    if skip_quoted:
        toks = [t for t in toks if not ctx.doc.is_quoted(t)]
    toks = relative_cut(toks)
    verb = first_speech(toks, 4, report=True) or _leading_verb(toks)
    if verb is None:
        return None
    gender, plural, _ = agreement(low(verb.text))
    if plural:
        return None
    oblique = verb_lemma(low(verb.text), REPORT_LEMMAS) is not None
    return speaker_in(ctx, toks, a, gender, oblique, exclude)


def _leading_verb(toks: Sequence[Span]) -> Span | None:
    """Any finite verb opening an attribution after a dash («», — пошутил министр»)."""
    for tok in [t for t in toks if is_word(t)][:2]:
        if is_finite_verb(low(tok.text)):
            return tok
    return None


def split_inside(ctx: Context, si: int) -> None:
    """«A, — заявил X. — B»: one quotation interrupted by its attribution."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, sent):
        exclude = QuotedPeople(ctx, q.start, q.end)
        content = ctx.text[q.start : q.end]
        for m in re.finditer(rf"([,.!?…])\s*{_DASH_RE}\s+", content):
            a = q.start + m.end()
            resume = re.search(rf"[,.]\s*{_DASH_RE}\s+", content[m.end() :])
            b = a + resume.start() if resume else q.end
            person = _attribution(ctx, sent, a, b, exclude)
            if person is None:
                continue
            first_end = q.start + m.start() + (0 if m.group(1) == "," else 1)
            _emit(ctx, q, q.start, first_end, person, sent, a)
            if resume:
                ctx.emit(a + resume.end(), q.end, "direct", person, sent.para)
            break


def after_close(ctx: Context, si: int) -> None:
    """«…», — сказал X[. — «…»]: the speaker after the closing mark, and a second quotation after the attribution."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, sent):
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


def colon_intro(ctx: Context, si: int) -> None:
    """X добавил: «…» (or just «X: «…»»)."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, sent):
        if not ctx.text[sent.start : q.open].rstrip().endswith(":"):
            continue
        last_close = max(
            (o.close for o in ctx.doc.quotations if sent.start <= o.close < q.open), default=sent.start - 1
        )
        toks = [
            t for t in between(sent, last_close + 1, q.open) if t.text != ":" and not ctx.doc.is_quoted(t)
        ]
        verb = first_speech(toks, 12, report=False)
        if verb is None and len([t for t in toks if is_word(t)]) > 4:
            continue
        gender, plural, _ = agreement(low(verb.text)) if verb else (None, False, None)
        if plural:
            continue
        person = speaker_in(ctx, toks, q.open, gender, False, QuotedPeople(ctx, q.start, q.end))
        if person is not None:
            _emit(ctx, q, q.start, q.end, person, sent, q.open)


def continuation(ctx: Context, si: int) -> None:
    """A quotation with no attribution right after a quotation of X continues X."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, sent):
        prev = ctx.last_found_before(q.open)
        if prev is None or prev.kind != "direct" or q.close < 0:
            continue
        gap = ctx.text[prev.end : q.open]
        same_para_dash = prev.para == sent.para and re.search(rf"{_DASH_RE}\s*$", gap)
        para_start = q.open == ctx.doc.paragraphs[sent.para].start
        next_para = para_start and sent.para == prev.para + 1 and _fills_paragraph(ctx, sent, q)
        if not (same_para_dash or next_para) or len(ctx.text[q.start : q.end].split()) < 3:
            continue
        _emit(ctx, q, q.start, q.end, prev.person, sent, q.open)


def _fills_paragraph(ctx: Context, sent: Sentence, q: Quotation) -> bool:
    end = ctx.doc.paragraph_end(sent.para)
    return q.close >= 0 and len(ctx.text[q.close + 1 : end].strip(" .,!?…")) == 0


def fragments(ctx: Context, si: int) -> None:
    """Quoted words inside a sentence after a speech verb («назвав его «…»») or before «по выражению X»."""
    sent = ctx.doc.sentences[si]
    for q in _open_quotations(ctx, sent):
        if q.close < 0 or ctx.is_claimed(q.start, q.end):
            continue
        content = ctx.text[q.start : q.end].strip()
        if not content or not content[0].islower():
            continue
        person = _fragment_speaker(ctx, sent, q)
        if person is not None:
            ctx.emit(q.start, q.end, "direct", person, sent.para)


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
