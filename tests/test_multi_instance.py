"""Past one machine, for real: one PostgreSQL, two `python -m bot webhook` and two `python -m bot worker` processes.

1,000 updates are posted alternately to the two webhooks (subscriptions, an admin upload on one instance that the
other serves at once, commands and buttons); the uploaded article matches 500 subscribers, and the workers
deliver it through a recording Bot API on loopback. One worker is SIGKILLed mid-delivery: its leased rows come
back after their lease, nothing is lost, and duplicates stay within what it had in flight. Requests without the
secret are refused; the rest stop cleanly on SIGTERM.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import signal
from collections import Counter
from pathlib import Path

import aiohttp
from aiogram.types import Chat, Message

from bot.runtime.updates import UpdateFactory
from storage import open_store
from tests.bot_processes import (
    SECRET,
    bot_env,
    free_port,
    post_update,
    start,
    stop,
    tail,
    wait_for_log,
    wait_healthy,
)
from tests.conftest import make_article
from tests.postgres_server import PostgresServer
from tests.recording_bot_api import Call, RecordingBotApi

UPDATES = 1000
SUBSCRIBERS = 500
ADMIN = 777
RATE = 100  # notifications per second, both workers together
LEASE = 2.0
KILL_AFTER = 150  # notifications delivered before one worker is killed
MAX_IN_FLIGHT = 8 + 20  # the notifier's concurrency + outcomes it records at most per flush
TITLE = "В Верхнеозёрске испытали дирижабль для наблюдения за лесными пожарами"
UPLOAD = "".join([
    make_article("2026-01-15", TITLE, "Лесная охрана провела первые испытания беспилотного дирижабля.",
                 "Аппарат продержался в воздухе девять часов."),
    make_article("2026-01-14", "В парке высадили кедровую аллею", "Сорок молодых кедров посадили волонтёры."),
    make_article("2026-01-13", "Паромная переправа возобновит работу", "Паром снова пойдёт по расписанию."),
])


class Instances:
    """The four processes, their logs, and the two webhook URLs."""

    def __init__(self, tmp_path: Path, api: RecordingBotApi, database_url: str) -> None:
        self.tmp_path, self.api, self.database_url = tmp_path, api, database_url
        self.ports = [free_port(), free_port()]
        self.webhooks: list[asyncio.subprocess.Process] = []
        self.workers: list[asyncio.subprocess.Process] = []
        self.logs: dict[str, Path] = {}

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.ports[n % 2]}/tg"

    def env(self, **extra: str) -> dict[str, str]:
        return bot_env(
            self.api.base_url, self.tmp_path, DATABASE_URL=self.database_url, ADMIN_IDS=str(ADMIN),
            NOTIFY_RATE=str(RATE), NOTIFY_LEASE_SECONDS=str(LEASE), WEBHOOK_SECRET=SECRET,
            WEBHOOK_URL="https://bot.example.org/tg", **extra,
        )

    async def start(self, session: aiohttp.ClientSession) -> None:
        """All four at once on an empty database (their migrations take turns), then wait until each is ready."""
        for n, port in enumerate(self.ports):
            self.logs[f"webhook{n}"] = self.tmp_path / f"webhook{n}.log"
            self.webhooks.append(await start("webhook", self.env(WEBHOOK_PORT=str(port)), self.logs[f"webhook{n}"]))
        for n in range(2):
            self.logs[f"worker{n}"] = self.tmp_path / f"worker{n}.log"
            self.workers.append(await start("worker", self.env(), self.logs[f"worker{n}"]))
        for n, proc in enumerate(self.webhooks):
            await wait_healthy(session, f"http://127.0.0.1:{self.ports[n]}", proc, self.logs[f"webhook{n}"])
        for n, proc in enumerate(self.workers):
            await wait_for_log(self.logs[f"worker{n}"], "worker delivering", proc)

    def everyone(self) -> list[asyncio.subprocess.Process]:
        return self.webhooks + self.workers

    def dump(self) -> str:
        return "\n".join(f"---- {name}\n{tail(path)}" for name, path in self.logs.items())


class Users:
    """Update factories with update ids unique across users, as Telegram numbers them."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._users: dict[int, UpdateFactory] = {}

    def __call__(self, user_id: int) -> UpdateFactory:
        if user_id not in self._users:
            factory = UpdateFactory(user_id=user_id)
            factory._ids = self._ids
            self._users[user_id] = factory
        return self._users[user_id]


def pressed(factory: UpdateFactory, reply: Call, data: str):
    message = Message(message_id=reply.message_id, date=dt.datetime.now(dt.UTC), text=reply.text,
                      chat=Chat(id=factory.chat.id, type="private"))
    return factory.callback(data, message=message)


