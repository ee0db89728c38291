"""The SQLite archive: pragmas, migrations, duplicates, paging, deletion."""

from __future__ import annotations

import datetime as dt

import aiosqlite
import pytest

from bot.news.records import LemmaQuery
from bot.services import Services
from bot.services.ingest import ADDED, DUPLICATE, FAILED, Meta
from storage import open_store
from storage.sqlite.db import migrate, migrations
from storage.sqlite.index import PER_DAY_SQL
from tests.conftest import make_article

A1 = make_article("2025-09-01", "Подстанция «Озёрная» заработала", "Новая подстанция дала ток трём кварталам.")
A2 = make_article("2025-09-03", "Трамвай пошёл в Кудрово", "Первый трамвай прошёл по новой линии.")


@pytest.mark.sqlite_only
async def test_connection_pragmas(store) -> None:
    async with store.reader.conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with store.reader.conn.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    async with store.reader.conn.execute("PRAGMA busy_timeout") as cur:
        assert (await cur.fetchone())[0] >= 5000
    async with store.reader.conn.execute("PRAGMA query_only") as cur:
        assert (await cur.fetchone())[0] == 1


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


async def test_same_text_twice_is_one_article(store, services) -> None:
    first = await services.ingest.ingest_text(A1, Meta())
    again = await services.ingest.ingest_text(A1.replace("трём", "трём "), Meta())
    assert first[0].status == ADDED
    assert again[0].status == DUPLICATE and again[0].article_id == first[0].article_id
    assert await services.articles.count() == 1


async def test_latest_is_newest_first_and_pages(store, services) -> None:
    await services.ingest.ingest_text(A1 + A2, Meta())
    newest = await services.articles.latest(1, 0)
    older = await services.articles.latest(1, 1)
    assert newest.articles[0].title == "Трамвай пошёл в Кудрово" and newest.total == 2
    assert older.articles[0].title == "Подстанция «Озёрная» заработала"
    assert (await services.articles.latest(5, 10)).articles == ()


async def test_stored_fields_round_trip(store, services) -> None:
    [result] = await services.ingest.ingest_text(make_article("2025-09-29", "Поставки", "Текст.", extra="3.64 BYN"),
                                   Meta(source="upload", uploader=7))
    article = await services.articles.get(result.article_id)
    assert article is not None
    assert (article.extra, article.lead, article.source) == ("3.64 BYN", "Текст.", "upload")


async def test_broken_article_stores_nothing_but_others_go_in(store, services) -> None:
    upload = A1 + "date 2025-02-30\nПлохая дата\nТекст.\n" + A2
    results = await services.ingest.ingest_text(upload, Meta())
    assert [r.status for r in results] == [ADDED, FAILED, ADDED]
    assert results[1].line == 4
    assert await services.articles.count() == 2


