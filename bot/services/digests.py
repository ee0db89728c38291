"""Daily digests: a chat's time zone and digest time, and building the digests that are due.

Articles that match a chat's digest subscriptions wait in the archive (``digest_items``, written in the
article's own ingest transaction). The notifier loop asks ``enqueue_due`` for digests that are due: each due
chat's waiting articles become one digest row in the outbox, in the same transaction that moves the chat's next
digest to the following day — so a digest is built once per chat and day whatever restarts or how many workers,
and one that fell due while the bot was down is built at the next start.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.news import stories
from bot.news.digest import DigestContent, assemble
from bot.news.records import ChatSchedule, DigestItem, StoredArticle, Subscription
from bot.news.schedule import local_date, next_time, parse_time, parse_zone
from bot.news.stories import StoryDoc
from storage import Store

BATCH = 500  # due chats built in one transaction
DEFAULT_TIME = "09:00"  # when a digest starts for a chat that set no time


class ScheduleError(ValueError):
    """A time or a time zone that cannot be used."""


@dataclass(frozen=True, slots=True)
class DigestSettings:
    timezone: str
    digest_at: str | None
    subscriptions: list[Subscription] = field(default_factory=list)


class DigestService:
    def __init__(self, store: Store, default_zone: str, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.default_zone = default_zone
        self.clock = clock

    def zone_of(self, schedule: ChatSchedule) -> str:
        return schedule.timezone or self.default_zone

    async def settings(self, chat_id: int) -> DigestSettings:
        schedule = await self.store.reader.subscriptions.schedule(chat_id)
        subs = await self.store.reader.subscriptions.list_for_chat(chat_id)
        return DigestSettings(self.zone_of(schedule), schedule.digest_at, subs)

    async def set_time(self, chat_id: int, text: str) -> DigestSettings:
        """A daily digest at this local time; every subscription of the chat goes into it."""
        at = parse_time(text)
        if at is None:
            raise ScheduleError(text)
        async with self.store.transaction() as tx:
            schedule = await tx.subscriptions.schedule(chat_id)
            await tx.subscriptions.set_digest(chat_id, at, next_time(self.clock(), self.zone_of(schedule), at))
            await tx.subscriptions.set_mode(chat_id, None, "digest")
        return await self.settings(chat_id)

    async def turn_off(self, chat_id: int) -> DigestSettings:
        """Back to a message per article for every subscription; articles waiting for the digest come at once
        with the next ones (they are not lost: the digest is asked for with /digest now)."""
        async with self.store.transaction() as tx:
            await tx.subscriptions.set_digest(chat_id, None, None)
            await tx.subscriptions.set_mode(chat_id, None, "instant")
        return await self.settings(chat_id)

    async def set_timezone(self, chat_id: int, text: str) -> DigestSettings:
        zone = parse_zone(text)
        if zone is None:
            raise ScheduleError(text)
        async with self.store.transaction() as tx:
            await tx.subscriptions.set_timezone(chat_id, zone)
            schedule = await tx.subscriptions.schedule(chat_id)
            if schedule.digest_at is not None:
                await tx.subscriptions.set_digest(chat_id, schedule.digest_at, next_time(self.clock(), zone, schedule.digest_at))
        return await self.settings(chat_id)

    async def set_mode(self, chat_id: int, sub_id: int, mode: str) -> Subscription | None:
        """One subscription instant or in the digest; a digest with no time yet starts at the default hour."""
        async with self.store.transaction() as tx:
            if not await tx.subscriptions.set_mode(chat_id, sub_id, mode):
                return None
            schedule = await tx.subscriptions.schedule(chat_id)
            if mode == "digest" and schedule.digest_at is None:
                at = DEFAULT_TIME
                await tx.subscriptions.set_digest(chat_id, at, next_time(self.clock(), self.zone_of(schedule), at))
            return await tx.subscriptions.get(sub_id)

    async def now(self, chat_id: int) -> DigestContent:
        """The digest of what waits for this chat, built at once (an empty one says there was nothing new)."""
        schedule = await self.store.reader.subscriptions.schedule(chat_id)
        async with self.store.transaction() as tx:
            items = await tx.outbox.take_digest_items([chat_id])
        [content] = await self._contents([(schedule, self.clock())], items)
        return content

    async def next_due(self) -> float | None:
        return await self.store.reader.subscriptions.next_digest_due()

    async def enqueue_due(self, now: float | None = None) -> int:
        """Build every digest due at ``now`` into the outbox; returns how many digests were enqueued."""
        now = self.clock() if now is None else now
        enqueued = 0
        while due := await self.store.reader.subscriptions.due_digests(now, BATCH):
            enqueued += await self._build_batch(due, now)
            if len(due) < BATCH:
                break
        return enqueued

    async def _build_batch(self, due: Sequence[ChatSchedule], now: float) -> int:
        moves = []
        for schedule in due:
            assert schedule.digest_at is not None and schedule.digest_due is not None
            upcoming = next_time(max(now, schedule.digest_due), self.zone_of(schedule), schedule.digest_at)
            moves.append((schedule.chat_id, schedule.digest_due, upcoming))
        async with self.store.transaction() as tx:
            moved = await tx.subscriptions.reschedule_digests(moves)  # claimed: another worker may build some too
            mine = [s for s in due if s.chat_id in moved]
            items = await tx.outbox.take_digest_items([s.chat_id for s in mine])
            contents = await self._contents([(s, s.digest_due or now) for s in mine], items)
            return await tx.outbox.enqueue_digests([
                (schedule.chat_id, content.date, json.dumps(content.to_dict(), ensure_ascii=False), content.topics)
                for schedule, content in zip(mine, contents, strict=True)
                if content.groups  # nothing new: a scheduled digest says nothing (only /digest now does)
            ])

    async def _contents(
        self, chats: Sequence[tuple[ChatSchedule, float]], items: dict[int, list[DigestItem]]
    ) -> list[DigestContent]:
        """Each chat's digest for the local day of its moment; the stories are grouped once for all chats."""
        article_ids = sorted({item.article_id for chat_items in items.values() for item in chat_items})
        articles = await self.store.reader.articles.get_many(article_ids)
        story_of = await self.stories_of([articles[i] for i in article_ids if i in articles])
        return [
            assemble(local_date(moment, self.zone_of(s)), items.get(s.chat_id, []), articles, story_of)
            for s, moment in chats
        ]

    async def stories_of(self, articles: Sequence[StoredArticle]) -> dict[int, int]:
        """Article id -> the key of its story (the id of the story's most central article) among ``articles``."""
        stored = await self.store.reader.key_terms.story_terms([a.id for a in articles])
        docs = [StoryDoc(a.id, a.date, stories.features(stored.get(a.id, ()))) for a in articles]
        return {article_id: story.key for story in stories.group(docs) for article_id in story.ids}

