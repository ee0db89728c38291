"""Admin commands through the real dispatcher: uploads (3 ways), delete, stats, reindex, audit, refusals."""

from __future__ import annotations

import re

import pytest
from aiogram.methods import GetFile

from bot.handlers.upload import command_payload
from bot.middlewares.admin import REFUSAL
from bot.services.reindex import reindex
from bot.services.uploads import MAX_UPLOAD_BYTES
from bot.views.callbacks import DeleteArticle, UploadFile
from tests.conftest import ADMIN_ID, add_articles, make_article, table_rows

BRIDGE = make_article(
    "2026-03-14",
    "В Заозёрске открыли разводной мост через реку",
    "Мэр Заозёрска Ефим Погорельцев открыл новый разводной мост.",
    "«Мост разведут впервые в мае», — сказал Погорельцев журналистам.",
)
PARK = make_article(
    "2026-03-12",
    "В Заозёрске высадили кедровую аллею",
    "Волонтёры высадили двести кедров вдоль набережной.",
    "Аллею назовут в честь первых жителей города.",
)
FERRY = make_article(
    "2026-03-10",
    "Паромная переправа возобновит работу",
    "Паром между островами снова пойдёт по расписанию.",
)
BROKEN = "date 2031-13-45\nНевозможная дата\nТекст.\n"


async def count(store, table: str) -> int:
    return await table_rows(store, table)


def admin(chat):
    return chat.as_user(ADMIN_ID)


async def feed(chat, update):
    return await chat._feed(update)


def article_id(text: str) -> int:
    return int(re.search(r"№(\d+)", text).group(1))


# ---- /upload as text -------------------------------------------------------------------------------------------

async def test_upload_text_confirms_latest_shows_it_and_repeat_is_a_duplicate(store, chat, services) -> None:
    await add_articles(services, PARK)
    [reply] = await admin(chat).send("/upload\n" + BRIDGE)
    assert "добавлено 1" in reply.text and "разводной мост" in reply.text
    new_id = article_id(reply.text)
    assert "14.03.2026" in reply.text

    [latest] = await chat.send("/latest")
    assert latest.text.index("разводной мост") < latest.text.index("кедровую аллею")

    [again] = await admin(chat).send("/upload\n" + BRIDGE)
    assert "уже есть" in again.text and f"№{new_id}" in again.text
    assert await count(store, "articles") == 2


async def test_upload_several_articles_one_broken_reports_its_line(store, chat, services) -> None:
    text = "/upload\n" + BRIDGE + BROKEN + PARK
    [reply] = await admin(chat).send(text)
    assert "добавлено 2" in reply.text and "с ошибками 1" in reply.text
    # the broken article starts on line 6 of the message (/upload + 4 lines of BRIDGE)
    message_lines = text.split("\n")
    assert message_lines[5].startswith("date 2031-13-45")
    assert "строка 6:" in reply.text and "несуществующая дата" in reply.text
    assert await count(store, "articles") == 2


async def test_upload_without_text_explains_how(store, chat, services) -> None:
    [reply] = await admin(chat).send("/upload")
    assert "date ГГГГ-ММ-ДД" in reply.text
    assert await count(store, "articles") == 0


async def test_upload_of_garbage_says_what_is_wrong(store, chat, services) -> None:
    [reply] = await admin(chat).send("/upload\nпросто какой-то текст без даты")
    assert "строка 2" in reply.text and "date" in reply.text
    assert await count(store, "articles") == 0


def test_command_payload_offsets() -> None:
    assert command_payload("/upload\ndate 2031-01-01\nT\nB") == ("date 2031-01-01\nT\nB", 1)
    assert command_payload("/upload@newsbot_local_bot   \nX") == ("X", 1)
    assert command_payload("/upload date 2031-01-01\nT") == ("date 2031-01-01\nT", 0)
    assert command_payload("/upload") == ("", 1)


# ---- /upload as a reply ----------------------------------------------------------------------------------------

async def test_upload_as_reply_to_the_article_text(store, chat, services) -> None:
    boss = admin(chat)
    original = boss.updates.message(FERRY).message
    [reply] = await feed(boss, boss.updates.message("/upload", reply_to=original))
    assert "добавлено 1" in reply.text and "Паромная переправа" in reply.text
    assert await count(store, "articles") == 1


# ---- documents -------------------------------------------------------------------------------------------------

