"""/article and the article buttons through Dispatcher.feed_update with a recording session."""

from __future__ import annotations

from bot.views.html import MESSAGE_LIMIT
from tests.conftest import BELARUS, add_articles, make_article


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


async def test_long_article_is_split_under_the_limit(chat, services) -> None:
    paragraph = "Жители района обсуждали строительство новой дороги и сроки работ. " * 12
    [article_id] = await add_articles(services, make_article("2025-09-02", "Длинная статья", *[paragraph] * 15))
    replies = await chat.send(f"/article {article_id}")
    assert len(replies) >= 2
    assert all(len(r.text) <= MESSAGE_LIMIT for r in replies)


async def test_article_text_is_html_escaped(chat, services) -> None:
    [article_id] = await add_articles(
        services, make_article("2025-09-05", "Тег <b> в заголовке & амперсанд", "Текст с <script>alert(1)</script>.")
    )
    [reply] = await chat.send(f"/article {article_id}")
    assert "&lt;script&gt;" in reply.text and "<script>" not in reply.text
    assert "Тег &lt;b&gt; в заголовке &amp; амперсанд" in reply.text
