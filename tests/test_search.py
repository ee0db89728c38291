"""Search ranking: each idea on small articles we wrote, FTS-syntax safety, and /search through the bot."""

from __future__ import annotations

import pytest

from bot.news.query import expand, query_terms
from bot.services import Services
from tests.conftest import Chat, add_articles, make_article

FILLER = (
    "В городе прошло заседание комиссии по благоустройству дворов.",
    "Жители обсудили ремонт детских площадок и освещение улиц.",
    "Работы планируют завершить до конца осени.",
)


async def titles(services: Services, query: str, limit: int = 10) -> list[str]:
    hits = (await services.search.rank(query_terms(query), limit)).hits
    return [h.article.title for h in hits]


async def test_article_about_the_word_beats_a_passing_mention(services: Services) -> None:
    await add_articles(
        services,
        make_article("2025-03-01", "Итоги недели", "Вокзал закрыли на ремонт, а в соседнем сквере открыли фонтан.")
        + make_article(
            "2025-03-02",
            "Новый вокзал примет первых пассажиров",
            "Строители сдали вокзал в Заречном районе.",
            *FILLER,
            "У вокзала появилась парковка на двести машин.",
            "Кассы вокзала будут работать круглосуточно.",
        ),
    )
    assert (await titles(services, "вокзалом"))[0] == "Новый вокзал примет первых пассажиров"


async def test_mentions_in_the_opening_count_as_the_lead(services: Services) -> None:
    await add_articles(
        services,
        make_article("2025-03-01", "Городские новости", *FILLER, "Позже вспомнили и про теплицу у школы.")
        + make_article("2025-03-01", "Сводка дня", "12:40, просмотров: 17", "Агрохолдинг построил теплицу.", *FILLER),
    )
    assert (await titles(services, "теплицы"))[0] == "Сводка дня"


async def test_noun_finds_its_relational_adjective() -> None:
    assert "пенсионный" in expand("пенсия")
    assert "олимпийский" in expand("олимпиада")
    assert "кубический" not in expand("куба")  # a look-alike, not the same topic
    assert expand("пенсия")["пенсия"] == 1.0 > expand("пенсия")["пенсионный"]


async def test_pension_query_finds_pension_age_article(services: Services) -> None:
    await add_articles(
        services, make_article("2025-04-01", "Депутаты обсудили реформу", "Пенсионный возраст в области не изменят.")
    )
    assert await titles(services, "пенсиях") == ["Депутаты обсудили реформу"]


async def test_name_variants_without_look_alikes() -> None:
    assert "белоруссия" in expand("беларусь")
    assert "беларусь" in expand("белоруссия")
    assert "ирак" not in expand("иран")
    assert "словения" not in expand("словакия")


async def test_exact_word_ranks_above_a_related_one(services: Services) -> None:
    await add_articles(
        services,
        make_article("2025-05-01", "Пенсионный фонд открыл офис", *FILLER)
        + make_article("2025-05-01", "Пенсия вырастет в мае", *FILLER),
    )
    assert await titles(services, "пенсия") == ["Пенсия вырастет в мае", "Пенсионный фонд открыл офис"]


async def test_all_words_first_then_partial_matches(services: Services) -> None:
    await add_articles(
        services,
        make_article("2025-06-01", "Мост через реку закрыт", "Мост закрыли на ремонт.", "Река разлилась.")
        + make_article("2025-06-01", "Мост покрасили", "Мост стал зелёным, мост блестит, мост новый.", *FILLER)
        + make_article("2025-06-01", "Река замёрзла", "Река покрылась льдом.", *FILLER),
    )
    found = await titles(services, "мост через реку")
    assert found[0] == "Мост через реку закрыт"
    assert set(found[1:]) == {"Мост покрасили", "Река замёрзла"}


async def test_partial_match_is_never_an_empty_page(services: Services) -> None:
    await add_articles(services, make_article("2025-06-02", "Трамвай пустили по новой линии", *FILLER))
    assert await titles(services, "трамвай дирижабль") == ["Трамвай пустили по новой линии"]


