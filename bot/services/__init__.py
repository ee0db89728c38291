"""The use cases. Handlers and the CLI reach storage only through these.

``Services`` bundles one instance of each for the dispatcher. The notifier (``bot.services.notifier``) is built
next to it by the runtime that delivers notifications; it is the one service that talks to Telegram, so it is
not imported here (commands that do not talk to Telegram never import aiogram).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.articles import ArticleService
from bot.services.audit import AuditService
from bot.services.callback_args import CallbackArgService
from bot.services.ingest import IngestService
from bot.services.search import SearchService
from bot.services.speakers import SpeakerService
from bot.services.subscriptions import SubscriptionService
from bot.services.topics import TopicService
from bot.services.wakeup import Wakeup
from storage import Store


@dataclass(slots=True)
class Services:
    store: Store
    wakeup: Wakeup
    articles: ArticleService
    search: SearchService
    topics: TopicService
    speakers: SpeakerService
    subscriptions: SubscriptionService
    ingest: IngestService
    callback_args: CallbackArgService
    audit: AuditService

    @classmethod
    def create(cls, store: Store, wakeup: Wakeup | None = None) -> Services:
        wakeup = wakeup or Wakeup()
        return cls(
            store=store,
            wakeup=wakeup,
            articles=ArticleService(store),
            search=SearchService(store),
            topics=TopicService(store),
            speakers=SpeakerService(store),
            subscriptions=SubscriptionService(store),
            ingest=IngestService(store, wakeup),
            callback_args=CallbackArgService(store),
            audit=AuditService(store),
        )
