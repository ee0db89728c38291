"""Reading commands through Dispatcher.feed_update with a recording session."""

from __future__ import annotations

from bot.render import MESSAGE_LIMIT, LatestPage
from tests.conftest import add_articles, make_article

BELARUS = make_article(
    "2025-09-30",
    "Контейнерный поезд связал Петербург и Минск",
    "Торговля с Беларусью выросла на треть, сообщили в порту.",
    "Грузы из Белоруссии идут через Шушары.",
    extra="3.64 BYN",
)
ENERGY = make_article(
    "2025-09-01",
    "Новая подстанция во Всеволожском районе",
    "Региональная энергетика получила ещё один объект.",
    "Подстанция обеспечит энергией три квартала.",
)


def many_articles(n: int) -> str:
    return "".join(
        make_article(f"2025-09-{day:02d}", f"Новость номер {day}", f"Текст новости {day} о городе.")
        for day in range(1, n + 1)
    )


async def test_start_lists_every_reader_command(chat) -> None:
    [reply] = await chat.send("/start")
    for command in ("/latest", "/article", "/search"):
        assert command in reply.text
    assert "/upload" not in reply.text


async def test_help_shows_admin_commands_only_to_admins(chat) -> None:
    from tests.conftest import ADMIN_ID

    [reply] = await chat.as_user(ADMIN_ID).send("/help")
    assert "/upload" in reply.text


async def test_latest_on_an_empty_archive(chat) -> None:
    [reply] = await chat.send("/latest")
    assert "нет статей" in reply.text


async def test_latest_is_newest_first_with_buttons_and_paging(chat, db) -> None:
    await add_articles(db, many_articles(12))
    [reply] = await chat.send("/latest")
    assert reply.text.index("Новость номер 12") < reply.text.index("Новость номер 11")
    assert "Новость номер 7" not in reply.text
    buttons = chat.buttons(reply)
    assert [text for text, _ in buttons][-1] == "Дальше ▶"
    assert sum(data.startswith("ar:") for _, data in buttons) == 5

    [page2] = await chat.press(buttons[-1][1])
    assert "Новость номер 7" in page2.text and "Новость номер 12" not in page2.text
    assert [t for t, _ in chat.buttons(page2)][-2:] == ["◀ Назад", "Дальше ▶"]


async def test_latest_n_and_bad_arguments(chat, db) -> None:
    await add_articles(db, many_articles(12))
    [reply] = await chat.send("/latest 10")
    assert "Новость номер 3" in reply.text
    for bad in ("/latest -5", "/latest 99999999999999999999", "/latest abc", "/latest 0", "/latest 21"):
        [reply] = await chat.send(bad)
        assert "число от 1 до 20" in reply.text


async def test_forged_paging_button_is_clamped(chat, db) -> None:
    await add_articles(db, many_articles(3))
    [reply] = await chat.press(LatestPage(offset=-50, size=999).pack())
    assert "Новость номер 3" in reply.text


async def test_article_button_and_command_open_the_full_article(chat, db) -> None:
    [article_id] = await add_articles(db, BELARUS)
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


async def test_long_article_is_split_under_the_limit(chat, db) -> None:
    paragraph = "Жители района обсуждали строительство новой дороги и сроки работ. " * 12
    [article_id] = await add_articles(db, make_article("2025-09-02", "Длинная статья", *[paragraph] * 15))
    replies = await chat.send(f"/article {article_id}")
    assert len(replies) >= 2
    assert all(len(r.text) <= MESSAGE_LIMIT for r in replies)


async def test_search_uses_morphology(chat, db) -> None:
    await add_articles(db, BELARUS + ENERGY)
    [reply] = await chat.send("/search Беларуси")
    assert "Контейнерный поезд" in reply.text
    assert "<b>Беларусью</b>" in reply.text
    [reply] = await chat.send("/search энергетике")
    assert "Новая подстанция" in reply.text


async def test_search_without_results_suggests_topics(chat, db) -> None:
    await add_articles(db, ENERGY)
    [reply] = await chat.send("/search космодром")
    assert "ничего не нашлось" in reply.text and "/topics" in reply.text


async def test_hostile_search_input_gets_a_short_reply(chat, db) -> None:
    await add_articles(db, ENERGY)
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


async def test_search_paging_button(chat, db) -> None:
    await add_articles(db, "".join(
        make_article(f"2025-09-{d:02d}", f"Трамвай {d}", f"Новый трамвай вышел на линию {d}.") for d in range(1, 9)
    ))
    [reply] = await chat.send("/search трамваи")
    next_data = dict(chat.buttons(reply))["Дальше ▶"]
    [page2] = await chat.press(next_data)
    assert "6." in page2.text and "найдено 8" in page2.text


async def test_article_text_is_html_escaped(chat, db) -> None:
    [article_id] = await add_articles(
        db, make_article("2025-09-05", "Тег <b> в заголовке & амперсанд", "Текст с <script>alert(1)</script>.")
    )
    [reply] = await chat.send(f"/article {article_id}")
    assert "&lt;script&gt;" in reply.text and "<script>" not in reply.text
    assert "Тег &lt;b&gt; в заголовке &amp; амперсанд" in reply.text


async def test_plain_text_and_unknown_commands_get_a_hint(chat) -> None:
    [reply] = await chat.send("привет, что нового?")
    assert "/help" in reply.text
    [reply] = await chat.send("/frobnicate")
    assert "Такой команды нет" in reply.text


async def test_stale_button_is_answered(chat) -> None:
    before = len(chat.session.requests)
    await chat.press("zz:unknown")
    answers = [r for r in chat.session.requests[before:] if r.__api_method__ == "answerCallbackQuery"]
    assert answers and "устарела" in answers[0].text


async def test_unexpected_error_gets_a_polite_reply(chat, db, monkeypatch) -> None:
    from storage import archive as archive_repo

    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(archive_repo, "article_count", broken)
    [reply] = await chat.send("/latest")
    assert reply.text.startswith("Что-то пошло не так")
    [reply] = await chat.send("/help")  # the bot is still alive
    assert "/latest" in reply.text
