"""Daily digests: built at the chat's local time, once per day whatever restarts, never doubling instant news."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from dataclasses import asdict

import pytest

from bot.app import new_bot
from bot.config import Settings
from bot.news.digest import DigestContent, DigestGroup, DigestStory
from bot.news.schedule import next_time, parse_time, parse_zone
from bot.runtime.local_session import LocalSession
from bot.runtime.worker import delivery_notifier
from bot.services.digests import DigestService
from bot.services.ingest import IngestService, Meta
from bot.services.notifier import Notifier
from bot.views.notifications import notification_message
from tests.conftest import Chat, make_article, query_rows
from tests.test_views_html import well_formed

UTC = dt.UTC


def at(text: str) -> float:
    """A moment in UTC: «2025-10-12 05:59»."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC).timestamp()


def eco(n: int, day: str = "2025-10-12") -> str:
    return make_article(day, f"Экологи проверили реку номер {n}", f"Проверка реки {n} показала, что экология в норме.")


def forest(n: int) -> str:
    return make_article("2025-10-12", f"Волонтёры посадили сосны у озера {n}",
                        f"Субботник у озера {n}: экология парка, саженцы сосен и новые скамейки.")


def transport(n: int) -> str:
    return make_article("2025-10-12", f"Трамвай номер {n} вышел на линию", f"Новый трамвай {n} повёз пассажиров.")


class Clock:
    def __init__(self, moment: float) -> None:
        self.now = moment

    def __call__(self) -> float:
        return self.now


async def digest_rows(store) -> list[tuple[int, str, dict]]:
    rows = await query_rows(store, "SELECT chat_id, digest_date, payload FROM outbox WHERE kind = 'digest' ORDER BY id")
    return [(r[0], r[1], json.loads(r[2])) for r in rows]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Europe/Minsk", "Europe/Minsk"), ("+3", "+03:00"), ("UTC-05:30", "-05:30"), ("utc", "+00:00"),
     ("Марс/Олимп", None), ("+25", None), ("../etc/passwd", None)],
)
def test_time_zones_as_readers_type_them(typed: str, stored: str | None) -> None:
    assert parse_zone(typed) == stored


def test_times_of_day_and_the_next_one() -> None:
    assert parse_time("9:00") == "09:00" and parse_time("21.30") == "21:30" and parse_time("25:00") is None
    # Minsk is UTC+3 all year: 09:00 there is 06:00 UTC
    assert next_time(at("2025-10-12 05:59"), "Europe/Minsk", "09:00") == at("2025-10-12 06:00")
    assert next_time(at("2025-10-12 06:00"), "Europe/Minsk", "09:00") == at("2025-10-13 06:00")
    assert next_time(at("2025-10-12 23:00"), "-05:00", "09:00") == at("2025-10-13 14:00")
    assert next_time(at("2025-10-12 23:00"), "+14:00", "09:00") == at("2025-10-13 19:00")


async def test_a_digest_is_built_at_the_chats_local_time(store) -> None:
    clock = Clock(at("2025-10-12 03:00"))
    digests = DigestService(store, "Europe/Moscow", clock=clock)
    async with store.transaction() as tx:
        await tx.subscriptions.add_many([(1, "экология", ("экология",)), (2, "экология", ("экология",))], "digest")
    await digests.set_timezone(1, "Europe/Minsk")  # 09:00 = 06:00 UTC
    await digests.set_timezone(2, "-05:00")  # 09:00 = 14:00 UTC
    await digests.set_time(1, "09:00")
    await digests.set_time(2, "09:00")
    ingest = IngestService(store)
    assert [r.digests for r in await ingest.ingest_text(eco(1) + eco(2) + forest(1), Meta())] == [2, 2, 2]
    assert await digests.enqueue_due(at("2025-10-12 05:59")) == 0
    assert await digests.enqueue_due(at("2025-10-12 06:00")) == 1
    assert [(c, d) for c, d, _ in await digest_rows(store)] == [(1, "2025-10-12")]
    assert await digests.enqueue_due(at("2025-10-12 13:59")) == 0
    assert await digests.enqueue_due(at("2025-10-12 14:00")) == 1
    rows = await digest_rows(store)
    assert [(c, d) for c, d, _ in rows] == [(1, "2025-10-12"), (2, "2025-10-12")]
    [group] = rows[0][2]["groups"]
    assert group["topic"] == "экология"
    # the two river checks are one story told by two articles; the pines are another story
    assert sorted(s["articles"] for s in group["stories"]) == [1, 2]


async def test_a_restart_around_the_due_time_sends_exactly_one_digest(store) -> None:
    clock = Clock(at("2025-10-12 05:00"))
    digests = DigestService(store, "Europe/Minsk", clock=clock)
    async with store.transaction() as tx:
        await tx.subscriptions.add_many([(7, "экология", ("экология",))], "digest")
    await digests.set_time(7, "09:00")
    await IngestService(store).ingest_text(eco(1), Meta())
    # the bot was down at 06:00 UTC; it starts at 06:40 (a new service object, as after a restart) …
    after_restart = DigestService(store, "Europe/Minsk", clock=Clock(at("2025-10-12 06:40")))
    assert await after_restart.enqueue_due() == 1  # … and the missed digest goes out once
    assert await after_restart.enqueue_due() == 0
    # a second process running at the same time finds the day done too
    assert await DigestService(store, "Europe/Minsk").enqueue_due(at("2025-10-12 06:41")) == 0
    await IngestService(store).ingest_text(eco(2), Meta())
    assert await after_restart.enqueue_due(at("2025-10-13 05:59")) == 0
    assert await after_restart.enqueue_due(at("2025-10-13 06:00")) == 1
    assert [d for _, d, _ in await digest_rows(store)] == ["2025-10-12", "2025-10-13"]


