"""Every button's callback data (each packs to well under Telegram's 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

SIGNATURE_BYTES = 11  # what signing a button for its chat adds (bot.middlewares.buttons: «~» and 10 characters)
SIGNED_DATA_BYTES = 64 - SIGNATURE_BYTES  # what a button's own data may take


class LatestPage(CallbackData, prefix="lt"):
    offset: int
    size: int


class OpenArticle(CallbackData, prefix="ar"):
    id: int


class ArticlePage(CallbackData, prefix="ap"):
    id: int
    page: int  # from 1


class SearchPage(CallbackData, prefix="sp"):
    query: int  # callback_args id of the query text
    offset: int


class SearchWords(CallbackData, prefix="sw"):
    """A search pager that carries its query itself: no stored text to write or read (see ``carries``)."""

    offset: int
    words: str


def carries(words: str, max_offset: int) -> bool:
    """Can a ``SearchWords`` button hold these words at every offset up to ``max_offset``, signed?"""
    if ":" in words or len(words.encode()) > SIGNED_DATA_BYTES:  # ":" is aiogram's field separator
        return False
    return len(SearchWords(offset=max_offset, words=words).pack().encode()) <= SIGNED_DATA_BYTES


class SpeakerQuotes(CallbackData, prefix="qs"):
    speaker: int
    offset: int
    edit: int = 0  # 1 for paging (edit the message), 0 for a list entry (answer with a new message)


class SubscribeTopic(CallbackData, prefix="st"):
    topic: int  # callback_args id of the topic words


class ShowTopic(CallbackData, prefix="tp"):
    topic: int  # callback_args id of the topic words: opens that topic's summary


class ShowTrend(CallbackData, prefix="tr"):
    topic: int  # callback_args id of the topic words: sends that topic's chart


class OpenStory(CallbackData, prefix="ts"):
    topic: int  # callback_args id of the topic words
    story: int  # the story's key (an article of it)


class Unsubscribe(CallbackData, prefix="us"):
    id: int  # subscriptions.id


class SubscriptionMode(CallbackData, prefix="sm"):
    id: int  # subscriptions.id
    digest: bool  # True: into the daily digest; False: each article at once


class UploadFile(CallbackData, prefix="admup"):
    arg: int  # callback_args id of the file's JSON description (file_id stays server-side)
    ok: bool


class DeleteArticle(CallbackData, prefix="admdel"):
    id: int
    ok: bool