async def test_document_with_caption_utf8(store, chat, services) -> None:
    boss = admin(chat)
    data = (BRIDGE + PARK).encode("utf-8")
    chat.session.files["doc-utf8"] = data
    [reply] = await feed(boss, boss.updates.document("doc-utf8", "news.txt", len(data), caption="/upload"))
    assert "добавлено 2" in reply.text
    assert any(isinstance(r, GetFile) for r in chat.session.requests)
    assert await count(store, "articles") == 2


async def test_document_in_windows_1251(chat, services) -> None:
    boss = admin(chat)
    data = PARK.encode("cp1251")
    chat.session.files["doc-1251"] = data
    [reply] = await feed(boss, boss.updates.document("doc-1251", "аллея.TXT", len(data), caption="/upload"))
    assert "добавлено 1" in reply.text and "кедровую аллею" in reply.text
    [latest] = await chat.send("/latest")
    assert "Волонтёры высадили двести кедров" in latest.text


async def test_plain_document_needs_confirmation_and_keeps_file_id_server_side(store, chat, services) -> None:
    boss = admin(chat)
    data = FERRY.encode("utf-8")
    file_id = "BQACAgIAAxkBAAIBQ2X" + "x" * 60  # real file ids are long: they must not go into callback_data
    chat.session.files[file_id] = data
    [offer] = await feed(boss, boss.updates.document(file_id, "ferry.txt", len(data)))
    assert "ferry.txt" in offer.text
    buttons = chat.buttons(offer)
    assert all(file_id not in d and len(d.encode()) <= 64 for _, d in buttons)
    assert await count(store, "articles") == 0

    go = next(d for t, d in buttons if "Загрузить" in t)
    replies = await boss.press(go)
    assert "добавлено 1" in replies[-1].text
    assert await count(store, "articles") == 1


async def test_plain_document_cancelled(store, chat, services) -> None:
    boss = admin(chat)
    chat.session.files["f1"] = FERRY.encode()
    [offer] = await feed(boss, boss.updates.document("f1", "ferry.txt", len(FERRY.encode())))
    cancel = next(d for t, d in chat.buttons(offer) if t == "Отмена")
    [edited] = await boss.press(cancel)
    assert "отменена" in edited.text
    assert await count(store, "articles") == 0
    assert not any(isinstance(r, GetFile) for r in chat.session.requests)


async def test_too_large_file_is_refused_before_download(chat, services) -> None:
    boss = admin(chat)
    [reply] = await feed(boss, boss.updates.document("big", "big.txt", MAX_UPLOAD_BYTES + 1, caption="/upload"))
    assert "слишком большой" in reply.text and "2,0 МБ" in reply.text
    assert not any(isinstance(r, GetFile) for r in chat.session.requests)


async def test_file_larger_than_declared_is_refused_after_download(store, chat, services) -> None:
    boss = admin(chat)
    chat.session.files["liar"] = (BRIDGE * 1).encode() + b"x" * MAX_UPLOAD_BYTES
    [reply] = await feed(boss, boss.updates.document("liar", "small.txt", 100, caption="/upload"))
    assert "слишком большой" in reply.text
    assert await count(store, "articles") == 0


