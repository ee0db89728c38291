"""/search through Dispatcher.feed_update with a recording session."""

from __future__ import annotations

from bot.news.quotemarks import closed
from tests.conftest import BELARUS, add_articles, make_article

ENERGY = make_article(
    "2025-09-01",
    "Новая подстанция во Всеволожском районе",
    "Региональная энергетика получила ещё один объект.",
    "Подстанция обеспечит энергией три квартала.",
)


async def test_search_uses_morphology(chat, services) -> None:
    await add_articles(services, BELARUS + ENERGY)
    [reply] = await chat.send("/search Беларуси")
    assert "Контейнерный поезд" in reply.text
    assert "<b>Беларусью</b>" in reply.text
    [reply] = await chat.send("/search энергетике")
    assert "Новая подстанция" in reply.text


async def test_search_without_results_suggests_topics(chat, services) -> None:
    await add_articles(services, ENERGY)
    [reply] = await chat.send("/search космодром")
    assert "ничего не нашлось" in reply.text and "/topics" in reply.text


async def test_hostile_search_input_gets_a_short_reply(chat, services) -> None:
    await add_articles(services, ENERGY)
    for hostile in ('/search NEAR(', '/search "', "/search <b>жирный</b>", "/search *", "/search AND OR NOT",
                    "/search энергетика*", '/search "энергетика" OR'):
        replies = await chat.send(hostile)
        assert len(replies) == 1
        assert "Что-то пошло не так" not in replies[0].text
        assert "<b>жирный</b>" not in replies[0].text
    [reply] = await chat.send("/search")
    assert "Напишите, что искать" in reply.text
    [reply] = await chat.send("/search " + "энергетика " * 300)
    assert "Слишком длинный запрос" in reply.text


async def test_search_paging_button(chat, services) -> None:
    await add_articles(services, "".join(
        make_article(f"2025-09-{d:02d}", f"Трамвай {d}", f"Новый трамвай вышел на линию {d}.") for d in range(1, 9)
    ))
    [reply] = await chat.send("/search трамваи")
    next_data = dict(chat.buttons(reply))["Дальше ▶"]
    [page2] = await chat.press(next_data)
    assert "найдено 8 (6–8)" in page2.text and page2.text.count("\n\n№") == 3


async def test_a_snippet_cut_inside_a_quotation_closes_its_marks(chat, services) -> None:
    long_quote = (
        "«Новый дирижабль облетит заповедник за один день, а его камеры заметят дым раньше любой вышки, "
        + "и поэтому лесники смогут выехать к очагу ещё до того, как огонь доберётся до сухостоя, " * 4
        + "— так что весь проект окупится за два сезона», — заявил лесничий Аркадий Кедров."
    )
    await add_articles(services, make_article("2025-09-02", "Лесники испытали аппарат", long_quote))
    [reply] = await chat.send("/search дирижабль")
    snippet = reply.text.split("</i>\n", 1)[1]
    assert "…»" in snippet and snippet.count("«") == snippet.count("»")


def test_closed_pairs_the_marks_a_cut_left_alone() -> None:
    assert closed("«Мы построим…") == "«Мы построим…»"
    assert closed("к зиме», — сказал он.") == "«к зиме», — сказал он."
    assert closed("«Ростех» и «Роснано…") == "«Ростех» и «Роснано…»"
    assert closed("“English” and „low“") == "“English” and „low“"
