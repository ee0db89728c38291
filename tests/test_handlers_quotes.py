"""/quotes and /speakers end to end through the dispatcher: ingest -> quotes storage -> replies."""

from __future__ import annotations

from tests.conftest import add_articles, make_article

GOVERNOR = make_article(
    "2025-09-20",
    "Губернатор открыл новую набережную",
    "Александр Светлов, губернатор Ленинградской области, открыл набережную в Шлиссельбурге.",
    "«Мы строили её три года, - сказал Светлов. - Но мы идем дальше - это только начало».",
    "«Следующей будет набережная в Кировске».",
    "Он также отметил, что ежегодно в области находят новые места для прогулок.",
)
LATER = make_article(
    "2025-10-01",
    "Светлов пообещал новые парки",
    "Губернатора Александра Светлова не было на открытии парка в Тосно.",
    "По словам Александра Светлова, парки появятся в каждом районе области.",
)
TWO_NAMESAKES = make_article(
    "2025-09-25",
    "В Новгороде открыли детскую поликлинику",
    "Мэр Великого Новгорода Андрей Лебедев заявил, что поликлиника примет первых пациентов в понедельник.",
    "Заведующая отделением Ольга Лебедева рассказала, что врачей набирали полгода.",
)


async def test_quotes_by_surname_in_any_case_lists_direct_and_indirect_newest_first(chat, services) -> None:
    await add_articles(services, GOVERNOR + LATER)
    for query in ("/quotes Светлов", "/quotes светлова", "/quotes Александра Светлова", "/quotes Александр Светлов"):
        [reply] = await chat.send(query)
        assert "<b>Александр Светлов</b>" in reply.text, query
        assert "губернатор Ленинградской области" in reply.text
    text = reply.text
    assert "«Мы строили её три года,»" in text or "«Мы строили её три года" in text
    assert "Но мы идем дальше - это только начало" in text
    assert "Следующей будет набережная в Кировске" in text
    assert text.index("01.10.2025") < text.index("20.09.2025")  # newest first
    assert "косвенная речь" in text and "прямая речь" in text
    assert any(data.startswith("ar:") for _, data in chat.buttons(reply))


async def test_namesakes_get_buttons_to_choose(chat, services) -> None:
    await add_articles(services, TWO_NAMESAKES)
    [reply] = await chat.send("/quotes Лебедев")
    buttons = chat.buttons(reply)
    names = [text for text, _ in buttons]
    assert any("Андрей Лебедев" in n for n in names) and any("Ольга Лебедева" in n for n in names)
    olga = next(data for text, data in buttons if "Ольга" in text)
    [chosen] = await chat.press(olga)
    assert "врачей набирали полгода" in chosen.text
    [direct] = await chat.send("/quotes Ольга Лебедева")
    assert "врачей набирали полгода" in direct.text and "первых пациентов" not in direct.text


async def test_unknown_name_suggests_close_names_and_empty_argument_explains(chat, services) -> None:
    await add_articles(services, GOVERNOR)
    [reply] = await chat.send("/quotes Светлаков")
    assert "нет" in reply.text and "Александр Светлов" in reply.text
    [reply] = await chat.send("/quotes Иванов")
    assert "/speakers" in reply.text
    [reply] = await chat.send("/quotes")
    assert "/quotes" in reply.text and "Напишите" in reply.text
    for hostile in ("/quotes <b>", "/quotes 12345", "/quotes " + "я" * 500):
        [reply] = await chat.send(hostile)
        assert "<b>" not in reply.text.replace("<b>", "", 0) or "&lt;b&gt;" in reply.text or "Укажите" in reply.text


async def test_speakers_lists_who_is_quoted_with_buttons(chat, services) -> None:
    [reply] = await chat.send("/speakers")
    assert "нет цитат" in reply.text
    await add_articles(services, GOVERNOR + TWO_NAMESAKES)
    [reply] = await chat.send("/speakers")
    assert reply.text.index("Александр Светлов") < reply.text.index("Ольга Лебедева")
    data = next(d for t, d in chat.buttons(reply) if "Светлов" in t)
    [opened] = await chat.press(data)
    assert "Кировске" in opened.text


async def test_quote_paging_edits_the_message(chat, services) -> None:
    paragraphs = [f"«Мы откроем {n}-й парк в этом году», - сказал Светлов." for n in range(1, 9)]
    await add_articles(services, make_article("2025-09-21", "Парки", "Губернатор Александр Светлов рассказал о парках.",
                                        *paragraphs))
    [reply] = await chat.send("/quotes Светлов")
    next_data = dict(chat.buttons(reply))["Дальше ▶"]
    [page] = await chat.press(next_data)
    assert page.__api_method__ == "editMessageText"
    assert "8 цитат, 6–8" in page.text and "6-й парк" in page.text


async def test_bare_surname_joins_the_full_name_across_articles(services) -> None:
    bare_first = make_article("2025-09-10", "Мост", "«Мост откроем в мае», - сказал Светлов.")
    await add_articles(services, bare_first + GOVERNOR)
    speakers = await services.speakers.find("Светлов")
    assert [s.name for s in speakers] == ["Александр Светлов"]


async def test_deleting_an_article_removes_its_quotes(chat, services) -> None:
    [article_id] = await add_articles(services, GOVERNOR)
    assert await services.articles.delete(article_id)
    [reply] = await chat.send("/quotes Светлов")
    assert "нет" in reply.text


async def test_a_feminine_form_finds_her_not_her_namesake(chat, services) -> None:
    await add_articles(services, make_article(
        "2025-10-06", "Детская поликлиника открылась после ремонта",
        "Мэр Андрей Лебедев заявил, что ремонт закончили на месяц раньше.",
        "Главный врач Ольга Лебедева рассказала, что приём начнётся в понедельник.",
    ))
    [hers] = await chat.send("/quotes Лебедевой")
    assert "Ольга Лебедева" in hers.text and "Андрей Лебедев" not in hers.text
    [his] = await chat.send("/quotes Лебедевым")
    assert "Андрей Лебедев" in his.text and "Ольга" not in his.text
    [either] = await chat.send("/quotes Лебедева")  # her nominative, his genitive
    names = " ".join(text for text, _ in chat.buttons(either))
    assert "Андрей Лебедев" in names and "Ольга Лебедева" in names


async def test_a_first_name_alone_finds_the_speaker(chat, services) -> None:
    await add_articles(services, GOVERNOR)
    for query in ("/quotes Александр", "/quotes Александра"):
        [reply] = await chat.send(query)
        assert "Александр Светлов" in reply.text and "в архиве нет" not in reply.text, query
