"""The real bot process over HTTP: reading commands, paging buttons, search, hostile input."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .conftest import E2E, running_bot, wait_until
from .corpus import SEEDS
from .proxy import BotApiProxy

SORRY = "Что-то пошло не так"


@pytest.fixture(scope="module")
def e2e(
    emulator: str, proxy: BotApiProxy, tmp_path_factory: pytest.TempPathFactory, bot_database: dict[str, str]
) -> Iterator[E2E]:
    yield from running_bot(emulator, proxy, tmp_path_factory, SEEDS, bot_database)


def test_start_lists_commands(e2e: E2E) -> None:
    [reply] = e2e.user(1001).send("/start")
    assert "/latest" in reply.text and "/search" in reply.text
    assert "/upload" not in reply.text  # the admin part is for admins only
    assert {"getMe", "getUpdates", "setMyCommands"} <= set(e2e.proxy.methods())


def test_latest_and_paging_button(e2e: E2E) -> None:
    user = e2e.user(1002)
    [reply] = user.send("/latest 3")
    assert "(1–3 из 7)" in reply.text
    assert "Экологи проверили воздух у полигона" in reply.text  # newest first
    user.press(reply, reply.button("Дальше"))
    edited = user.wait_edit(reply)
    assert "(4–6 из 7)" in edited.text
    assert "Фермеры собрали рекордный урожай гречихи" in edited.text


def test_article_button_opens_the_article(e2e: E2E) -> None:
    user = e2e.user(1003)
    [reply] = user.send("/latest 1")
    user.press(reply, reply.button("Экологи"))
    [article] = user.wait_replies()
    assert "сероводороду" in article.text


def test_search_understands_word_forms(e2e: E2E) -> None:
    [reply] = e2e.user(1004).send("/search подстанциями")
    assert "В Верхнеозёрске открыли новую подстанцию" in reply.text
    assert "Завод запустил линию по выпуску трансформаторов" in reply.text  # «для подстанций»
    assert "Марафон" not in reply.text


@pytest.mark.parametrize("hostile", ["/search NEAR(", '/search "* OR -', "/latest -5", "/article 99999999", "<b>"])
def test_hostile_input_then_a_normal_command(e2e: E2E, hostile: str) -> None:
    user = e2e.user(1005)
    [reply] = user.send(hostile)
    assert reply.text and SORRY not in reply.text
    [normal] = user.send("/latest 2")
    assert "(1–2 из 7)" in normal.text
    assert e2e.bot.proc.poll() is None


def test_quotes_of_a_person(e2e: E2E) -> None:
    [reply] = e2e.user(1006).send("/quotes Ланцев")
    assert "Игорь Ланцев" in reply.text
    assert "Новая подстанция обеспечит светом три микрорайона" in reply.text


def test_topic_summary_cites_its_articles(e2e: E2E) -> None:
    replies = e2e.user(1007).send("/topic подстанции")
    text = "\n".join(r.text for r in replies)
    assert "Тема «подстанции»" in text
    assert "В Верхнеозёрске открыли новую подстанцию" in text  # listed among the sources
    assert any("Подписаться" in label for r in replies for label, _ in r.buttons())


def test_search_over_hyphenated_words(e2e: E2E) -> None:
    [reply] = e2e.user(1008).send("/search вице-мэр трамвай")
    assert "Трамвайная линия дойдёт до речного вокзала" in reply.text
    assert SORRY not in reply.text


def test_trend_sends_a_chart_through_the_proxy(e2e: E2E) -> None:
    user = e2e.user(1009)
    assert user.send("/trend подстанции", count=0) == []
    [photo] = wait_until(lambda: [p for p in e2e.proxy.photos if p.chat_id == 1009], 30, "a chart for user 1009")
    assert photo.data.startswith(b"\x89PNG\r\n\x1a\n") and len(photo.data) <= 150 * 1024
    assert "Тема «подстанции»" in photo.caption
    [nothing] = user.send("/trend дирижабль")
    assert "ничего нет" in nothing.text


def test_a_deep_link_opens_the_article(e2e: E2E) -> None:
    user = e2e.user(1010)
    [found] = user.send("/search гречихи")
    article_id = re.search(r"№(\d+)", found.text).group(1)
    [article] = user.send(f"/start a{article_id}")
    assert "Фермеры собрали рекордный урожай гречихи" in article.text and "Пётр Колосов" in article.text
