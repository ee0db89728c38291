"""Quotation marks in Russian text: which marks open and close a top-level quotation.

Russian news mixes «ёлочки», „лапки“, “English” and "straight" marks, nests them («… «…» …»), lets an inner
and an outer quotation share one closing mark («поговорки «сапожник без сапог»), and uses straight marks both
ways. The scan below works on one paragraph (a quotation never spans a line break) and reports the top-level
quotations only. Pure and dependency-free: the sentence splitter and the quote extractor both build on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

DASHES = "-–—"
OPENING = "«„"
_MARKS_RE = re.compile(r'[«»„“”"]')
_CLOSERS = {"«": "»", "„": "“”", "“": "”“", '"': '"'}


class Quotation(NamedTuple):
    """A top-level quotation: marks at ``open`` and ``close`` (``close == -1``: never closed in its paragraph),
    content at ``start:end``."""

    open: int
    close: int
    start: int
    end: int


def quotations(text: str, start: int, end: int) -> list[Quotation]:
    """Top-level quotations of the paragraph ``text[start:end]``; nested marks are skipped, a closing mark
    shared by an inner and an outer quotation closes both."""
    stack: list[tuple[str, int]] = []
    found: list[Quotation] = []
    for match in _MARKS_RE.finditer(text, start, end):
        pos = match.start()
        kind = _mark_kind(text, pos, start, end, stack)
        if kind == "open":
            stack.append((text[pos], pos))
        elif kind == "close" and stack:
            opener = stack[0][1]
            stack.pop()
            if stack and not _can_close_later(text, pos + 1, end, stack[-1][0]):
                stack.clear()
            if not stack:
                found.append(Quotation(opener, pos, opener + 1, pos))
    if stack:
        top = stack[0][1]
        found.append(Quotation(top, -1, top + 1, end))
    return found


def _mark_kind(text: str, pos: int, start: int, end: int, stack: list[tuple[str, int]]) -> str | None:
    ch = text[pos]
    if ch in OPENING:
        return "open"
    top = stack[-1][0] if stack else ""
    if ch == "»":
        return "close" if any(c == "«" for c, _ in stack) else None
    if ch == "”":
        return "close" if top in ("“", '"', "„") else None
    prev = text[pos - 1] if pos > start else " "
    nxt = text[pos + 1] if pos + 1 < end else " "
    if ch == "“":
        if top in ("„", "“"):
            return "close"
        return "open" if not nxt.isspace() else None
    if top == '"' and (not nxt.isalnum() or (not prev.isspace() and prev not in "(«„")):
        return "close"
    if prev.isspace() or prev in "([«„/" + DASHES or pos == start:
        return "open" if not nxt.isspace() else None
    return "close" if top == '"' else "open"


def _can_close_later(text: str, start: int, end: int, opener: str) -> bool:
    closers = _CLOSERS[opener]
    return any(c in closers for c in text[start:end])


def inside(quotes: Sequence[Quotation], pos: int, paragraph_end: int) -> bool:
    """Is ``pos`` past the opening mark of one of ``quotes`` and not past its closing mark?"""
    return any(q.open < pos <= (q.close if q.close >= 0 else paragraph_end) for q in quotes)


def closed(fragment: str) -> str:
    """A piece cut out of a text with its «ёлочки» paired: one opened in the piece is closed at its end, one closed
    in it but opened before it is opened at its start («…зданию», — сказал он → ««…»). Other marks are left as
    they are: “ closes a „ in one style and opens in another."""
    depth = unopened = 0
    for mark in re.findall(r"[«»]", fragment):
        if mark == "«":
            depth += 1
        elif depth:
            depth -= 1
        else:
            unopened += 1
    return "«" * unopened + fragment + "»" * depth
