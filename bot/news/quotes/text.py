"""One article laid out for quote extraction: paragraphs, top-level quotations, sentences and their tokens.

Tokens are ``language.Span``; what the rules need besides (lower-case form, whether a token is inside quote
marks) is kept next to them: :func:`low` is a cached function, quoted tokens are a set of start offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache, partial

from bot.news.language import Span, fold_yo, layout, tokens
from bot.news.quotemarks import Quotation

TERMINAL = ".!?…"
_span = partial(tuple.__new__, Span)  # several times cheaper than Span(...): one per word of every article


@lru_cache(maxsize=100_000)
def low(word: str) -> str:
    """Lower case with ё folded: the form every vocabulary lookup uses."""
    return fold_yo(word.lower())


def is_word(tok: Span) -> bool:
    return tok.text[:1].isalnum()


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    para: int
    tokens: tuple[Span, ...]
    heading: bool  # a headline or caption line: no reported clause is read from it


class Document:
    """The layout of one text; built once per article."""

    __slots__ = ("text", "paragraphs", "quotations", "sentences", "quoted", "_starts", "_opening")

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs: list[Span] = []
        self.quotations: list[Quotation] = []
        self.sentences: list[Sentence] = []
        self.quoted: set[int] = set()  # start offsets of tokens inside a top-level quotation
        self._opening: list[list[Quotation]] = []  # per sentence: the quotations that open in it
        for pi, para in enumerate(layout(text)):
            self.paragraphs.append(para.span)
            self.quotations.extend(para.quotations)
            heading = _is_heading(para.span.text)
            for sent in para.sentences:
                toks = _tokens(sent)
                self.sentences.append(Sentence(sent.start, sent.end, pi, toks, heading))
                opening = [q for q in para.quotations if sent.start <= q.open < sent.end]
                self._opening.append(opening)
                if para.quotations and toks:
                    self._mark_quoted(toks, para.quotations)
        self._starts = [s.start for s in self.sentences]

    def _mark_quoted(self, toks: tuple[Span, ...], marks: tuple[Quotation, ...]) -> None:
        for q in marks:
            if q.start < toks[-1].end and toks[0].start < q.end:
                self.quoted.update(t.start for t in toks if q.start <= t.start and t.end <= q.end)

    def is_quoted(self, tok: Span) -> bool:
        return tok.start in self.quoted

    def sentence_at(self, pos: int) -> int | None:
        """Index of the sentence holding offset ``pos``."""
        i = bisect_right(self._starts, pos) - 1
        return i if i >= 0 and pos < self.sentences[i].end else None

    def quotations_in(self, si: int) -> list[Quotation]:
        """Quotations whose opening mark is in sentence ``si``."""
        return self._opening[si]

    def first_sentence(self, para: int) -> Sentence:
        i = self.sentence_at(self.paragraphs[para].start)
        assert i is not None
        return self.sentences[i]

    def paragraph_end(self, para: int) -> int:
        return self.paragraphs[para].end


def between(sent: Sentence, a: int, b: int) -> list[Span]:
    """Tokens of ``sent`` inside ``a:b``."""
    return [t for t in sent.tokens if t.start >= a and t.end <= b]


def _tokens(sent: Span) -> tuple[Span, ...]:
    base = sent.start
    return tuple([_span((base + t.start, base + t.end, t.text)) for t in tokens(sent.text)])


def _is_heading(line: str) -> bool:
    """Headline and caption lines: no final punctuation (a colon introduces what follows), or all capitals."""
    body = line.rstrip()
    letters = [c for c in body if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return bool(body) and body[-1] not in TERMINAL + '»"”“:' and len(body.split()) <= 25
