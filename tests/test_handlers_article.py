"""/article and the article buttons through Dispatcher.feed_update with a recording session."""

from __future__ import annotations

from bot.views.html import MESSAGE_LIMIT
from tests.conftest import BELARUS, add_articles, make_article
from tests.test_views_html import well_formed


async def test_article_button_and_command_open_the_full_article(chat, services) -> None:
    [article_id] = await add_articles(services, BELARUS)
    [reply] = await chat.send(f"/article {article_id}")
    assert "Грузы из Белоруссии идут через Шушары." in reply.text
    assert "3.64 BYN" in reply.text and "30.09.2025" in reply.text
    [listing] = await chat.send("/latest")
    open_data = next(data for _, data in chat.buttons(listing) if data.startswith("ar:"))
    [opened] = await chat.press(open_data)
    assert opened.text == reply.text


async def test_article_bad_and_missing_ids(chat) -> None:
    for bad in ("/article", "/article abc", "/article -1", "/article 1.5", "/article 99999999999999999999"):
        [reply] = await chat.send(bad)
        assert "номер статьи" in reply.text
    [reply] = await chat.send("/article 4242")
    assert "нет в архиве" in reply.text


async def test_a_long_article_is_one_message_paged_with_buttons(chat, services) -> None:
    paragraphs = [f"Абзац {n}. " + "Жители района обсуждали строительство новой дороги и сроки работ. " * 12
                  for n in range(1, 41)]
    [article_id] = await add_articles(services, make_article("2025-09-02", "Длинная статья", *paragraphs))
    replies = await chat.send(f"/article {article_id}")
    assert len(replies) == 1  # one message, not a flood
    pages = [replies[0]]
    while "Дальше ▶" in dict(chat.buttons(pages[-1])):
        [edited] = await chat.press(dict(chat.buttons(pages[-1]))["Дальше ▶"])
        pages.append(edited)
        assert len(pages) < 30
    assert len(pages) >= 5 and all(len(p.text) <= MESSAGE_LIMIT and well_formed(p.text) for p in pages)
    assert f"Страница {len(pages)} из {len(pages)}" in pages[-1].text
    shown = "".join(p.text for p in pages)
    assert all(f"Абзац {n}." in shown for n in range(1, 41))
    [back] = await chat.press(dict(chat.buttons(pages[-1]))["◀ Назад"])
    assert f"Страница {len(pages) - 1} из" in back.text


async def test_an_article_over_the_size_limit_is_refused_naming_the_limit(chat, services) -> None:
    from tests.conftest import ADMIN_ID

    huge = make_article("2025-09-02", "Огромная статья", "Очень длинный текст. " * 6000)
    [report] = await chat.as_user(ADMIN_ID).send("/upload\n" + huge)
    assert "100 000 символов" in report.text and "добавлено 0" in report.text
    assert await services.articles.count() == 0


async def test_article_text_is_html_escaped(chat, services) -> None:
    [article_id] = await add_articles(
        services, make_article("2025-09-05", "Тег <b> в заголовке & амперсанд", "Текст с <script>alert(1)</script>.")
    )
    [reply] = await chat.send(f"/article {article_id}")
    assert "&lt;script&gt;" in reply.text and "<script>" not in reply.text
    assert "Тег &lt;b&gt; в заголовке &amp; амперсанд" in reply.text