async def test_wrong_extension_binary_and_empty_files(store, chat, services) -> None:
    boss = admin(chat)
    [ext] = await feed(boss, boss.updates.document("p1", "photo.jpg", 1000))
    assert ".txt" in ext.text

    chat.session.files["bin"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    [binary] = await feed(boss, boss.updates.document("bin", "fake.txt", 1036, caption="/upload"))
    assert "не текстовый файл" in binary.text

    [empty] = await feed(boss, boss.updates.document("empty", "empty.txt", 0, caption="/upload"))
    assert "пустой" in empty.text

    chat.session.files["blank"] = b"   \n\n  "
    [blank] = await feed(boss, boss.updates.document("blank", "blank.txt", 7, caption="/upload"))
    assert "пустой текст" in blank.text
    assert await count(store, "articles") == 0


async def test_reply_upload_of_a_document(chat, services) -> None:
    boss = admin(chat)
    chat.session.files["rd"] = PARK.encode()
    doc_message = boss.updates.document("rd", "park.txt", len(PARK.encode())).message
    [reply] = await feed(boss, boss.updates.message("/upload", reply_to=doc_message))
    assert "добавлено 1" in reply.text


# ---- authorization and audit ------------------------------------------------------------------------------------

async def test_non_admin_upload_changes_nothing(store, chat, services) -> None:
    [reply] = await chat.send("/upload\n" + BRIDGE)
    assert reply.text == REFUSAL
    assert await count(store, "articles") == 0
    assert await count(store, "audit") == 0
    assert await count(store, "callback_args") == 0


async def test_non_admin_gets_the_same_refusal_everywhere_and_nothing_is_stored(store, chat, services) -> None:
    [aid] = await add_articles(services, PARK)
    chat.session.files["f"] = FERRY.encode()
    for command in ("/delete 1", "/stats", "/reindex", "/audit", "/delete 999"):
        [reply] = await chat.send(command)
        assert reply.text == REFUSAL, command
    [doc] = await feed(chat, chat.updates.document("f", "ferry.txt", 10))
    assert doc.text == REFUSAL
    before = len(chat.session.requests)
    await chat.press_signed(DeleteArticle(id=aid, ok=True).pack())
    await chat.press_signed(UploadFile(arg=1, ok=True).pack())
    alerts = [r for r in chat.session.requests[before:] if type(r).__name__ == "AnswerCallbackQuery"]
    assert [a.text for a in alerts] == [REFUSAL, REFUSAL]
    assert await count(store, "articles") == 1
    assert await count(store, "audit") == 0 and await count(store, "callback_args") == 0


async def test_help_shows_admin_commands_only_to_admins(chat) -> None:
    [mine] = await admin(chat).send("/help")
    for command in ("/upload", "/delete", "/stats", "/reindex"):
        assert command in mine.text
    [theirs] = await chat.send("/help")
    assert "/upload" not in theirs.text and "/delete" not in theirs.text


async def test_every_admin_action_is_audited(chat, services) -> None:
    boss = admin(chat)
    await boss.send("/upload\n" + BRIDGE)
    await boss.send("/upload\n" + BRIDGE)
    await boss.send("/stats")
    await boss.send("/delete 999")
    entries = list(reversed(await services.audit.recent(10)))
    assert [(e.user_id, e.action) for e in entries] == [(ADMIN_ID, "upload")] * 2 + [
        (ADMIN_ID, "stats"), (ADMIN_ID, "delete")
    ]
    assert entries[0].result.startswith("добавлено 1 (№") and "уже было 1" in entries[1].result
    assert entries[0].detail.startswith("текстом сообщения")
    assert entries[3].result == "статьи нет"
    assert all(e.at.year >= 2025 for e in entries)
    [log] = await boss.send("/audit")
    assert "загрузка текстом сообщения" in log.text and str(ADMIN_ID) in log.text
    assert "удаление статья 999 → статьи нет" in log.text
    assert "  " not in log.text and not any(word in log.text for word in ("upload", "delete", "asked", "added"))


# ---- /delete, /stats, /reindex ---------------------------------------------------------------------------------

@pytest.mark.sqlite_only
async def test_delete_needs_confirmation_and_removes_everything(store, chat, services) -> None:
    [keep, gone] = await add_articles(services, PARK + BRIDGE)
    boss = admin(chat)
    [ask] = await boss.send(f"/delete {gone}")
    assert "Удалить статью" in ask.text and "разводной мост" in ask.text
    buttons = chat.buttons(ask)
    assert await count(store, "articles") == 2

    cancel = next(d for t, d in buttons if t == "Отмена")
    [edited] = await boss.press(cancel)
    assert "отменено" in edited.text and await count(store, "articles") == 2

    sentences_before = await count(store, "sentences")
    yes = next(d for t, d in buttons if "Удалить" in t)
    [done] = await boss.press(yes)
    assert f"№{gone} удалена" in done.text
    assert await count(store, "articles") == 1
    async with store.reader.conn.execute("SELECT count(*) FROM sentences WHERE article_id = ?", (gone,)) as cur:
        assert (await cur.fetchone())[0] == 0
    assert await count(store, "sentences") < sentences_before
    async with store.reader.conn.execute("SELECT count(*) FROM articles_fts WHERE rowid = ?", (gone,)) as cur:
        assert (await cur.fetchone())[0] == 0
    # rows of other features that reference the article go with it (ON DELETE CASCADE)
    async with store.reader.conn.execute(
        "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
        " WHERE m.type = 'table' AND f.\"table\" = 'articles'"
    ) as cur:
        dependants = [row[0] for row in await cur.fetchall()]
    for table in dependants:
        async with store.reader.conn.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (gone,)) as cur:
            assert (await cur.fetchone())[0] == 0, table
    [search] = await chat.send("/search разводной мост")
    assert "ничего не нашлось" in search.text

    [twice] = await boss.press(yes)
    assert "уже нет" in twice.text
    [latest] = await chat.send("/latest")
    assert "кедровую аллею" in latest.text and keep


