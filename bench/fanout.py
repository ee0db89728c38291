"""Subscriptions at scale: fan-out enqueue of one new article to M subscribers, and the delivery rate.

"""

from __future__ import annotations

import asyncio
import random
import time
from concurrent.futures import Executor

from bot.app import new_bot
from bot.news.analysis import Analysis, analyse, article_lemmas
from bot.news.article import parse
from bot.services import Services
from bot.services.ingest import Meta

from .measure import TOKEN, CountingSession

FIRST_CHAT = 5_000_000_000  # far from real-looking user ids
DELIVERY_LIMIT = 1000.0  # messages/s, as the issue asks
DELIVERY_SECONDS = 30.0  # sustained rate over at most this long

NEW_ARTICLE = """date 2026-01-15
В Верхнеозёрске испытали дирижабль для наблюдения за лесными пожарами
Лесная охрана Верхнеозёрска провела первые испытания беспилотного дирижабля для наблюдения за лесными пожарами.
Аппарат продержался в воздухе девять часов и передал на землю снимки трёх районов заповедника.
«Дирижабль дешевле вертолёта и видит очаг возгорания на расстоянии двадцати километров», — заявил начальник
лесной охраны Аркадий Кедров.
"""


async def analysed(text: str, executor: Executor) -> Analysis:
    """One article analysed in ``executor`` (a worker process: the NER models stay out of the serving process)."""
    [article] = parse(text)
    return await asyncio.get_running_loop().run_in_executor(executor, analyse, article)


async def measure_fanout(services: Services, subscribers: int, executor: Executor) -> tuple[float | None, int]:
    """Seconds to store one article matching ``subscribers`` subscriptions (enqueue in the same transaction)."""
    if subscribers <= 0:
        return None, 0
    analysis = await analysed(NEW_ARTICLE, executor)
    terms = sorted(set(article_lemmas(analysis)) & set(analysis.body_lemmas.split()))
    terms = [t for t in terms if len(t) >= 4] or terms
    rng = random.Random(11)
    rows = []
    for i in range(subscribers):
        chosen = rng.sample(terms, k=min(len(terms), rng.choice((1, 1, 2, 3))))
        rows.append((FIRST_CHAT + i, " ".join(chosen), tuple(sorted(set(chosen)))))
    for start in range(0, len(rows), 5000):
        async with services.store.transaction() as tx:
            await tx.subscriptions.add_many(rows[start : start + 5000])
    began = time.perf_counter()
    result = await services.ingest.store_analysis(analysis, Meta(source="bench-fanout"))
    seconds = time.perf_counter() - began
    return round(seconds, 3), int(getattr(result, "notified", 0) or 0)


async def measure_delivery(services: Services) -> tuple[float | None, int]:
    """The notifier's sustained rate against a fake API that accepts everything at once."""
    from bot.services.notifier import Notifier
    from bot.views.notifications import notification_message

    session = CountingSession()
    bot = new_bot(TOKEN, session)
    notifier = Notifier(bot, services.store, notification_message, rate=DELIVERY_LIMIT)
    try:
        report = await notifier.deliver_due(max_seconds=DELIVERY_SECONDS)
    finally:
        await bot.session.close()
    if not report.sent or report.seconds <= 0:
        return None, report.sent
    return round(report.sent / report.seconds, 1), report.sent