async def test_hyphenated_compound_counts_as_a_mention(services: Services) -> None:
    await add_articles(
        services, make_article("2025-06-03", "Спортсмена отстранили", "Его допинг-проба оказалась положительной.")
    )
    hits = (await services.search.rank(["допинг"], 10)).hits
    assert [h.article.title for h in hits] == ["Спортсмена отстранили"]
    assert hits[0].score > 0 and hits[0].snippet_start >= 0


async def test_total_and_paging(services: Services) -> None:
    text = "".join(make_article("2025-07-01", f"Паром номер {i}", "Паром вышел в рейс.") for i in range(7))
    await add_articles(services, text)
    ranking = await services.search.rank(["паром"], 5)
    first, total = ranking.hits, ranking.total
    second = (await services.search.rank(["паром"], 5, 5)).hits
    assert total == ranking.reachable == 7 and len(first) == 5 and len(second) == 2
    assert not {h.article.id for h in first} & {h.article.id for h in second}


@pytest.mark.parametrize("query", ['NEAR(', '"', "*", "AND", "OR NOT", "title:мост", "мост*", '"мост" AND', "^", ""])
async def test_fts_syntax_in_queries_is_harmless(services: Services, query: str) -> None:
    await add_articles(services, make_article("2025-08-01", "Мост открыт", "Мост открыли для машин."))
    hits = (await services.search.rank(query_terms(query), 10)).hits
    raw = (await services.search.rank([query, "мост"], 10)).hits  # raw strings straight into the repository
    assert all(h.article.title == "Мост открыт" for h in hits + raw)


async def test_bot_search_finds_belarus_under_both_names(chat: Chat, services: Services) -> None:
    await add_articles(
        services,
        make_article(
            "2025-09-10",
            "Контейнерный поезд пришёл в Смоленск",
            "Торговля с Беларусью растёт: состав из Белоруссии привёз станки.",
            *FILLER,
        ),
    )
    replies = await chat.send("/search Беларуси")
    assert "Контейнерный поезд пришёл в Смоленск" in replies[-1].text


async def test_bot_search_with_fts_syntax_answers_politely(chat: Chat, services: Services) -> None:
    await add_articles(services, make_article("2025-09-10", "Мост открыт", "Мост открыли."))
    for query in ("/search NEAR(", '/search "', "/search *", "/search AND"):
        replies = await chat.send(query)
        assert replies and "Что-то пошло не так" not in replies[-1].text


async def test_latest_pages_match_the_date_order_at_every_offset(store, services: Services) -> None:
    dates = ["2025-01-03", "2024-12-30", "2025-01-03", "2025-02-01", "2023-05-05", "2025-01-03", "2024-07-07"]
    await add_articles(services, "".join(make_article(d, f"Заметка {i}", f"Текст заметки номер {i}.") for i, d in enumerate(dates)))

    async def in_date_order() -> list[int]:
        sql = "SELECT id FROM articles ORDER BY date DESC, id DESC"
        pool = getattr(store, "pool", None)  # PostgreSQL
        rows = await (pool.fetch(sql) if pool is not None else store.reader.conn.execute_fetchall(sql))
        return [row[0] for row in rows]

    total = await services.articles.count()
    assert total == len(await in_date_order()) == len(dates)
    for size in (1, 2, 5):
        for offset in range(total + 1):
            expected = (await in_date_order())[offset : offset + size]
            assert [a.id for a in (await services.articles.latest(size, offset)).articles] == expected
    assert await services.articles.delete(3)
    assert await services.articles.count() == len(await in_date_order()) == len(dates) - 1
    for offset in range(total):  # the pages kept for the archive before the deletion are not answered again
        page = await services.articles.latest(2, offset)
        assert [a.id for a in page.articles] == (await in_date_order())[offset : offset + 2]
        assert page.total == len(dates) - 1


async def test_every_page_the_count_promises_is_full(services: Services, monkeypatch) -> None:
    from bot.services import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 4)  # a small archive standing in for a large one
    monkeypatch.setattr(search_module, "MAX_REACHABLE", 23)
    await add_articles(services, "".join(
        make_article("2025-07-01", f"Паром номер {i}", f"Паром {i} вышел в рейс.", *FILLER) for i in range(30)
    ))
    first = await services.search.rank(["паром"], 5)
    assert first.total == 30 and first.reachable == 23
    seen = []
    for offset in range(0, first.reachable, 5):
        page = await services.search.rank(["паром"], 5, offset)
        assert len(page.hits) == min(5, first.reachable - offset), offset
        seen += [h.article.id for h in page.hits]
    assert len(seen) == len(set(seen)) == 23
    assert (await services.search.rank(["паром"], 5, 25)).hits == []


