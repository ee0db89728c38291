"""Buttons are bound to the chat that received them: forged, copied or expired buttons reveal nothing."""

from __future__ import annotations

import json

import pytest

from bot.services.callback_args import TTL_S, CallbackArgService
from bot.views.callbacks import OpenArticle, SearchPage, SearchWords, ShowTopic, SpeakerQuotes, UploadFile
from tests.conftest import ADMIN_ID, Chat, add_articles, make_article

STALE = "устарела"


def ferries(n: int) -> str:
    return "".join(make_article("2025-07-01", f"Паром номер {i}", "Паром вышел в рейс по расписанию.") for i in range(n))


def alerts(chat: Chat, before: int) -> list[str]:
    return [r.text or "" for r in chat.session.requests[before:] if type(r).__name__ == "AnswerCallbackQuery"]


def every_text(chat: Chat, before: int) -> str:
    texts = [getattr(r, "text", "") or "" for r in chat.session.requests[before:]]
    return "\n".join(texts)


async def test_every_button_the_bot_sends_is_signed_for_its_chat(chat: Chat, services) -> None:
    await add_articles(services, ferries(7))
    [listing] = await chat.send("/latest")
    [found] = await chat.send("/search паром")
    for reply in (listing, found):
        for _, data in Chat.buttons(reply):
            assert len(data.encode()) <= 64
            assert chat.unsigned(data)  # verifies for this chat
            assert chat.as_user(2002).signed(chat.unsigned(data)) != data  # and for no other


async def test_forged_and_copied_buttons_reveal_no_stored_text(chat: Chat, services) -> None:
    await add_articles(services, ferries(7))
    secret_query = "паром секретный запрос о расписании на завтра"  # too long for the button: stored for the chat
    [mine] = await chat.send(f"/search {secret_query}")
    pager = dict(Chat.buttons(mine))["Дальше ▶"]
    admin = chat.as_user(ADMIN_ID)
    chat.session.files["doc"] = b"date 2025-01-01\n"
    offer = (await admin._feed(admin.updates.document("doc", "tajny-plan.txt", 16)))[-1]
    upload_yes = Chat.buttons(offer)[0][1]

    stranger = chat.as_user(3003)
    before = len(chat.session.requests)
    arg = SearchPage.unpack(chat.unsigned(pager)).query
    for data in (
        f"sp:{arg}:0",  # a forged button, unsigned
        pager,  # a real button copied from another chat
        upload_yes,  # the admin's upload button, copied
        "ar:9999999999999999999999999",  # ids too large for SQLite
        "qs:99999999999999999999999:0:0",
    ):
        await stranger.press(data)
    # signed for the stranger's own chat, but the text behind it belongs to another chat
    await stranger.press(stranger.signed(SearchPage(query=arg, offset=5).pack()))
    await stranger.press(stranger.signed(ShowTopic(topic=arg).pack()))
    shown = every_text(chat, before)
    assert secret_query not in shown and "tajny" not in shown and "file_id" not in shown
    assert all(STALE in text for text in alerts(chat, before)[:5])
    assert "Паром номер" not in shown  # no page of somebody else's search


async def test_a_short_query_rides_in_its_own_pager_and_stays_in_its_chat(chat: Chat, services) -> None:
    await add_articles(services, ferries(12))
    before = await services.store.reader.callback_args.known(chat.updates.chat.id, "паром", 0)
    [first] = await chat.send("/search паром")
    pager = dict(Chat.buttons(first))["Дальше ▶"]
    assert SearchWords.unpack(chat.unsigned(pager)) == SearchWords(offset=5, words="паром")
    assert before is None and await services.store.reader.callback_args.known(chat.updates.chat.id, "паром", 0) is None
    [second] = await chat.press(pager)
    assert "(6–10)" in second.text and "Паром номер" in second.text
    stranger = chat.as_user(3003)
    before_press = len(chat.session.requests)
    await stranger.press(pager)  # copied into another chat
    assert all(STALE in text for text in alerts(chat, before_press)) and "Паром номер" not in every_text(chat, before_press)


async def test_huge_ids_in_signed_buttons_are_answered_not_crashed(chat: Chat) -> None:
    before = len(chat.session.requests)
    for data in (OpenArticle(id=10**30).pack(), SpeakerQuotes(speaker=10**20, offset=10**20).pack(),
                 "lt:99999999999999999999999:5"):
        replies = await chat.press_signed(data)
        assert all("Что-то пошло не так" not in r.text for r in replies)
    assert all("Что-то пошло не так" not in text for text in alerts(chat, before))


@pytest.mark.sqlite_only
async def test_texts_behind_buttons_expire_and_the_table_stays_bounded(store) -> None:
    now = [1_000_000.0]
    args = CallbackArgService(store, clock=lambda: now[0])
    old = await args.remember("старый запрос", 1)
    assert await args.recall(old, 1) == "старый запрос"
    assert await args.recall(old, 2) is None  # another chat
    now[0] += TTL_S + 1
    assert await args.recall(old, 1) is None  # expired
    await args.remember("новый запрос", 1)  # a write drops what expired
    rows = await store.reader.conn.execute_fetchall("SELECT text FROM callback_args")
    assert [row[0] for row in rows] == ["новый запрос"]


async def test_a_reused_text_keeps_its_button_alive(store) -> None:
    now = [1_000_000.0]
    args = CallbackArgService(store, clock=lambda: now[0])
    first = await args.remember("паром", 1)
    now[0] += TTL_S - 10
    again = await args.remember("паром", 1)  # refreshed, not left to expire in 10 s
    now[0] += 60
    assert again == first and await args.recall(first, 1) == "паром"


async def test_upload_offer_button_works_only_in_the_admins_chat(chat: Chat, services) -> None:
    admin = chat.as_user(ADMIN_ID)
    text = make_article("2025-02-02", "Новая набережная", "Набережную открыли после ремонта.")
    chat.session.files["doc"] = text.encode()
    offer = (await admin._feed(admin.updates.document("doc", "news.txt", len(text.encode()))))[-1]
    yes = Chat.buttons(offer)[0][1]
    arg = UploadFile.unpack(admin.unsigned(yes)).arg
    description = await services.callback_args.recall(arg, ADMIN_ID)
    assert json.loads(description or "{}")["name"] == "news.txt"
    replies = await admin.press(yes)
    assert "добавлено 1" in replies[-1].text
