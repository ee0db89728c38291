"""Subscriptions: commands, buttons, group admins, limits, matching at ingest through the inverted index."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from aiogram.types import Chat as TgChat
from aiogram.types import ChatMemberBanned, ChatMemberMember, ChatMemberUpdated, Message, Update
from aiogram.types import User as TgUser

from bot.services.ingest import Meta
from bot.services.notifier import Notifier
from bot.services.subscriptions import TopicProblem
from bot.views.callbacks import OpenArticle, SubscribeTopic, Unsubscribe
from bot.views.notifications import notification_message
from bot.views.subscriptions import ADMINS_ONLY, PROBLEMS, USAGE
from storage.sqlite.outbox import ENQUEUE_SQL
from tests.conftest import add_articles, make_article

ECO = make_article(
    "2025-09-29",
    "В Верхнеозёрске открыли станцию переработки",
    "Мэр Верхнеозёрска Пётр Самойлов открыл станцию переработки мусора.",
    "Вопросы экологии волнуют жителей города больше всего, сказал Самойлов.",
)
SPORT = make_article("2025-09-28", "Футбольный клуб выиграл кубок", "Команда Ивана Зорина выиграла кубок области.")
WASTE_ONLY = make_article("2025-09-27", "Новый полигон", "Власти выбрали место для нового полигона мусора.")


async def test_subscribe_then_matching_article_arrives_exactly_once(store, chat, services) -> None:
    reply = (await chat.send("/subscribe экология"))[0]
    assert "Подписка оформлена" in reply.text and "экология" in reply.text

    results = await services.ingest.ingest_text(ECO + "\n" + SPORT, Meta(source="test"))
    assert [r.notified for r in results] == [1, 0]

    chat.session.clear()
    notifier = Notifier(chat.bot, store, notification_message, rate=1000)
    report = await notifier.deliver_due(max_seconds=30)
    sent = chat.session.sent()
    assert report.sent == 1 and len(sent) == 1
    message = sent[0]
    assert message.chat_id == 1001
    assert "станцию переработки" in message.text and "экология" in message.text
    assert "Мэр Верхнеозёрска" in message.text  # the first sentence
    assert chat.buttons(message) == [("Открыть", chat.signed(OpenArticle(id=results[0].article_id).pack(), 1001))]

    again = await notifier.deliver_due(max_seconds=30)
    assert again.sent == 0 and len(chat.session.sent()) == 1
    assert await store.reader.outbox.status(1001, results[0].article_id) == ("sent", "")


async def test_repeat_subscription_is_recognised(store, chat, services) -> None:
    await chat.send("/subscribe экология")
    reply = (await chat.send("/subscribe   ЭКОЛОГИИ"))[0]
    assert "уже подписаны" in reply.text
    assert await store.reader.subscriptions.count_for_chat(1001) == 1


async def test_bad_topics_get_a_clear_reply(store, chat, services) -> None:
    assert (await chat.send("/subscribe"))[0].text == USAGE
    assert (await chat.send("/subscribe " + "слово " * 30))[0].text == PROBLEMS[TopicProblem.TOO_LONG]
    assert (await chat.send("/subscribe !!! ???"))[0].text == PROBLEMS[TopicProblem.NO_WORDS]
    assert (await chat.send("/subscribe <b>x</b>"))[0].text == PROBLEMS[TopicProblem.NO_WORDS]
    assert (await chat.send("/subscribe и в на"))[0].text == PROBLEMS[TopicProblem.NO_WORDS]
    assert await store.reader.subscriptions.count_for_chat(1001) == 0
    [reply] = await chat.send("/subscribe <i>экология</i>")
    assert "Подписка оформлена: «экология»" in reply.text and "&lt;i&gt;" not in reply.text


async def test_at_most_fifty_per_chat(store, chat, services) -> None:
    async with store.transaction() as tx:
        for n in range(50):
            await tx.subscriptions.add(1001, f"тема{n}", (f"тема{n}",))
    assert (await chat.send("/subscribe экология"))[0].text == PROBLEMS[TopicProblem.FULL]
    assert await store.reader.subscriptions.count_for_chat(1001) == 50


async def test_list_and_remove_button(store, chat, services) -> None:
    await chat.send("/subscribe экология")
    await chat.send("/subscribe мусор переработка")
    listing = (await chat.send("/subscriptions"))[0]
    assert "экология" in listing.text and "мусор переработка" in listing.text
    buttons = [b for b in chat.buttons(listing) if b[0].startswith("✖")]  # the others switch instant/digest
    assert len(buttons) == 2 and buttons[0][0] == "✖ экология"
    edited = await chat.press(buttons[0][1])
    assert "экология" not in edited[-1].text and "мусор переработка" in edited[-1].text
    assert [s.words for s in await store.reader.subscriptions.list_for_chat(1001)] == ["мусор переработка"]


async def test_unsubscribe_by_words_and_unknown(chat, services) -> None:
    await chat.send("/subscribe экология")
    assert "удалена" in (await chat.send("/unsubscribe экологии"))[0].text
    assert "нет" in (await chat.send("/unsubscribe экология"))[0].text
    assert (await chat.send("/subscriptions"))[0].text.startswith("Подписок пока нет")


async def test_cannot_remove_another_chats_subscription(store, chat, services) -> None:
    async with store.transaction() as tx:
        other = await tx.subscriptions.add(555, "экология", ("экология",))
    await chat.press_signed(Unsubscribe(id=other.id).pack())
    assert await store.reader.subscriptions.count_for_chat(555) == 1


async def test_all_words_must_occur_and_one_row_names_every_topic(store, chat, services) -> None:
    await chat.send("/subscribe мусор переработка")
    await chat.send("/subscribe экология")
    await chat.send("/subscribe футбол")
    waste_only = await services.ingest.ingest_text(WASTE_ONLY, Meta())
    assert waste_only[0].notified == 0  # «переработка» is missing
    eco = await services.ingest.ingest_text(ECO, Meta())
    assert eco[0].notified == 1
    rows = await store.reader.outbox.due(0, 10)
    assert len(rows) == 1 and set(rows[0].topics) == {"мусор переработка", "экология"}


async def test_groups_only_admins_change_subscriptions(store, chat, services) -> None:
    group = TgChat(id=-100500, type="supergroup", title="Городские новости")
    admin, member = chat.as_user(2001), chat.as_user(2002)
    admin.updates.chat = member.updates.chat = group
    chat.session.member_status[2002] = "member"
    assert (await member.send("/subscribe экология"))[0].text == ADMINS_ONLY
    assert "Подписка оформлена" in (await admin.send("/subscribe экология"))[0].text
    listing = (await member.send("/subscriptions"))[0]  # anyone may look
    await member.press(chat.buttons(listing)[0][1])
    assert await store.reader.subscriptions.count_for_chat(-100500) == 1
    await admin.press(chat.buttons(listing)[0][1])
    assert await store.reader.subscriptions.count_for_chat(-100500) == 0


async def test_subscribe_topic_button(store, chat, services) -> None:
    topic_id = await services.callback_args.remember("энергетика", 1001)
    replies = await chat.press_signed(SubscribeTopic(topic=topic_id).pack())
    assert "Подписка оформлена" in replies[-1].text and "энергетика" in replies[-1].text
    assert len(SubscribeTopic(topic=10**12).pack()) <= 64
    assert "устарела" not in replies[-1].text
    await chat.press_signed(SubscribeTopic(topic=999_999).pack())  # an unknown id: an alert, no crash


async def test_inactive_chats_are_not_notified_and_come_back_by_subscribing(store, chat, services) -> None:
    await chat.send("/subscribe экология")
    async with store.transaction() as tx:
        await tx.subscriptions.set_inactive(1001, "Forbidden: bot was blocked by the user")
    assert (await services.ingest.ingest_text(ECO, Meta()))[0].notified == 0
    await chat.send("/subscribe экология")  # the user is back
    assert await store.reader.subscriptions.is_active(1001)


async def test_stats_counts(store, chat, services) -> None:
    await chat.send("/subscribe экология")
    await add_articles(services, ECO)
    found = await store.reader.stats.counts()
    assert found["subscriptions"] == 1 and found["notifications_pending"] == 1
    assert found["notifications_sent"] == found["notifications_failed"] == found["inactive_chats"] == 0


@pytest.mark.sqlite_only
async def test_fan_out_uses_the_term_index(store, services) -> None:
    async with store.transaction() as tx:
        await tx.subscriptions.add_many([(n, "экология", ("экология",)) for n in range(1, 2001)])
        await tx.subscriptions.add_many([(n, "футбол", ("футбол",)) for n in range(1, 2001)])
    results = await services.ingest.ingest_text(ECO, Meta())
    assert results[0].notified == 2000
    async with store.reader.conn.execute("EXPLAIN QUERY PLAN " + ENQUEUE_SQL,
                               {"article": 1, "terms": json.dumps(["экология"]), "mode": "instant"}) as cur:
        plan = " ".join(str(tuple(r)) for r in await cur.fetchall())
    assert "SCAN s" not in plan and "SCAN subscriptions" not in plan


async def test_blocking_the_bot_stops_notifications_and_unblocking_resumes(store, chat, services) -> None:
    await chat.send("/subscribe экология")
    await add_articles(services, ECO)
    user = TgUser(id=1001, is_bot=False, first_name="Читатель")
    bot_user = TgUser(id=42, is_bot=True, first_name="Бот")

    def membership(old, new) -> Update:
        change = ChatMemberUpdated(chat=chat.updates.chat, from_user=user, date=dt.datetime.now(dt.UTC),
                                   old_chat_member=old, new_chat_member=new)
        return Update(update_id=next(chat.updates._ids), my_chat_member=change)

    member, banned = ChatMemberMember(user=bot_user), ChatMemberBanned(user=bot_user, until_date=0)
    await chat.dp.feed_update(chat.bot, membership(member, banned))
    assert not await store.reader.subscriptions.is_active(1001)
    assert (await store.reader.outbox.counts())["dropped"] == 1
    await chat.dp.feed_update(chat.bot, membership(banned, member))
    assert await store.reader.subscriptions.is_active(1001)


async def test_group_migration_message_moves_subscriptions(store, chat, services) -> None:
    group = chat.as_user(2001)
    group.updates.chat = TgChat(id=-300, type="group", title="Двор")
    await group.send("/subscribe экология")
    migrate = Message(message_id=99, date=dt.datetime.now(dt.UTC), chat=group.updates.chat,
                      from_user=group.updates.user, migrate_to_chat_id=-100300)
    await chat.dp.feed_update(chat.bot, Update(update_id=999, message=migrate))
    assert await store.reader.subscriptions.count_for_chat(-300) == 0
    assert await store.reader.subscriptions.count_for_chat(-100300) == 1
