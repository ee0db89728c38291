"""natasha's news word embedding (navec), loaded once per process and shared.

The NER and morphology taggers (people.py) and search's word variants (search.py) use the same ~140 MB
table; loading it twice would double the bot's memory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any


def single_threaded_blas() -> None:
    """slovnet runs many small numpy matmuls; a multi-threaded BLAS makes them several times slower on a busy
    machine. Only effective before numpy is first imported, and only where the environment says nothing."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


@lru_cache(maxsize=1)
def news_embedding() -> Any:
    single_threaded_blas()
    from natasha import NewsEmbedding

    return NewsEmbedding()
