"""Topic subscriptions of a chat: subscribe, list, unsubscribe; chats that left or moved."""

from __future__ import annotations

import re
from enum import Enum

from bot.news.language import is_content_lemma
from bot.news.query import query_terms
from bot.news.records import Subscription
from storage import Store

MAX_PER_CHAT = 50
MAX_TOPIC_CHARS = 100
_TAG_RE = re.compile(r"<[^>]*>")


class TopicProblem(Enum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    FULL = "full"


class TopicError(ValueError):
    """A topic this chat cannot subscribe to (or unsubscribe from); ``problem`` says why."""

    def __init__(self, problem: TopicProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_topic(text: str | None) -> tuple[str, tuple[str, ...]]:
    """User words -> (words as typed, sorted distinct lemma terms): «мусор экологии» is «экология мусор».

    Markup is not words (``<b>x</b>`` is «x»), and neither are stop words or single letters: a topic needs at
    least one word that can tell articles apart.
    """
    words = " ".join(_TAG_RE.sub(" ", text or "").split())
    if not words:
        raise TopicError(TopicProblem.EMPTY)
    if len(words) > MAX_TOPIC_CHARS:
        raise TopicError(TopicProblem.TOO_LONG)
    terms = tuple(sorted({term for term in query_terms(words) if is_content_lemma(term)}))
    if not terms:
        raise TopicError(TopicProblem.NO_WORDS)
    return words, terms


class SubscriptionService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def subscribe(self, chat_id: int, text: str | None) -> tuple[Subscription, bool]:
        """(subscription, created): an equal subscription of the chat is reused. Reactivates the chat. A chat
        that reads a daily digest gets the new topic in its digest."""
        words, terms = parse_topic(text)
        async with self.store.transaction() as tx:
            await tx.subscriptions.set_active(chat_id)
            existing = await tx.subscriptions.find(chat_id, terms)
            if existing is not None:
                return existing, False
            if await tx.subscriptions.count_for_chat(chat_id) >= MAX_PER_CHAT:
                raise TopicError(TopicProblem.FULL)
            digest = (await tx.subscriptions.schedule(chat_id)).digest_at is not None
            return await tx.subscriptions.add(chat_id, words, terms, "digest" if digest else "instant"), True

    async def unsubscribe(self, chat_id: int, text: str) -> Subscription | None:
        """The removed subscription with these words, or None when the chat has none."""
        _, terms = parse_topic(text)
        async with self.store.transaction() as tx:
            sub = await tx.subscriptions.find(chat_id, terms)
            if sub is not None:
                await tx.subscriptions.remove(chat_id, sub.id)
        return sub

    async def remove(self, chat_id: int, sub_id: int) -> Subscription | None:
        """Remove one subscription of this chat by id; None when it is not (or no longer) there."""
        async with self.store.transaction() as tx:
            sub = await tx.subscriptions.get(sub_id)
            removed = await tx.subscriptions.remove(chat_id, sub_id)
        return sub if removed else None

    async def list(self, chat_id: int) -> list[Subscription]:
        return await self.store.reader.subscriptions.list_for_chat(chat_id)

    async def reader_is_back(self, chat_id: int) -> None:
        """A chat that had blocked the bot talks to it again: deliver to it again."""
        if not await self.store.reader.subscriptions.is_active(chat_id):
            async with self.store.transaction() as tx:
                await tx.subscriptions.set_active(chat_id)

    async def chat_moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its subscriptions and queued notifications follow it."""
        async with self.store.transaction() as tx:
            await tx.subscriptions.move_chat(old_id, new_id)
            await tx.outbox.move_chat(old_id, new_id)

    async def chat_left(self, chat_id: int, reason: str) -> None:
        """Blocked, or removed from a group: stop writing there."""
        async with self.store.transaction() as tx:
            await tx.subscriptions.set_inactive(chat_id, reason)
            await tx.outbox.drop_chat(chat_id, reason)

    async def chat_joined(self, chat_id: int) -> None:
        async with self.store.transaction() as tx:
            await tx.subscriptions.set_active(chat_id)
