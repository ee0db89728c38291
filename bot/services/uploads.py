"""Admin uploads: which files are accepted, and what an upload did (for the report and the audit)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.services.ingest import ADDED, DUPLICATE, FAILED, IngestResult

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class UploadProblem(Enum):
    NOT_TXT = "not_txt"
    TOO_BIG = "too_big"
    EMPTY = "empty"
    NOT_TEXT = "not_text"


class UploadRejected(Exception):
    """A file we will not ingest; ``size`` is set for TOO_BIG."""

    def __init__(self, problem: UploadProblem, size: int | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.size = size


def check_document(name: str | None, size: int | None) -> None:
    """Reject by name and declared size before downloading anything."""
    if not (name or "").lower().endswith(".txt"):
        raise UploadRejected(UploadProblem.NOT_TXT)
    check_size(size)


def check_size(size: int | None) -> None:
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRejected(UploadProblem.TOO_BIG, size)
    if size == 0:
        raise UploadRejected(UploadProblem.EMPTY)


def check_downloaded(data: bytes) -> None:
    check_size(len(data))
    if b"\x00" in data[:65536]:  # text in UTF-8 or Windows-1251 never holds NUL bytes
        raise UploadRejected(UploadProblem.NOT_TEXT)


@dataclass(frozen=True, slots=True)
class UploadCounts:
    added: int
    duplicates: int
    failed: int

    @classmethod
    def of(cls, results: list[IngestResult]) -> UploadCounts:
        return cls(*(sum(r.status == s for r in results) for s in (ADDED, DUPLICATE, FAILED)))
