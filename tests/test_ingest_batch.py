"""Bulk ingest: batches of articles per executor call, results in input order, one failure stays one article."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.news.article import parse_each
from bot.news.quotes import Quote
from bot.services import ingest
from bot.services.ingest import ADDED, DUPLICATE, FAILED, Meta
from bot.services.speakers import store_quotes
from tests.conftest import add_articles, make_article


def _articles(count: int) -> list:
    text = "".join(
        make_article(f"2025-05-{1 + i % 28:02d}", f"Новость номер {i}", f"В посёлке Заречье открыли объект номер {i}.")
        for i in range(count)
    )
    return list(parse_each(text))


async def test_batches_keep_order_and_isolate_a_failure(services, monkeypatch) -> None:
    from bot.news import analysis as analysis_mod

    real = analysis_mod.analyse

    def flaky(article):
        if article.title == "Новость номер 5":
            raise ValueError("analysis bug")
        return real(article)

    monkeypatch.setattr(analysis_mod, "analyse", flaky)
    articles = _articles(ingest.BATCH * 2 + 3)  # whole batches and a short last one
    items = [(a, Meta(source="t")) for a in articles] + [(articles[0], Meta(source="t"))]
    with ThreadPoolExecutor(max_workers=2) as executor:  # any executor takes the batched path
        results = await services.ingest.ingest(items, executor=executor)
    assert [r.title for r in results] == [a.title for a in articles] + [articles[0].title]
    assert [r.status for r in results].count(FAILED) == 1 and results[5].status == FAILED
    assert results[-1].status == DUPLICATE and results[-1].article_id == results[0].article_id
    assert all(r.status == ADDED for i, r in enumerate(results[:-1]) if i != 5)
    assert await services.articles.count() == len(articles) - 1


def _quote(speaker: str, role: str | None, start: int) -> Quote:
    return Quote(speaker, role, "мост откроют в июле", "indirect", start, start + 19)


async def test_speaker_rules_in_one_articles_quotes(store, services) -> None:
    """A bare surname, then the full name, then the bare surname again, partly within one article."""
    first, second = await add_articles(
        services,
        make_article("2025-06-01", "Мост в Заречье", "Мост в Заречье откроют летом.")
        + make_article("2025-06-02", "Совещание в Заречье", "В Заречье обсудили ремонт моста."),
    )
    async with store.transaction() as tx:
        await store_quotes(tx, first, [_quote("Сомов", "мэр", 0)])
    async with store.transaction() as tx:
        await store_quotes(
            tx, second,
            [_quote("Сомов", None, 0), _quote("Иван Сомов", "глава района", 30), _quote("Сомов", "глава", 60)],
        )
    [speaker] = await services.speakers.find("Сомова")
    assert (speaker.name, speaker.role, speaker.quote_count) == ("Иван Сомов", "глава района", 4)
    assert len(await services.speakers.quotes_of(speaker.id, 10, 0)) == 4
    assert [s.name for s in await services.speakers.top(10)] == ["Иван Сомов"]


async def test_a_speakers_quotes_come_newest_article_first_whatever_the_arrival(store, services) -> None:
    dates = ["2025-06-03", "2025-06-01", "2025-06-05", "2025-06-02"]
    ids = await add_articles(
        services, "".join(make_article(d, f"Мост, день {i}", f"О мосте в Заречье, день {i}.") for i, d in enumerate(dates))
    )
    for article_id in ids:
        async with store.transaction() as tx:
            await store_quotes(tx, article_id, [_quote("Иван Сомов", "мэр", 20), _quote("Иван Сомов", "мэр", 0)])
    [speaker] = await services.speakers.find("Сомов")
    quotes = await services.speakers.quotes_of(speaker.id, 3, 0) + await services.speakers.quotes_of(speaker.id, 10, 3)
    assert [q.article_date.isoformat() for q in quotes] == [d for d in sorted(dates, reverse=True) for _ in range(2)]
    assert [q.article_id for q in quotes[:2]] == [ids[2], ids[2]] and quotes[0].id > quotes[1].id  # by place in the text
