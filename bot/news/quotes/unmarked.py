"""Statements whose quote marks were lost in scraping: «X написал в фейсбуке:» and a line break, then the
statement as plain paragraphs (common in Wikinews and agency copy)."""

from __future__ import annotations

import re

from bot.news.language import Span
from bot.news.quotemarks import OPENING
from bot.news.quotes.antecedents import is_nominative, mentions_over
from bot.news.quotes.context import Context
from bot.news.quotes.direct import colon_speaker
from bot.news.quotes.text import TERMINAL, Sentence, is_word, low
from bot.news.quotes.vocabulary import (
    ACCORDING_NOUNS,
    FRAGMENT_LEMMAS,
    PRONOUNS,
    agreement,
    first_or_second_person,
    first_person,
    lemma_of,
    speech_lemma,
    verb_lemma,
)

_THAT_COLON = re.compile(r"\bчто\s*:$")


def unmarked(ctx: Context, si: int) -> None:
    """X написал в фейсбуке:↵ a paragraph with no quote marks (lost in scraping) is X's statement; so are the
    paragraphs after it that still speak in the first person."""
    sent = ctx.doc.sentences[si]
    paras = ctx.doc.paragraphs
    if sent.para + 1 >= len(paras) or sent.end != paras[sent.para].end:
        return
    lead = ctx.text[sent.start : sent.end]
    if not lead.endswith(":") or _THAT_COLON.search(lead):
        return  # «заявил, что:» introduces a reported clause
    body = paras[sent.para + 1]
    if body.text[0] in OPENING + '"“' or ctx.doc.first_sentence(sent.para + 1).heading:
        return
    if ctx.text.count("\n", sent.end, body.start) > 2:
        return
    person = colon_speaker(ctx, sent, sent.start, sent.end)
    if person is None or not _speaks_for_self(ctx, body, person):
        return
    end = body.end
    for nxt in paras[sent.para + 2 :]:
        if not _goes_on_speaking(ctx, nxt, person) or ctx.text.count("\n", end, nxt.start) > 2:
            break
        end = nxt.end
    ctx.emit(body.start, _trim_period(ctx.text, body.start, end), "direct", person, sent.para + 1)
    ctx.add_event(body.start, person)


def _speaks_for_self(ctx: Context, para: Span, person: int) -> bool:
    """The paragraph after the colon is the statement itself, not narrative that lost the statement: it does
    not end in a new lead, name the speaker, or open with «Он добавил» about the speaker."""
    if para.text.endswith(":"):
        return False
    first = ctx.doc.first_sentence(_index(ctx, para))
    if any(m.person == person and is_nominative(m) for m in mentions_over(ctx, first.tokens)):
        return False
    if _own_attribution(ctx, first, person):
        return False
    words = [low(t.text) for t in first.tokens if is_word(t)][:3]
    gender = ctx.people.persons[person].gender
    if words and words[0] in PRONOUNS and gender in (None, PRONOUNS[words[0]]):
        return not any(speech_lemma(w) for w in words[1:])  # «Он добавил, что …» about the speaker himself
    return True


def _own_attribution(ctx: Context, sent: Sentence, person: int) -> bool:
    """Narrative with an attribution of its own: «По словам …», «Как сообщил …», «Павел Лемехов назвал …»,
    «…, сообщает его друг»."""
    toks = [t for t in sent.tokens if not ctx.doc.is_quoted(t)]
    words = [low(t.text) for t in toks if is_word(t)]
    if words[:1] == ["по"] and any(lemma_of(w) in ACCORDING_NOUNS for w in words[1:3]):
        return True
    if words[:1] == ["как"] and any(speech_lemma(w) for w in words[1:4]):
        return True
    for i, tok in enumerate(toks):
        word = low(tok.text)
        if not (speech_lemma(word) or verb_lemma(word, FRAGMENT_LEMMAS)) or agreement(word)[2] != "VERB":
            continue
        if first_or_second_person(word):
            continue
        if i > 0 and toks[i - 1].text == "," and i + 1 < len(toks) and is_word(toks[i + 1]):
            return True
        named = [m for m in mentions_over(ctx, toks[max(0, i - 3) : i]) if is_nominative(m)]
        if any(m.person != person and len(m.text.split()) > 1 for m in named):
            return True
    return False


def _index(ctx: Context, para: Span) -> int:
    return next(i for i, p in enumerate(ctx.doc.paragraphs) if p.start == para.start)


def _goes_on_speaking(ctx: Context, para: Span, person: int) -> bool:
    """A further paragraph of the same statement: first person, no quote marks of its own, no new lead."""
    text = para.text
    if text[0] in OPENING + '"“' or text.endswith(":") or text[-1] not in TERMINAL:
        return False
    if _own_attribution(ctx, ctx.doc.first_sentence(_index(ctx, para)), person):
        return False
    return any(first_person(low(t.text)) for t in _words(ctx, para))


def _words(ctx: Context, para: Span) -> list[Span]:
    si = ctx.doc.sentence_at(para.start)
    if si is None:
        return []
    out: list[Span] = []
    for sent in ctx.doc.sentences[si:]:
        if sent.start >= para.end:
            break
        out.extend(t for t in sent.tokens if is_word(t))
    return out


def _trim_period(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " .":
        end -= 1
    return end
