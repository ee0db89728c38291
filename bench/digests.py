"""Daily digests at scale: M chats whose digest is due in the same minute, each subscribed (in digest mode) to
words of one new article; ``digest_build_s`` is the time the notifier loop's digest step takes to build all of
them into the outbox."""

from __future__ import annotations

import random
import time
from concurrent.futures import Executor

from bot.news.analysis import article_lemmas
from bot.services import Services
from bot.services.ingest import Meta

from .fanout import FIRST_CHAT, analysed

FIRST_DIGEST_CHAT = FIRST_CHAT + 10_000_000  # after the fan-out's chats; removed with them by --reuse
BATCH = 5000

DIGEST_ARTICLE = """date 2026-01-16
В Верхнеозёрске открыли первую станцию проката электросамокатов у речного вокзала
Городские власти Верхнеозёрска открыли первую станцию проката электросамокатов у речного вокзала.
На станции сорок самокатов, прокат стоит пять рублей в минуту, рассказали в мэрии.
«До конца лета станций будет десять, а самокатов — четыреста», — пообещал вице-мэр Святослав Громов.
"""


async def measure_digest_build(services: Services, chats: int, executor: Executor) -> tuple[float | None, int]:
    """Seconds for ``DigestService.enqueue_due`` to build the digests of ``chats`` chats due at the same minute;
    returns (seconds, digests enqueued)."""
    if chats <= 0:
        return None, 0
    analysis = await analysed(DIGEST_ARTICLE, executor)
    terms = sorted(t for t in set(article_lemmas(analysis)) & set(analysis.body_lemmas.split()) if len(t) >= 4)
    rng = random.Random(13)
    rows = []
    for i in range(chats):
        chosen = rng.sample(terms, k=min(len(terms), rng.choice((1, 1, 2))))
        rows.append((FIRST_DIGEST_CHAT + i, " ".join(chosen), tuple(sorted(chosen))))
    due = time.time() - 30.0
    for start in range(0, len(rows), BATCH):
        async with services.store.transaction() as tx:
            await tx.subscriptions.add_many(rows[start : start + BATCH], mode="digest")
            for chat_id, _, _ in rows[start : start + BATCH]:
                await tx.subscriptions.set_digest(chat_id, "09:00", due)
    await services.ingest.store_analysis(analysis, Meta(source="bench-fanout"))  # collected for every digest
    began = time.perf_counter()
    built = await services.digests.enqueue_due(due + 30.0)
    return round(time.perf_counter() - began, 3), built
