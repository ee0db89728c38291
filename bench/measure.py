"""Handler-level measurements: real updates through ``Dispatcher.feed_update`` with the recording session.

Each ``measure_*`` function takes a :class:`Harness` and a :class:`Workload` and returns one figure (or None
when the feature it measures is not in the bot). Rendering and the bot's own SQL count; the network does not.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.types import Update

from bot.app import build_dispatcher, new_bot
from bot.config import Settings
from bot.middlewares.buttons import signer_for
from bot.runtime.local_session import LocalSession
from bot.runtime.updates import UpdateFactory
from bot.services import Services
from bot.views.callbacks import LatestPage

TOKEN = "123456:bench-token-abcdefghijklmnopqrstuvwxyz"
Incoming = dict[str, Any]  # an update as Telegram sends it (JSON object)
QUERIES = 250  # per latency figure (>= 200 varied queries)
WARMUP = 10
TREND_QUERIES = 60  # each draws a chart (~0.1-0.3 s): fewer than the other figures
_WORD_RE = re.compile(r"[А-Яа-яЁё]{5,}")


class CountingSession(LocalSession):
    """LocalSession that counts requests instead of keeping them (long runs stay flat in memory)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None):  # type: ignore[override]
        failure = self._take_failure(method.__api_method__)
        if failure is not None:
            raise failure
        self.count += 1
        return self._answer(method)


@dataclass
class Harness:
    settings: Settings
    services: Services
    session: CountingSession = field(default_factory=CountingSession)

    def __post_init__(self) -> None:
        self.bot = new_bot(TOKEN, self.session)
        self.signer = signer_for(TOKEN)
        self.dp = build_dispatcher(self.settings, self.services)
        self.users = [UpdateFactory(user_id=10_000 + i) for i in range(500)]
        shared = itertools.count(1)
        for factory in self.users:
            # Unique update ids across users, as Telegram sends them: aiogram caches Update.event_type with
            # lru_cache keyed by update id, and equal ids make it compare whole updates field by field.
            factory._ids = shared
        self._turn = 0

    def handles(self, command: str) -> bool:
        """Whether some router of the bot has a handler for ``/command`` (features land independently)."""
        from aiogram.filters import Command

        for router in self.dp.chain_tail:
            for handler in router.message.handlers:
                for flt in handler.filters or []:
                    if isinstance(flt.callback, Command) and command in {
                        c if isinstance(c, str) else getattr(c, "command", "") for c in flt.callback.commands
                    }:
                        return True
        return False

    def user(self) -> UpdateFactory:
        self._turn += 1
        return self.users[self._turn % len(self.users)]

    def message(self, text: str) -> Incoming:
        return self.user().message(text).model_dump(exclude_none=True)

    def callback(self, data: str) -> Incoming:
        """A press of a button the bot sent to this user's chat (signed for it, as every button the bot sends)."""
        user = self.user()
        return user.callback(self.signer.sign(user.chat.id, data)).model_dump(exclude_none=True)

    async def deliver(self, raw: Incoming) -> None:
        """Parse the update bound to our bot, as polling and webhooks do with Telegram's JSON, and handle it.

        (An ``Update`` built without the bot makes ``feed_update`` dump and re-parse it, which no real bot does.)
        """
        await self.dp.feed_update(self.bot, Update.model_validate(raw, context={"bot": self.bot}))

    async def feed(self, raw: Incoming) -> float:
        """Milliseconds to handle one update (parsing, routing, SQL, rendering and the recorded API calls)."""
        start = time.perf_counter()
        await self.deliver(raw)
        return (time.perf_counter() - start) * 1000

    async def close(self) -> None:
        await self.bot.session.close()


@dataclass
class Workload:
    """Varied, deterministic query material drawn from the generated corpus."""

    articles: int
    words: list[str]  # inflected content words as they appear in the text
    surnames: list[str]
    full_names: list[str]
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def search_query(self) -> str:
        return " ".join(self.rng.sample(self.words, k=self.rng.choice((1, 1, 2, 2, 3))))

    def topic_query(self) -> str:
        return " ".join(self.rng.sample(self.words, k=self.rng.choice((1, 1, 1, 2))))

    def trend_queries(self, count: int) -> list[str]:
        """``count`` different one-word topics (each a chart not drawn before), the same on every run."""
        return random.Random(11).sample(self.words, k=min(count, len(self.words)))

    def person(self) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            return self.rng.choice(self.surnames)
        if roll < 0.9:
            return self.rng.choice(self.full_names)
        return self.rng.choice(["Неизвестнов", "Пётр Нетакой", "Громова", "Сидоров"])


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)


def words_of(texts: list[str], limit: int = 400) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD_RE.findall(text):
            seen.setdefault(word.lower(), None)
    return list(seen)[:limit]


async def timed(harness: Harness, make: Callable[[], Incoming], count: int = QUERIES) -> float:
    for _ in range(WARMUP):
        await harness.feed(make())
    return p95([await harness.feed(make()) for _ in range(count)])


