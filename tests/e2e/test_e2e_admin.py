"""The real bot process over HTTP: subscriptions (instant and digest), admin uploads, what subscribers get."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import E2E, running_bot
from .corpus import PIPELINE, SEEDS, UPLOADED
from .proxy import BotApiProxy

NOTIFY_TIMEOUT = 30.0


@pytest.fixture(scope="module")
def e2e(
    emulator: str, proxy: BotApiProxy, tmp_path_factory: pytest.TempPathFactory, bot_database: dict[str, str]
) -> Iterator[E2E]:
    yield from running_bot(emulator, proxy, tmp_path_factory, SEEDS, bot_database)


def test_non_admin_upload_is_refused(e2e: E2E) -> None:
    outsider = e2e.user(2002, "Посторонний")
    [reply] = outsider.send("/upload " + UPLOADED)
    assert "только администраторам" in reply.text
    [latest] = outsider.send("/latest 1")
    assert "солнечную электростанцию" not in latest.text  # nothing was stored


def test_subscriber_is_notified_of_an_admin_upload(e2e: E2E) -> None:
    reader = e2e.user(2001, "Подписчица")
    [confirmation] = reader.send("/subscribe электростанции")
    assert "электростанции" in confirmation.text
    assert reader.drain() == []  # no notification for the already stored articles

    [report] = e2e.admin().send("/upload " + UPLOADED)
    assert "добавлено 1" in report.text

    [notification] = reader.wait_replies(1, timeout=NOTIFY_TIMEOUT)
    assert "На водохранилище построят солнечную электростанцию" in notification.text
    assert notification.button("Открыть")
    assert [r.text for r in e2e.user(2002).drain()] == []  # the non-subscriber got nothing


def test_a_digest_subscriber_gets_the_new_article_in_the_digest_not_at_once(e2e: E2E) -> None:
    reader = e2e.user(2003, "Читатель дайджеста")
    reader.send("/subscribe водопровод")
    [switched] = reader.send("/digest 09:00")
    assert "09:00" in switched.text

    [report] = e2e.admin().send("/upload " + PIPELINE)
    assert "добавлено 1" in report.text  # the digest item is collected in the upload's own transaction

    replies = reader.send("/digest now")
    assert len(replies) == 1, [r.text for r in replies]  # no instant notification came before it
    assert "Дайджест за" in replies[0].text and "водопровод" in replies[0].text
    assert replies[0].button("В Заречье заменят")
    [empty] = reader.send("/digest now")
    assert "ничего нового" in empty.text  # each article goes into one digest only