async def test_a_day_with_nothing_new_sends_nothing(store) -> None:
    digests = DigestService(store, "+03:00")
    async with store.transaction() as tx:
        await tx.subscriptions.add_many([(7, "экология", ("экология",))], "digest")
    await digests.set_time(7, "09:00")
    assert await digests.enqueue_due(at("2030-01-01 12:00")) == 0
    assert await digest_rows(store) == []


async def test_instant_and_digest_subscriptions_of_one_chat_never_double_deliver(chat: Chat, services) -> None:
    await chat.send("/subscribe экология")
    await chat.send("/subscribe трамвай")
    subs = await services.subscriptions.list(1001)
    await services.digests.set_mode(1001, next(s.id for s in subs if s.words == "трамвай"), "digest")
    both = make_article("2025-10-12", "Трамвай экологов", "Экология и новый трамвай: экологи проехали по линии.")
    result = (await services.ingest.ingest_text(both + transport(1) + eco(1), Meta()))[0]
    assert result.notified == 1 and result.digests == 0  # told at once, so not in the digest again
    content = await services.digests.now(1001)
    [group] = content.groups
    assert group.topic == "трамвай" and [s.title for s in group.stories] == ["Трамвай номер 1 вышел на линию"]


async def test_digest_commands_through_the_bot(chat: Chat, services) -> None:
    [status] = await chat.send("/digest")
    assert "приходят сразу" in status.text
    await chat.send("/subscribe экология")
    [set_reply] = await chat.send("/digest 8:30")
    assert "в 08:30" in set_reply.text and "Europe/Moscow" in set_reply.text
    [zone] = await chat.send("/timezone +3")
    assert "+03:00" in zone.text and "08:30" in zone.text
    [bad] = await chat.send("/timezone Марс")
    assert "Europe/Minsk" in bad.text
    [bad_time] = await chat.send("/digest 25:61")
    assert "/digest 09:00" in bad_time.text
    [nothing] = await chat.send("/digest now")
    assert "За сутки ничего нового по «экология»" in nothing.text
    await services.ingest.ingest_text(eco(1) + forest(2), Meta())
    [digest] = await chat.send("/digest now")
    assert "Дайджест за" in digest.text and "«экология»" in digest.text and well_formed(digest.text)
    assert len(Chat.buttons(digest)) == 2
    [again] = await chat.send("/digest now")
    assert "ничего нового" in again.text  # what was told is not told twice
    [off] = await chat.send("/digest off")
    assert "снова приходят сразу" in off.text
    assert all(s.mode == "instant" for s in await services.subscriptions.list(1001))


async def test_buttons_under_subscriptions_switch_instant_and_digest(chat: Chat, services) -> None:
    await chat.send("/subscribe экология")
    [listing] = await chat.send("/subscriptions")
    switch = next(data for text, data in Chat.buttons(listing) if "в дайджест" in text)
    [edited] = await chat.press(switch)
    assert "🗓 экология" in edited.text
    assert [s.mode for s in await services.subscriptions.list(1001)] == ["digest"]
    settings = await services.digests.settings(1001)
    assert settings.digest_at == "09:00"  # a digest with no time yet starts at nine
    back = next(data for text, data in Chat.buttons(edited) if "сразу" in text)
    [again] = await chat.press(back)
    assert "⚡ экология" in again.text


@pytest.mark.parametrize("process", ["run", "worker"])
async def test_the_notifier_loop_delivers_a_due_digest(store, services, process: str) -> None:
    async with store.transaction() as tx:
        await tx.subscriptions.add_many([(5, "экология", ("экология",))], "digest")
    await services.digests.set_time(5, "00:00")
    await services.ingest.ingest_text(eco(1), Meta())
    due = time.time() - 60
    async with store.transaction() as tx:  # due a minute ago
        await tx.subscriptions.set_digest(5, "00:00", due)
    session = LocalSession()
    bot = new_bot("123456:test-token-abcdefghijklmnopqrstuvwxyz", session)
    if process == "worker":
        settings = Settings(_env_file=None, default_timezone="Europe/Moscow", notify_rate=1000)
        notifier = delivery_notifier(settings, bot, store, "worker@test")
    else:
        notifier = Notifier(bot, store, notification_message, digests=services.digests, rate=1000, poll_interval=60)
    notifier.start()
    try:
        for _ in range(300):
            if session.sent():
                break
            await asyncio.sleep(0.01)
    finally:
        await notifier.stop()
    [message] = session.sent()
    day = dt.datetime.fromtimestamp(due, dt.timezone(dt.timedelta(hours=3))).strftime("%d.%m.%Y")
    assert message.chat_id == 5 and f"Дайджест за {day}" in message.text and "Проверка реки 1" in message.text
    assert "Экологи проверили реку номер 1" in Chat.buttons(message)[0][0]


def test_a_digest_is_stored_as_what_it_is_read_back_from() -> None:
    content = DigestContent("2025-06-02", [
        DigestGroup("газ «Север»", [DigestStory(7, "Заголовок", "Предложение <b>.", 3), DigestStory(9, "Т", "П", 1)], 2),
        DigestGroup("мост", [], 0),
    ])
    assert content.to_dict() == asdict(content)
    assert DigestContent.from_dict(json.loads(json.dumps(content.to_dict(), ensure_ascii=False))) == content
