"""Attacks on the input side: odd files, odd encodings, odd characters, odd numbers. Each gets a clear Russian
answer naming the line, the rest of the input still goes in, and nothing is half-written."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli import ingest
from bot.config import Settings
from bot.news.article import ArticleFormatError, parse_each
from bot.news.jsonl import parse_jsonl_line
from tests.conftest import ADMIN_ID, Chat, make_article

TODAY = dt.date(2026, 12, 2)
RUSSIAN = "Жители района обсудили ремонт набережной и новые скамейки у реки."


async def run_ingest(settings: Settings, *paths: Path) -> int:
    return await ingest.main(settings, argparse.Namespace(paths=[str(p) for p in paths], workers=1))


async def test_an_unreadable_file_is_reported_and_the_folder_goes_on(
    settings: Settings, tmp_path: Path, capsys, monkeypatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(make_article("2025-09-01", "Набережная", RUSSIAN), encoding="utf-8")
    (folder / "b.txt").write_text(make_article("2025-09-02", "Скамейки", RUSSIAN + " Ещё."), encoding="utf-8")
    (folder / "c.txt").write_text(make_article("2025-09-03", "Фонари", RUSSIAN + " И фонари."), encoding="utf-8")
    real = Path.read_bytes

    def locked(path: Path) -> bytes:
        if path.name == "b.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", locked)
    assert await run_ingest(settings, folder) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'b.txt'}: нет доступа" in out
    assert "добавлено: 2" in out


def test_a_file_mixing_three_encodings_is_read_article_by_article() -> None:
    parts = [
        make_article("2025-09-01", "Первая новость", RUSSIAN).encode("utf-8"),
        make_article("2025-09-02", "Вторая новость", RUSSIAN).encode("cp1251"),
        make_article("2025-09-03", "Третья новость", RUSSIAN).encode("koi8_r"),
    ]
    articles = parse_each(b"".join(parts), TODAY)
    assert [a.title for a in articles] == ["Первая новость", "Вторая новость", "Третья новость"]
    assert all(a.body == RUSSIAN for a in articles)


def test_text_that_reads_as_no_language_is_refused_naming_its_line() -> None:
    garbled = make_article("2025-09-02", "Вторая новость", RUSSIAN).encode("utf-8").decode("cp1251")
    upload = make_article("2025-09-01", "Первая новость", RUSSIAN) + garbled
    first, second = parse_each(upload, TODAY)
    assert first.title == "Первая новость"
    assert isinstance(second, ArticleFormatError) and second.line == 4
    assert "кодировка" in second.reason


def test_dates_far_in_the_future_are_refused() -> None:
    [bad] = parse_each(make_article("9999-12-31", "Из будущего", RUSSIAN), TODAY)
    assert isinstance(bad, ArticleFormatError) and "ещё не наступила" in bad.reason
    [ok] = parse_each(make_article("2026-12-03", "Завтрашний выпуск", RUSSIAN), TODAY)  # a time zone ahead
    assert ok.date == dt.date(2026, 12, 3)


def test_a_long_extra_field_is_refused() -> None:
    [bad] = parse_each(make_article("2025-09-01", "Поля", RUSSIAN, extra="x" * 500), TODAY)
    assert isinstance(bad, ArticleFormatError) and bad.line == 1 and "200" in bad.reason


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("text", "Текст с \ud800 одиноким суррогатом.", "недопустимые"),
        ("title", "Заголовок \udfff", "недопустимые"),
        ("text", "Текст с NUL \x00 внутри.", "управляющие"),
        ("text", "Текст с ESC \x1b[31m внутри.", "управляющие"),
        ("source", "агентство \x07", "управляющие"),
    ],
)
def test_jsonl_refuses_what_the_text_format_refuses(field: str, value: str, reason: str) -> None:
    record = {"id": "x", "title": "Заголовок", "text": RUSSIAN, "date": "2025-01-01", field: value}
    raw = json.dumps(record, ensure_ascii=True)  # \\ud800 escapes survive into the parsed string
    with pytest.raises(ArticleFormatError) as info:
        parse_jsonl_line(raw, 5, TODAY)
    assert info.value.line == 5 and reason in info.value.reason


async def test_a_jsonl_file_with_a_lone_surrogate_loses_only_that_line(
    settings: Settings, tmp_path: Path, capsys
) -> None:
    lines = [
        json.dumps({"id": "a", "title": "Первая", "text": RUSSIAN, "date": "2025-01-01"}),
        json.dumps({"id": "b", "title": "Вторая", "text": "Сломано \ud800.", "date": "2025-01-02"}),
        json.dumps({"id": "c", "title": "Третья", "text": RUSSIAN + " Снова.", "date": "2025-01-03"}),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert await run_ingest(settings, path) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:" in out and "добавлено: 2, уже было: 0, с ошибками: 1" in out


@pytest.mark.parametrize("command", ["/latest ²", "/latest ①", "/latest ٣", "/article ¹", "/article ²³"])
async def test_numbers_that_are_not_ascii_digits_get_a_usage_reply(chat: Chat, command: str) -> None:
    [reply] = await chat.send(command)
    assert "Что-то пошло не так" not in reply.text
    assert "число от 1 до" in reply.text or "номер статьи" in reply.text


async def test_delete_with_a_circled_number_is_a_usage_reply(chat: Chat) -> None:
    [reply] = await chat.as_user(ADMIN_ID).send("/delete ①")
    assert "Укажите номер статьи" in reply.text


@pytest.mark.parametrize("command", ["/search мост \ud800", "/quotes Сомов\udc00", "/topic \ud83d энергетика",
                                     "/subscribe экология \ud800"])
async def test_lone_surrogates_in_arguments_are_answered(chat: Chat, command: str) -> None:
    replies = await chat.send(command)
    assert replies and all("Что-то пошло не так" not in r.text for r in replies)
    for reply in replies:
        reply.text.encode("utf-8")  # what goes back to Telegram encodes


async def test_lone_surrogates_from_an_admin_reach_the_audit(chat: Chat, services) -> None:
    admin = chat.as_user(ADMIN_ID)
    [reply] = await admin.send("/delete 12\ud800")
    assert "Укажите номер статьи" in reply.text
    [entry] = await services.audit.recent(1)
    assert entry.action == "delete" and "\ufffd" in entry.detail


async def test_stats_and_audit_stay_out_of_group_chats(settings: Settings, services) -> None:
    group = Chat(settings, services, user_id=ADMIN_ID)
    group.updates.chat = group.updates.chat.model_copy(update={"id": -100777, "type": "supergroup"})
    try:
        for command in ("/stats", "/audit"):
            [reply] = await group.send(command)
            assert "личном чате" in reply.text and "Статей" not in reply.text
        [private] = await Chat(settings, services, user_id=ADMIN_ID).send("/stats")
        assert "Статей" in private.text
    finally:
        await group.bot.session.close()