def last_reply(api: RecordingBotApi, chat_id: int) -> Call:
    return [c for c in api.sent() if c.chat_id == chat_id][-1]


async def test_two_webhooks_and_two_workers_on_one_database(tmp_path: Path, postgres_server: PostgresServer) -> None:
    database_url = postgres_server.create_database("multi_instance")  # empty: the processes migrate it
    api = await RecordingBotApi().start()
    instances = Instances(tmp_path, api, database_url)
    users = Users()
    posted = 0
    try:
        async with aiohttp.ClientSession() as session:
            await instances.start(session)

            async def post(update) -> None:
                nonlocal posted
                assert await post_update(session, instances.url(posted), update) == 200
                posted += 1

            for url in (instances.url(0), instances.url(1)):  # not counted: refused before any handler
                assert await post_update(session, url, users(1).message("/start"), secret=None) == 401
                assert await post_update(session, url, users(1).message("/start"), secret="guess") == 401
            assert api.sent() == []

            subscribers = range(10_000, 10_000 + SUBSCRIBERS)
            for user_id in subscribers:
                await post(users(user_id).message("/subscribe дирижабль"))
            await post(users(ADMIN).message("/upload\n" + UPLOAD))  # on one instance ...
            assert "добавлено 3" in last_reply(api, ADMIN).text
            await post(users(20_000).message("/search дирижабль"))  # ... the other serves it at once
            assert TITLE in last_reply(api, 20_000).text

            def delivered() -> list[Call]:
                return [c for c in api.sent() if TITLE in c.text and c.chat_id in subscribers]

            async def kill_a_worker() -> int:
                assert await stop(instances.workers[0], signal.SIGKILL) == -signal.SIGKILL
                return len({c.chat_id for c in delivered()})

            readers = itertools.count(30_000)
            killed_at: int | None = None
            pages_turned = articles_opened = 0
            while posted < UPDATES:
                reader = users(next(readers))
                await post(reader.message("/latest 2"))
                page = last_reply(api, reader.chat.id)
                assert "(1–2 из 3)" in page.text
                if posted == UPDATES:
                    break
                if (pages_turned + articles_opened) % 4:
                    [data] = [d for text, d in page.buttons if "Дальше" in text]
                    await post(pressed(reader, page, data))
                    pages_turned += 1
                else:
                    [data] = [d for text, d in page.buttons if "кедров" in text]
                    await post(pressed(reader, page, data))
                    assert "Сорок молодых кедров" in last_reply(api, reader.chat.id).text
                    articles_opened += 1
                if killed_at is None and len(delivered()) >= KILL_AFTER:
                    killed_at = await kill_a_worker()
            assert posted == UPDATES
            if killed_at is None:
                await api.wait_until(lambda: len(delivered()) >= KILL_AFTER, timeout=60)
                killed_at = await kill_a_worker()
            assert killed_at < SUBSCRIBERS, "delivery finished before the kill; lower RATE"
            await api.wait_until(lambda: len({c.chat_id for c in delivered()}) >= SUBSCRIBERS, timeout=90)

            turned = [c for c in api.calls if c.method == "editMessageText" and "(3–3 из 3)" in c.text]
            assert len(turned) == pages_turned and articles_opened > 0
            confirmations = [c for c in api.sent() if c.chat_id in subscribers and TITLE not in c.text]
            assert len(confirmations) == SUBSCRIBERS
        for proc in instances.webhooks + instances.workers[1:]:
            assert await stop(proc, signal.SIGTERM) == 0
    except BaseException:
        print(instances.dump())
        raise
    finally:
        for proc in instances.everyone():
            await stop(proc, signal.SIGKILL)
        await api.close()

    counts = Counter(c.chat_id for c in delivered())
    assert set(counts) == set(subscribers)  # nothing lost
    assert sum(n - 1 for n in counts.values()) <= MAX_IN_FLIGHT  # only what the killed worker had in flight
    times = sorted(c.at for c in delivered())
    window = RATE + max(1, int(RATE * 0.05))  # the global rate, both workers together
    assert all(times[i + window] - times[i] >= 0.95 for i in range(len(times) - window))
    store = await open_store(database_url)
    try:
        assert await store.reader.outbox.counts() == {"pending": 0, "sent": SUBSCRIBERS, "failed": 0, "dropped": 0}
    finally:
        await store.close()
    for path in instances.logs.values():
        assert "Traceback" not in path.read_text(errors="replace"), tail(path)
