"""natasha's news word embedding (navec): the whole of it for the NER models, a compact view for search.

The NER and morphology taggers (people.py) need the embedding as natasha loads it (~100 MB). Search's word
variants (query.py) need only the vector codes and the words in sorted order; as :class:`WordVectors` those cost
~30 MB less than navec's 250k word objects and their dict, and a serving process, whose NER runs in an analysis
worker, keeps only them. A process that loaded the whole embedding first shares its codes.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

SEPARATOR = "\n"  # navec's words hold no whitespace
LOOKUPS_KEPT = 65536  # word -> id answers remembered (a bisect costs ~18 slices of the words' string)


def single_threaded_blas() -> None:
    """slovnet runs many small numpy matmuls; a multi-threaded BLAS makes them several times slower on a busy
    machine. Only effective before numpy is first imported, and only where the environment says nothing."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _load() -> Any:
    single_threaded_blas()
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=1)
def news_embedding() -> Any:
    """The whole embedding, loaded once per process and shared by the NER models."""
    return _load()


class WordVectors(Sequence[str]):
    """navec's words in sorted order (a sequence, so ``bisect`` finds a word or a prefix range), each word's id
    in navec (``ids``), and navec's product-quantised vectors (``pq``), which compare two ids.

    The words are one string with the offsets of their starts, not one object per word."""

    def __init__(self, words: Sequence[str], pq: Any) -> None:
        import numpy as np  # loaded with navec, not when the bot starts

        order = sorted(range(len(words)), key=words.__getitem__)
        self._text = SEPARATOR.join(words[i] for i in order)
        lengths = np.fromiter((len(words[i]) + 1 for i in order), dtype=np.int64, count=len(order))
        self._starts = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(lengths)))
        self.ids = np.array(order, dtype=np.int64)
        self.pq = pq
        self.id_of = lru_cache(maxsize=LOOKUPS_KEPT)(self._find)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # slices are not needed
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._text[self._starts[i] : self._starts[i + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._text.split(SEPARATOR)) if self._text else iter(())

    def _find(self, word: str) -> int | None:
        """navec's id of ``word`` (``id_of``, remembered); None when it is not in the vocabulary."""
        at = bisect.bisect_left(self, word)
        return int(self.ids[at]) if at < len(self) and self[at] == word else None

    def span(self, prefix: str) -> tuple[int, int]:
        """Positions [lo, hi) of the words beginning with ``prefix``."""
        lo = bisect.bisect_left(self, prefix)
        return lo, bisect.bisect_left(self, prefix + "\uffff", lo)

    def similarity(self, a: int, b: int) -> float:
        """Cosine of two words' vectors, by id."""
        return float(self.pq.sim(a, b))


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """Search's view of the embedding, built once per process; the whole embedding is kept only if the NER
    models already hold it."""
    embedding = news_embedding() if news_embedding.cache_info().currsize else _load()
    return WordVectors(embedding.vocab.words, embedding.pq)
