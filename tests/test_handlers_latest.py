"""/latest through Dispatcher.feed_update with a recording session."""

from __future__ import annotations

from bot.views.callbacks import LatestPage
from tests.conftest import add_articles, make_article


def many_articles(n: int) -> str:
    return "".join(
        make_article(f"2025-09-{day:02d}", f"Новость номер {day}", f"Текст новости {day} о городе.")
        for day in range(1, n + 1)
    )


async def test_latest_on_an_empty_archive(chat) -> None:
    [reply] = await chat.send("/latest")
    assert "нет статей" in reply.text


async def test_latest_is_newest_first_with_buttons_and_paging(chat, services) -> None:
    await add_articles(services, many_articles(12))
    [reply] = await chat.send("/latest")
    assert reply.text.index("Новость номер 12") < reply.text.index("Новость номер 11")
    assert "Новость номер 7" not in reply.text
    buttons = chat.buttons(reply)
    assert [text for text, _ in buttons][-1] == "Дальше ▶"
    assert sum(data.startswith("ar:") for _, data in buttons) == 5

    [page2] = await chat.press(buttons[-1][1])
    assert "Новость номер 7" in page2.text and "Новость номер 12" not in page2.text
    assert [t for t, _ in chat.buttons(page2)][-2:] == ["◀ Назад", "Дальше ▶"]


async def test_latest_n_and_bad_arguments(chat, services) -> None:
    await add_articles(services, many_articles(12))
    [reply] = await chat.send("/latest 10")
    assert "Новость номер 3" in reply.text
    for bad in ("/latest -5", "/latest 99999999999999999999", "/latest abc", "/latest 0"):
        [reply] = await chat.send(bad)
        assert "число от 1 до 20" in reply.text
    for many in ("/latest 21", "/latest 100"):
        [reply] = await chat.send(many)
        assert "(1–12 из 12)" in reply.text and "не больше 20" in reply.text
    [exact] = await chat.send("/latest 20")
    assert "не больше" not in exact.text


async def test_forged_paging_button_is_clamped(chat, services) -> None:
    await add_articles(services, many_articles(3))
    [reply] = await chat.press_signed(LatestPage(offset=-50, size=999).pack())
    assert "Новость номер 3" in reply.text