async def test_failed_transaction_leaves_nothing(store, services) -> None:
    try:
        async with store.transaction() as tx:
            await tx.conn.execute(
                "INSERT INTO articles (date, title, body, content_hash) VALUES ('2025-01-01', 't', 'b', 'h')"
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert await services.articles.count() == 0


@pytest.mark.sqlite_only
async def test_delete_removes_the_index_row(store, services) -> None:
    [result] = await services.ingest.ingest_text(A1, Meta())
    assert await services.articles.delete(result.article_id)
    async with store.reader.conn.execute("SELECT count(*) FROM articles_fts") as cur:
        assert (await cur.fetchone())[0] == 0
    async with store.reader.conn.execute("SELECT count(*) FROM sentences") as cur:
        assert (await cur.fetchone())[0] == 0


@pytest.mark.sqlite_only
async def test_matches_per_day_are_counted_from_the_dates_index(store, services) -> None:
    await services.ingest.ingest_text(A1 + "\n\n" + A2, Meta())
    query = LemmaQuery((("трамвай",), ("подстанция",)), require_all=False)
    assert await store.reader.index.per_day(query) == {dt.date(2025, 9, 1): 1, dt.date(2025, 9, 3): 1}
    async with store.reader.conn.execute("EXPLAIN QUERY PLAN " + PER_DAY_SQL, ('"трамвай"',)) as cur:
        plan = " ".join(str(tuple(r)) for r in await cur.fetchall())
    assert "COVERING INDEX articles_dates" in plan


async def test_archive_version_never_repeats(store, services) -> None:
    """The caches of search, stories and charts are keyed by it: deleting the newest article and adding another
    (SQLite may give it the same id) is a new version."""
    seen = [await store.reader.articles.version()]
    [first] = await services.ingest.ingest_text(A1, Meta())
    seen.append(await store.reader.articles.version())
    assert await services.articles.delete(first.article_id)
    seen.append(await store.reader.articles.version())
    await services.ingest.ingest_text(make_article("2025-01-02", "Другая заметка", "Совсем другой текст."), Meta())
    seen.append(await store.reader.articles.version())
    assert len(set(seen)) == len(seen)


async def test_a_page_kept_by_one_process_shows_what_another_stored(settings, store, services) -> None:
    """/latest pages are kept per archive version; an article stored through another connection (another
    process, e.g. a second webhook instance) is on the next page asked."""
    await services.ingest.ingest_text(A1, Meta())
    assert [a.title for a in (await services.articles.latest(5)).articles] == ["Подстанция «Озёрная» заработала"]
    other = await open_store(settings.database)
    try:
        await Services.create(other).ingest.ingest_text(A2, Meta())
    finally:
        await other.close()
    page = await services.articles.latest(5)
    assert [a.title for a in page.articles] == ["Трамвай пошёл в Кудрово", "Подстанция «Озёрная» заработала"]
    assert page.total == 2


@pytest.mark.sqlite_only
async def test_the_version_is_read_again_only_after_a_commit(store, services, monkeypatch) -> None:
    """The reader asks its thread for the version only when some connection committed since it last did."""
    await services.ingest.ingest_text(A1, Meta())
    reads = []
    execute = store.reader.conn.execute_fetchall

    async def counting(sql, *args):
        reads.extend([sql] if "archive_stats" in sql else [])
        return await execute(sql, *args)

    monkeypatch.setattr(store.reader.conn, "execute_fetchall", counting)
    first = await store.reader.articles.version()
    assert await store.reader.articles.version() == first and len(reads) == 1
    await services.callback_args.remember("любая запись меняет отметку", 5)  # a commit, no article
    assert await store.reader.articles.version() == first and len(reads) == 2
    await services.ingest.ingest_text(A2, Meta())
    assert await store.reader.articles.version() != first and len(reads) == 3


async def test_callback_args_give_stable_short_ids(store, services) -> None:
    a = await services.callback_args.remember("очень длинный поисковый запрос про энергетику", 5)
    b = await services.callback_args.remember("очень длинный поисковый запрос про энергетику", 5)
    assert a == b
    assert await services.callback_args.recall(a, 5) == "очень длинный поисковый запрос про энергетику"
    assert await services.callback_args.recall(999, 5) is None


async def test_reopening_keeps_data(tmp_path) -> None:
    path = str(tmp_path / "re.db")
    store = await open_store(path)
    await Services.create(store).ingest.ingest_text(A1, Meta())
    await store.close()
    store = await open_store(path)
    assert await Services.create(store).articles.count() == 1
    await store.close()


async def test_an_analysis_bug_fails_only_its_article(store, services, monkeypatch) -> None:
    from bot.news import analysis as analysis_mod

    real = analysis_mod.analyse

    def flaky(article):
        if "Трамвай" in article.title:
            raise ValueError("analysis bug")
        return real(article)

    monkeypatch.setattr(analysis_mod, "analyse", flaky)
    results = await services.ingest.ingest_text(A1 + A2, Meta())
    assert [r.status for r in results] == [ADDED, FAILED]
    assert "ошибка анализа" in results[1].reason and results[1].line == 4
    assert await services.articles.count() == 1