async def test_delete_usage_and_missing(chat) -> None:
    [usage] = await admin(chat).send("/delete abc")
    assert "/delete 12" in usage.text
    [missing] = await admin(chat).send("/delete 4242")
    assert "нет в архиве" in missing.text


async def test_stats(chat, services) -> None:
    await add_articles(services, PARK + BRIDGE)
    [reply] = await admin(chat).send("/stats")
    assert "Статей: 2" in reply.text and "Размер базы:" in reply.text


@pytest.mark.sqlite_only
async def test_reindex_command_edits_one_progress_message(store, chat, services) -> None:
    await add_articles(services, PARK + BRIDGE + FERRY)
    async with store.transaction() as tx:
        await tx.conn.execute("UPDATE sentences SET lemmas = 'устаревший'")
        await tx.conn.execute("UPDATE articles SET lead = ''")
    replies = await admin(chat).send("/reindex")
    assert replies[0].text.startswith("Переиндексация: 0 из 3")
    assert "завершена: 3 статьи" in replies[-1].text
    assert all(type(r).__name__ == "EditMessageText" for r in replies[1:])
    async with store.reader.conn.execute("SELECT count(*) FROM sentences WHERE lemmas = 'устаревший'") as cur:
        assert (await cur.fetchone())[0] == 0
    async with store.reader.conn.execute("SELECT count(*) FROM articles WHERE lead = ''") as cur:
        assert (await cur.fetchone())[0] == 0
    [search] = await chat.send("/search набережной")
    assert "кедровую аллею" in search.text


@pytest.mark.sqlite_only
async def test_reindex_function_reports_progress_and_keeps_search_working(store, services) -> None:
    await add_articles(services, PARK + BRIDGE)
    seen: list[tuple[int, int]] = []

    async def progress(done: int, total: int) -> None:
        seen.append((done, total))

    assert await reindex(store, progress) == 2
    assert seen == [(1, 2), (2, 2)]
    async with store.reader.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'мост'") as cur:
        assert len(await cur.fetchall()) == 1
    assert await count(store, "articles_fts") == 2



async def test_done_when_upload_reports_quotes_topics_and_notifies_a_subscriber(store, chat, services) -> None:
    [subscribed] = await chat.send("/subscribe разводной мост")
    assert "разводной мост" in subscribed.text
    [reply] = await admin(chat).send("/upload\n" + BRIDGE)
    assert "добавлено 1" in reply.text
    assert "цитат: 1 (Ефим Погорельцев)" in reply.text
    assert "темы: " in reply.text
    assert "уведомлено подписчиков: 1" in reply.text
    [quotes] = await chat.send("/quotes Погорельцев")
    assert "Мост разведут впервые в мае" in quotes.text
    [stats] = await admin(chat).send("/stats")
    for label in ("Статей: 1", "Спикеров: 1", "Цитат: 1", "Подписчиков: 1", "Уведомлений в очереди: 1"):
        assert label in stats.text

    new_id = article_id(reply.text)
    [ask] = await admin(chat).send(f"/delete {new_id}")
    yes = next(d for t, d in chat.buttons(ask) if "Удалить" in t)
    await admin(chat).press(yes)
    for table in ("quotes", "speakers", "outbox", "article_terms", "article_vocab"):
        assert await count(store, table) == 0, table


@pytest.mark.sqlite_only
async def test_reindex_keeps_quotes_and_skips_an_article_deleted_meanwhile(store, services) -> None:
    first, second = await add_articles(services, BRIDGE + PARK)
    quotes_before = await count(store, "quotes")
    assert quotes_before == 1

    async def delete_second(done: int, total: int) -> None:
        if done == 1:
            async with store.transaction() as tx:
                await tx.conn.execute("DELETE FROM articles WHERE id = ?", (second,))

    assert await reindex(store, delete_second) == 1
    assert await count(store, "quotes") == quotes_before and await count(store, "speakers") == 1
    assert await count(store, "articles") == 1 and first