async def test_a_word_in_more_articles_than_counted_is_not_counted_again(services: Services, monkeypatch) -> None:
    """Its document frequency already says «more than MAX_TOTAL»; a query needing every one of two words is
    still counted."""
    from bot.services import search as search_module

    monkeypatch.setattr(search_module, "MAX_TOTAL", 10)  # a small archive standing in for a large one
    monkeypatch.setattr(search_module, "RANK_ALL_UP_TO", 10)
    await add_articles(services, "".join(
        make_article("2025-07-01", f"Паром номер {i}", f"Паром {i} вышел в рейс.", *FILLER) for i in range(30)
    ) + make_article("2025-07-02", "Паром и ледокол", "Ледокол провёл паром через залив.", *FILLER))
    index = services.store.reader.index
    counted = []
    count = index.count

    async def counting(query, cap=None):
        counted.append(query)
        return await count(query, cap)

    monkeypatch.setattr(index, "count", counting)
    one = await services.search.rank(["паром"], 5)
    assert one.more_than_counted and len(one.hits) == 5 and counted == []
    both = await services.search.rank(["паром", "ледокол"], 5)
    assert both.hits[0].article.title == "Паром и ледокол"
    assert [q.require_all for q in counted] == [True]  # the some-words tier holds «паром»: not counted either
    assert both.more_than_counted


async def test_rankings_are_kept_until_the_archive_changes(services: Services, monkeypatch) -> None:
    await add_articles(services, make_article("2025-07-01", "Паром вышел в рейс", "Паром отошёл от причала."))
    index = services.store.reader.index
    calls = 0
    read = index.search_docs

    async def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return await read(*args, **kwargs)

    monkeypatch.setattr(index, "search_docs", counting)
    first = await services.search.rank(["паром"], 5)
    again = await services.search.rank(["паром"], 5)
    assert calls == 1 and [h.article.id for h in first.hits] == [h.article.id for h in again.hits]

    await add_articles(services, make_article("2025-07-02", "Второй паром", "Паром пришёл в порт."))
    fresh = await services.search.rank(["паром"], 5)
    assert calls == 2 and fresh.total == 2
    [article] = [h.article for h in first.hits]
    assert await services.articles.delete(article.id)
    assert [h.article.title for h in (await services.search.rank(["паром"], 5)).hits] == ["Второй паром"]


async def test_when_every_match_is_a_candidate_none_is_ranked_by_bm25(services: Services, monkeypatch) -> None:
    """Few matches: bm25 would only order what the re-scoring orders anyway, so it is skipped; many: it picks."""
    import bot.services.search as search

    texts = [make_article(f"2025-07-{day:02}", f"Паром номер {day}", "Паром отошёл от причала." * (day % 3 + 1))
             for day in range(1, 8)]
    await add_articles(services, "".join(texts))
    index = services.store.reader.index
    ranked_calls = []
    ranked = index.ranked

    async def counting(*args, **kwargs):
        ranked_calls.append(args)
        return await ranked(*args, **kwargs)

    monkeypatch.setattr(index, "ranked", counting)
    every = await services.search.rank(["паром"], 5)
    assert not ranked_calls and every.total == 7 and len(every.hits) == 5
    monkeypatch.setattr(search, "CANDIDATES", 3)
    picked = await search.SearchService(services.store).rank(["паром"], 2)
    assert len(ranked_calls) == 1 and picked.total == 7
    assert [h.article.id for h in picked.hits] == [h.article.id for h in every.hits][:2]


def test_lemma_set_finds_whole_lemmas_and_the_parts_of_hyphenated_ones() -> None:
    from storage.sqlite.index import lemma_set

    wanted = frozenset({"мост", "запад", "северо-запад", "юг"})
    assert lemma_set("новый мостовой переход", wanted) == frozenset()
    assert lemma_set("мост на северо-запад города", wanted) == {"мост", "северо-запад", "запад"}
    assert lemma_set("мост", wanted) == {"мост"}
    assert lemma_set("юго-восток", wanted) == frozenset()
