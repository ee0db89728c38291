"""What only the PostgreSQL backend has: its migrations, the tsvector index answering as FTS5 does, the counters
kept by triggers, and text PostgreSQL cannot hold as such. (The storage, handler and e2e suites run on both.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.news.records import LemmaQuery
from bot.services import Services
from bot.services.ingest import ADDED, Meta
from bot.services.reindex import reindex
from storage import open_store
from storage.postgres.db import migrations
from storage.postgres.lexemes import newest_span
from tests.conftest import SEEDS, add_articles, make_article
from tests.postgres_server import PostgresServer

PARK = make_article("2025-09-01", "В парке высадили кедровую аллею", "Сорок кедров посадили волонтёры у пруда.")
BRIDGE = make_article("2025-09-02", "Вице-мэр открыл разводной мост", "Разводной мост соединил набережные.",
                      "Вице-мэр поблагодарил строителей моста.")


async def test_migrations_are_numbered_and_run_once_when_processes_start_together(
    postgres_server: PostgresServer,
) -> None:
    versions = [v for v, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))
    url = postgres_server.create_database("migrate_together")  # empty
    stores = await asyncio.gather(*(open_store(url) for _ in range(4)))
    try:
        applied = await stores[0].reader.conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
        assert [row[0] for row in applied] == versions
    finally:
        for store in stores:
            await store.close()


async def test_delete_takes_every_derived_row_and_gives_its_counts_back(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    try:
        services = Services.create(store)
        keep, gone = await add_articles(services, PARK + BRIDGE)
        db = store.reader.conn
        assert await db.fetchval("SELECT docs FROM lemma_df WHERE lemma = 'мост'") == 1
        assert await db.fetchval("SELECT heads FROM lemma_df WHERE lemma = 'вице'") == 1
        assert await services.articles.delete(gone)
        dependants = await db.fetch(
            "SELECT c.conrelid::regclass::text FROM pg_constraint c WHERE c.contype = 'f'"
            " AND c.confrelid = 'articles'::regclass"
        )
        assert {row[0] for row in dependants} >= {"sentences", "article_index", "quotes", "outbox"}
        for (table,) in dependants:
            assert await db.fetchval(f"SELECT count(*) FROM {table} WHERE article_id = $1", gone) == 0, table
        assert await db.fetchval("SELECT count(*) FROM lemma_df WHERE lemma IN ('мост', 'вице')") == 0
        tokens = await db.fetchval("SELECT title_tokens + lead_tokens + body_tokens FROM article_index")
        assert await db.fetchval("SELECT tokens FROM archive_stats") == tokens
        assert await services.articles.count() == 1 and keep
    finally:
        await store.close()


async def test_reindex_rebuilds_the_index_and_its_counts_exactly(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    try:
        services = Services.create(store)
        await add_articles(services, PARK + BRIDGE)
        db = store.reader.conn
        queries = ("SELECT * FROM article_index ORDER BY article_id", "SELECT * FROM lemma_df ORDER BY lemma",
                   "SELECT * FROM sentences ORDER BY article_id, idx", "SELECT articles, tokens FROM archive_stats")

        async def snapshot() -> list[list[tuple]]:
            return [[tuple(row) for row in await db.fetch(q)] for q in queries]

        before = await snapshot()
        await reindex(store)
        assert await snapshot() == before
    finally:
        await store.close()


QUERIES = [
    LemmaQuery((("подстанция",),)),
    LemmaQuery((("вице-мэр",), ("трамвай",))),
    LemmaQuery((("вице-мэр",), ("трамвай",)), require_all=False),
    LemmaQuery((("беларусь", "белоруссия", "белорусский"),)),
    LemmaQuery((("энергетика",), ("экология",)), require_all=False),
    LemmaQuery((("город",),), columns=("title", "lead")),
    LemmaQuery((("город", "мост"),), columns=("title",)),
    LemmaQuery((("новый", "открыть"), ("линия",))),
    LemmaQuery((("-",),)),
]


async def test_the_lemma_index_answers_every_question_as_fts5_does(tmp_path: Path, postgres_url: str) -> None:
    texts = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    sqlite, postgres = await open_store(str(tmp_path / "news.db")), await open_store(postgres_url)
    try:
        for store in (sqlite, postgres):
            await add_articles(Services.create(store), texts)
        a, b = sqlite.reader.index, postgres.reader.index
        for query in QUERIES:
            assert await b.count(query) == await a.count(query), query
            assert await b.count(query, 3) == await a.count(query, 3), query
            assert await b.newest(query, 5) == await a.newest(query, 5), query
            assert await b.recent(query, 5) == await a.recent(query, 5), query
            assert await b.ranked(query, (10.0, 4.0, 1.0), 1000, 8) == await a.ranked(query, (10.0, 4.0, 1.0), 1000, 8), query
        lemmas = ["подстанция", "мост", "вице-мэр", "вице", "город", "нет-такого"]
        assert await b.document_counts(lemmas) == await a.document_counts(lemmas)
        ids = await a.newest(QUERIES[0], 3)
        assert await b.search_docs(ids, ["подстанция", "новый"]) == await a.search_docs(ids, ["подстанция", "новый"])
        assert await b.sources(ids) == await a.sources(ids)
    finally:
        await sqlite.close()
        await postgres.close()


async def test_the_index_matches_lexemes_through_its_gin_index_without_hints_per_read(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    try:
        await add_articles(Services.create(store), PARK + BRIDGE)
        index = store.reader.index
        plan = "\n".join(row[0] for row in await index.by_index.fetch(  # type: ignore[attr-defined]
            "EXPLAIN SELECT article_id FROM article_index WHERE lexemes @@ 'мост'::tsquery"
            " ORDER BY article_id DESC LIMIT 5"
        ))
        assert "Bitmap Index Scan" in plan and "Seq Scan" not in plan
        assert await store.pool.fetchval("SHOW enable_seqscan") == "on"  # type: ignore[attr-defined]
        assert await index.newest(LemmaQuery((("мост",),)), 5) == [2]
    finally:
        await store.close()


def _reports(count: int, fire_at: set[int]) -> str:
    """``count`` reports, all about the rain; those numbered in ``fire_at`` (1-based, oldest first) about a fire."""
    return "".join(
        make_article("2025-09-01", f"Сводка дня номер {n}", "Весь день шёл дождь.",
                     f"Ночью случился пожар в доме {n}." if n in fire_at else f"Дом {n} стоит под дождём.")
        for n in range(1, count + 1)
    )


async def test_the_newest_matches_of_a_common_word_are_read_from_the_newest_articles_first(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await open_store(postgres_url)
    try:
        ids = await add_articles(Services.create(store), _reports(30, fire_at={*range(1, 21), 25}))
        index = store.reader.index
        sent: list[str] = []
        fetch = index._fetch  # type: ignore[attr-defined]

        async def logged(sql: str, *args: object) -> object:
            sent.append(sql)
            return await fetch(sql, *args)

        monkeypatch.setattr(index, "_fetch", logged)
        rain, fire = LemmaQuery((("дождь",),)), LemmaQuery((("пожар",),))

        assert await index.newest(rain, 3) == ids[:-4:-1]
        assert len(sent) == 1 and "article_id >" in sent[0]  # every article has it: the newest few hold them

        sent.clear()  # the fire was in most reports, but lately in one: the span misses, the archive is read
        assert await index.newest(fire, 3) == [ids[24], ids[19], ids[18]]
        assert len(sent) == 2 and "article_id >" not in sent[1]
        assert [i for i, _ in await index.recent(fire, 3)] == [ids[24], ids[19], ids[18]]
        assert set(await index.ranked(fire, (10.0, 4.0, 1.0), 3, 3)) == {ids[24], ids[19], ids[18]}
    finally:
        await store.close()


async def test_the_articles_per_date_follow_every_insert_delete_and_date_change(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    try:
        services = Services.create(store)
        dates = ["2025-01-03", "2024-12-30", "2025-01-03", "2025-02-01"]
        ids = await add_articles(services, "".join(
            make_article(d, f"Заметка {i}", f"Текст заметки номер {i}.") for i, d in enumerate(dates)
        ))
        pool = store.pool  # type: ignore[attr-defined]

        async def kept_and_counted() -> tuple[list[tuple[object, int]], list[tuple[object, int]]]:
            kept = await pool.fetch("SELECT date, articles FROM article_days ORDER BY date")
            counted = await pool.fetch("SELECT date, count(*) FROM articles GROUP BY date ORDER BY date")
            return [tuple(r) for r in kept], [tuple(r) for r in counted]

        kept, counted = await kept_and_counted()
        assert kept == counted and len(kept) == 3
        assert await services.articles.delete(ids[3])  # the only article of its date
        await pool.execute("UPDATE articles SET date = '2024-12-30' WHERE id = $1", ids[0])
        kept, counted = await kept_and_counted()
        assert kept == counted and [n for _, n in kept] == [2, 1]
        assert [a.id for a in (await services.articles.latest(5)).articles] == [ids[2], ids[1], ids[0]]
    finally:
        await store.close()


async def test_a_connection_goes_back_to_its_pool_without_a_round_trip(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    try:
        for pool in (store.pool, store.reader.index.by_index):  # type: ignore[attr-defined]
            sent: list[str] = []
            async with pool.acquire() as conn:
                assert await conn.fetchval("SELECT 1") == 1
                conn.add_query_logger(lambda record, sent=sent: sent.append(record.query))
            assert sent == []
    finally:
        await store.close()


async def test_text_postgresql_cannot_hold_as_is_still_goes_in(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    try:
        services = Services.create(store)
        sub, created = await services.subscriptions.subscribe(5, "экология\x00мусор")
        assert created and "\x00" not in (await services.subscriptions.list(5))[0].words
        await services.audit.record(7, "upload", "файл\x00.txt", "ok")
        assert "\ufffd" in (await services.audit.recent(1))[0].detail
        arg = await services.callback_args.remember("запрос " * 1000, 5)  # longer than a btree entry
        assert await services.callback_args.recall(arg, 5) == "запрос " * 1000
        huge = "дирижабль" * 400  # one «word» of 3,600 letters
        [result] = await services.ingest.ingest_text(make_article("2025-09-03", "Длинное слово", f"Вот оно: {huge}."),
                                                     Meta())
        assert result.status == ADDED and sub
    finally:
        await store.close()


@pytest.mark.parametrize("url", ["postgresql://nobody@127.0.0.1:1/none", "postgresql://x@[::1:bad/none"])
async def test_an_unusable_url_is_storage_unavailable(url: str) -> None:
    from storage import StorageUnavailable

    with pytest.raises(StorageUnavailable) as info:
        await open_store(url)
    assert "postgresql://" in str(info.value)


@pytest.mark.parametrize(
    ("query", "doc_freq", "expected"),
    [
        (LemmaQuery((("дождь",),)), {"дождь": 500}, 40),  # half the archive: twice 10 wanted / 0.5
        (LemmaQuery((("дождь", "ливень"),)), {"дождь": 100, "ливень": 500}, 40),  # any of a word's lemmas
        (LemmaQuery((("дождь",), ("город",))), {"дождь": 500, "город": 500}, 80),  # both words, independent
        (LemmaQuery((("дождь",), ("город",)), require_all=False), {"дождь": 500, "город": 100}, 40),
        (LemmaQuery((("вице-мэр",),)), {"вице": 500, "мэр": 100}, 200),  # a phrase: its rarest token
        (LemmaQuery((("дождь",),)), {"дождь": 10}, None),  # the span would be the whole archive
        (LemmaQuery((("дождь",),)), {}, None),  # nothing is expected to match
    ],
)
def test_the_newest_span_expects_twice_the_wanted_matches(
    query: LemmaQuery, doc_freq: dict[str, int], expected: int | None
) -> None:
    assert newest_span(query, doc_freq, 1000, 10) == expected
