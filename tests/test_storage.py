"""The SQLite archive: pragmas, migrations, duplicates, paging, deletion."""

from __future__ import annotations

import aiosqlite

from bot.ingest import ADDED, DUPLICATE, FAILED, Meta, ingest_upload
from storage import articles as articles_repo
from storage import callback_args
from storage.db import connect, migrate, migrations
from tests.conftest import make_article

A1 = make_article("2025-09-01", "Подстанция «Озёрная» заработала", "Новая подстанция дала ток трём кварталам.")
A2 = make_article("2025-09-03", "Трамвай пошёл в Кудрово", "Первый трамвай прошёл по новой линии.")


async def test_connection_pragmas(db) -> None:
    async with db.read.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with db.read.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    async with db.read.execute("PRAGMA busy_timeout") as cur:
        assert (await cur.fetchone())[0] >= 5000


async def test_migrations_are_numbered_and_applied_once(tmp_path) -> None:
    versions = [v for v, _ in migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
    path = str(tmp_path / "m.db")
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        assert await migrate(conn) == versions[-1]
        assert await migrate(conn) == versions[-1]  # idempotent
    finally:
        await conn.close()


async def test_same_text_twice_is_one_article(db) -> None:
    first = await ingest_upload(db, A1, Meta())
    again = await ingest_upload(db, A1.replace("трём", "трём "), Meta())
    assert first[0].status == ADDED
    assert again[0].status == DUPLICATE and again[0].article_id == first[0].article_id
    assert await articles_repo.count(db.read) == 1


async def test_latest_is_newest_first_and_pages(db) -> None:
    await ingest_upload(db, A1 + A2, Meta())
    newest = await articles_repo.latest(db.read, 1, 0)
    older = await articles_repo.latest(db.read, 1, 1)
    assert newest[0].title == "Трамвай пошёл в Кудрово"
    assert older[0].title == "Подстанция «Озёрная» заработала"
    assert await articles_repo.latest(db.read, 5, 10) == []


async def test_stored_fields_round_trip(db) -> None:
    [result] = await ingest_upload(db, make_article("2025-09-29", "Поставки", "Текст.", extra="3.64 BYN"),
                                   Meta(source="upload", uploader=7))
    article = await articles_repo.get(db.read, result.article_id)
    assert article is not None
    assert (article.extra, article.lead, article.source) == ("3.64 BYN", "Текст.", "upload")


async def test_broken_article_stores_nothing_but_others_go_in(db) -> None:
    upload = A1 + "date 2025-02-30\nПлохая дата\nТекст.\n" + A2
    results = await ingest_upload(db, upload, Meta())
    assert [r.status for r in results] == [ADDED, FAILED, ADDED]
    assert results[1].line == 4
    assert await articles_repo.count(db.read) == 2


async def test_failed_transaction_leaves_nothing(db) -> None:
    try:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO articles (date, title, body, content_hash) VALUES ('2025-01-01', 't', 'b', 'h')"
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert await articles_repo.count(db.read) == 0


async def test_delete_removes_the_index_row(db) -> None:
    [result] = await ingest_upload(db, A1, Meta())
    async with db.transaction() as conn:
        assert await articles_repo.delete(conn, result.article_id)
    async with db.read.execute("SELECT count(*) FROM articles_fts") as cur:
        assert (await cur.fetchone())[0] == 0
    async with db.read.execute("SELECT count(*) FROM sentences") as cur:
        assert (await cur.fetchone())[0] == 0


async def test_callback_args_give_stable_short_ids(db) -> None:
    async with db.transaction() as conn:
        a = await callback_args.remember(conn, "очень длинный поисковый запрос про энергетику")
        b = await callback_args.remember(conn, "очень длинный поисковый запрос про энергетику")
    assert a == b
    assert await callback_args.recall(db.read, a) == "очень длинный поисковый запрос про энергетику"
    assert await callback_args.recall(db.read, 999) is None


async def test_reopening_keeps_data(tmp_path) -> None:
    path = str(tmp_path / "re.db")
    db = await connect(path)
    await ingest_upload(db, A1, Meta())
    await db.close()
    db = await connect(path)
    assert await articles_repo.count(db.read) == 1
    await db.close()


async def test_an_analysis_bug_fails_only_its_article(db, monkeypatch) -> None:
    from bot.news import analysis as analysis_mod

    real = analysis_mod.analyse

    def flaky(article):
        if "Трамвай" in article.title:
            raise ValueError("analysis bug")
        return real(article)

    monkeypatch.setattr(analysis_mod, "analyse", flaky)
    results = await ingest_upload(db, A1 + A2, Meta())
    assert [r.status for r in results] == [ADDED, FAILED]
    assert "ошибка анализа" in results[1].reason and results[1].line == 4
    assert await articles_repo.count(db.read) == 1
