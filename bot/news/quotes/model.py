"""What the extractor returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str  # fullest nominative name in the article
    role: str | None  # e.g. "губернатор Ленинградской области"
    text: str  # == source_text[start:end], quote marks excluded
    kind: str  # "direct" | "indirect"
    start: int
    end: int
    rule: str = ""  # the row of quotes.rules.RULES that produced it
