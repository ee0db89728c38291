"""Uploads analysed in a worker process of their own: started with the first article, restarted when it dies."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from bot.services.analysis_process import AnalysisProcess
from bot.services.ingest import IngestService, Meta
from tests.conftest import make_article


@pytest.mark.sqlite_only  # the storage side is the ordinary ingest, tested on both backends elsewhere
async def test_no_process_until_the_first_article_and_the_analysis_runs_outside_this_one(store) -> None:
    analysis = AnalysisProcess()
    try:
        ingest = IngestService(store, analysis=analysis)
        assert not analysis.started
        [result] = await ingest.ingest_text(
            make_article("2025-09-01", "Мост открыли", "«Мост откроют к зиме», — заявил мэр Павел Горбунцов."),
            Meta(source="test"),
        )
        assert result.article_id is not None and result.speakers == ("Павел Горбунцов",)
        assert analysis.started
        assert await asyncio.get_running_loop().run_in_executor(analysis, os.getpid) != os.getpid()
    finally:
        analysis.shutdown()


async def test_a_killed_worker_is_replaced() -> None:
    analysis = AnalysisProcess()
    try:
        loop = asyncio.get_running_loop()
        first = await loop.run_in_executor(analysis, os.getpid)
        os.kill(first, signal.SIGKILL)
        for _ in range(2):  # the pool learns of the death on its next use: that call may still fail
            try:
                second = await loop.run_in_executor(analysis, os.getpid)
                break
            except Exception:  # noqa: BLE001 - BrokenProcessPool, raised by the pool's manager thread
                continue
        assert second != first
    finally:
        analysis.shutdown()
