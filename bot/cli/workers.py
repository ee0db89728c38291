"""Analysis worker processes for the long CLI runs (ingest, reindex)."""

from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor

PARALLEL_THRESHOLD = 500  # below this, starting worker processes costs more than it saves


def analysis_pool(workers: int, expected: int) -> Executor | None:
    """A process pool for ``expected`` articles, or None to analyse in this process."""
    if workers == 1 or (workers == 0 and expected < PARALLEL_THRESHOLD):
        return None
    return ProcessPoolExecutor(max_workers=workers or max(1, min(os.cpu_count() or 1, 4)))
