"""The use cases. Handlers and the CLI reach storage only through these.

``Services`` bundles one instance of each for the dispatcher. Importing this package loads none of them: a
command that needs one service (``python -m bot stats``) does not pay for the language models of another. The
notifier (``bot.services.notifier``) is built next to the bundle by the runtime that delivers notifications; it
talks to Telegram, so commands that do not never import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from bot.services.articles import ArticleService
    from bot.services.audit import AuditService
    from bot.services.callback_args import CallbackArgService
    from bot.services.digests import DigestService
    from bot.services.ingest import IngestService
    from bot.services.search import SearchService
    from bot.services.speakers import SpeakerService
    from bot.services.subscriptions import SubscriptionService
    from bot.services.topics import TopicService
    from bot.services.trends import TrendService
    from bot.services.wakeup import Wakeup
    from storage import Store


@dataclass(slots=True)
class Services:
    store: Store
    wakeup: Wakeup
    articles: ArticleService
    search: SearchService
    topics: TopicService
    trends: TrendService
    speakers: SpeakerService
    subscriptions: SubscriptionService
    ingest: IngestService
    callback_args: CallbackArgService
    audit: AuditService
    digests: DigestService

    @classmethod
    def create(
        cls, store: Store, wakeup: Wakeup | None = None, default_timezone: str = "Europe/Moscow",
        analysis: Executor | None = None,
    ) -> Services:
        from bot.services.articles import ArticleService
        from bot.services.audit import AuditService
        from bot.services.callback_args import CallbackArgService
        from bot.services.digests import DigestService
        from bot.services.ingest import IngestService
        from bot.services.search import SearchService
        from bot.services.speakers import SpeakerService
        from bot.services.subscriptions import SubscriptionService
        from bot.services.topics import TopicService
        from bot.services.trends import TrendService
        from bot.services.wakeup import Wakeup

        wakeup = wakeup or Wakeup()
        topics = TopicService(store)
        return cls(
            store=store,
            wakeup=wakeup,
            articles=ArticleService(store),
            search=SearchService(store),
            topics=topics,
            trends=TrendService(store, topics),
            speakers=SpeakerService(store),
            subscriptions=SubscriptionService(store),
            ingest=IngestService(store, wakeup, analysis),
            callback_args=CallbackArgService(store),
            audit=AuditService(store),
            digests=DigestService(store, default_timezone),
        )