# ---- one figure each -----------------------------------------------------------------------------------------

async def measure_latest(h: Harness, w: Workload) -> float:
    def make() -> Incoming:
        roll = w.rng.random()
        if roll < 0.3:
            return h.message("/latest")
        if roll < 0.6:
            return h.message(f"/latest {w.rng.randint(1, 20)}")
        size = w.rng.choice((5, 10))
        offset = w.rng.randrange(0, max(1, w.articles - size))
        return h.callback(LatestPage(offset=offset, size=size).pack())

    return await timed(h, make)


async def measure_article(h: Harness, w: Workload) -> float:
    return await timed(h, lambda: h.message(f"/article {w.rng.randint(1, w.articles)}"))


async def measure_search(h: Harness, w: Workload) -> float:
    return await timed(h, lambda: h.message(f"/search {w.search_query()}"))


async def measure_quotes(h: Harness, w: Workload) -> float | None:
    if not h.handles("quotes"):
        return None
    return await timed(h, lambda: h.message(f"/quotes {w.person()}"))


async def measure_topic(h: Harness, w: Workload) -> float | None:
    if not h.handles("topic"):
        return None
    return await timed(h, lambda: h.message(f"/topic {w.topic_query()}"))


async def measure_topics(h: Harness, w: Workload) -> float | None:
    if not h.handles("topics"):
        return None
    return await timed(h, lambda: h.message("/topics"))


async def measure_trend(h: Harness, w: Workload) -> float | None:
    """/trend of topics not asked before: the matches per day, the stories and a chart drawn (after one warm-up
    chart, which loads matplotlib)."""
    if not h.handles("trend"):
        return None
    await h.feed(h.message("/trend новости"))
    return p95([await h.feed(h.message(f"/trend {query}")) for query in w.trend_queries(TREND_QUERIES)])


async def measure_trend_cached(h: Harness, w: Workload) -> float | None:
    """/trend of the same topics again on the same archive: the chart comes from the cache."""
    if not h.handles("trend"):
        return None
    return p95([await h.feed(h.message(f"/trend {query}")) for query in w.trend_queries(TREND_QUERIES)])


def update_mix(h: Harness, w: Workload, count: int) -> list[Incoming]:
    """A realistic, deterministic mix of commands, plain text and buttons."""
    makers: list[Callable[[], Incoming]] = [
        lambda: h.message("/latest"),
        lambda: h.message(f"/article {w.rng.randint(1, w.articles)}"),
        lambda: h.message(f"/search {w.search_query()}"),
        lambda: h.message("/help"),
        lambda: h.message("добрый день"),
        lambda: h.callback(LatestPage(offset=w.rng.randrange(0, max(1, w.articles - 5)), size=5).pack()),
    ]
    if h.handles("quotes"):
        makers.append(lambda: h.message(f"/quotes {w.person()}"))
    return [w.rng.choice(makers)() for _ in range(count)]


async def measure_updates(h: Harness, w: Workload, count: int = 3000, concurrency: int = 16) -> float:
    """Sustained updates/s for a realistic mix, handled concurrently as aiogram's polling does."""
    return await _rate(h.deliver, update_mix(h, w, count), concurrency)


async def measure_bare_updates(h: Harness, w: Workload, count: int = 3000, concurrency: int = 16) -> float:
    """The ceiling: the same updates through a bare aiogram dispatcher whose one handler echoes each message on the
    same recording session (no database, no rendering of ours)."""
    from aiogram import Dispatcher, Router
    from aiogram.types import CallbackQuery, Message

    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    @router.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()

    bare = Dispatcher()
    bare.include_router(router)

    async def deliver(raw: Incoming) -> None:
        await bare.feed_update(h.bot, Update.model_validate(raw, context={"bot": h.bot}))

    return await _rate(deliver, update_mix(h, w, count), concurrency)


async def _rate(deliver: Callable[[Incoming], Awaitable[None]], updates: list[Incoming], concurrency: int) -> float:
    queue: asyncio.Queue[Incoming] = asyncio.Queue()
    for update in updates:
        queue.put_nowait(update)

    async def worker() -> None:
        while not queue.empty():
            await deliver(queue.get_nowait())

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return round(len(updates) / (time.perf_counter() - start), 1)


Measure = Callable[[Harness, Workload], Awaitable[float | None]]

HANDLER_MEASURES: list[tuple[str, Measure]] = [
    ("latest_p95_ms", measure_latest),
    ("article_p95_ms", measure_article),
    ("search_p95_ms", measure_search),
    ("quotes_p95_ms", measure_quotes),
    ("topic_p95_ms", measure_topic),
    ("topics_p95_ms", measure_topics),
    ("trend_p95_ms", measure_trend),
    ("trend_cached_p95_ms", measure_trend_cached),
    ("updates_per_s", measure_updates),
    ("bare_aiogram_updates_per_s", measure_bare_updates),
]


def new_harness(settings: Settings, services: Services) -> Harness:
    return Harness(settings, services)
