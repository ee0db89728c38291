"""Reading uploaded bytes as text: UTF-8, or a legacy Russian code page chosen by how Russian the result reads.

Files put together from several sources can mix encodings, so the upload format is decoded article by article
(``decode_chunk``). A decoding is plausible when almost every non-punctuation character is a lower-case Russian
or Latin letter: text read in the wrong code page turns into capitals (KOI8-R read as Windows-1251),
box-drawing marks (Windows-1251 read as CP866) or «РџСЂ…» pairs (UTF-8 read as Windows-1251).
"""

from __future__ import annotations

import re

LEGACY = ("cp1251", "koi8_r", "cp866")
MIN_PLAUSIBLE = 0.6  # real news scores 0.87-0.99; text in the wrong code page 0.02-0.76
MIN_EVIDENCE = 30  # characters needed before a text is judged at all
_READABLE = re.compile(r"[а-яёa-z]")
_NEUTRAL = re.compile(r"[\s\d!-/:-@\[-`{-~—–«»„“”…№•·’‘°€$₽%]")


def plausibility(text: str) -> float:
    """Share of lower-case Russian/Latin letters among the characters that are not spaces, digits or marks."""
    counted = [ch for ch in text if not _NEUTRAL.match(ch)]
    if not counted:
        return 1.0
    return sum(1 for ch in counted if _READABLE.match(ch)) / len(counted)


def evidence(text: str) -> int:
    return sum(1 for ch in text if not _NEUTRAL.match(ch))


def decode_chunk(data: bytes) -> str | None:
    """The text of one piece of an upload, or None when no decoding reads as Russian or Latin text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        candidates = []
        for encoding in LEGACY:
            try:
                candidates.append(data.decode(encoding))
            except UnicodeDecodeError:
                continue
        if not candidates:
            return None
        text = max(candidates, key=plausibility)
    if evidence(text) >= MIN_EVIDENCE and plausibility(text) < MIN_PLAUSIBLE:
        return None
    return text
