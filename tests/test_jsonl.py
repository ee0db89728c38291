"""JSON Lines import: good records, broken lines named file:line, duplicate external ids, exit codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.cli import ingest
from bot.config import Settings
from bot.news.article import ArticleFormatError
from bot.news.jsonl import parse_jsonl_line
from bot.services.articles import ArticleService
from storage import open_store


def record(ext_id: str | None, title: str, text: str, date: str = "2025-02-03", **extra: object) -> str:
    obj: dict[str, object] = {"title": title, "text": text, "date": date, **extra}
    if ext_id is not None:
        obj["id"] = ext_id
    return json.dumps(obj, ensure_ascii=False)


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def run_ingest(settings: Settings, *paths: Path) -> int:
    return await ingest.main(settings, argparse.Namespace(paths=[str(p) for p in paths], workers=1))


async def stored(settings: Settings) -> list:
    store = await open_store(settings.database_path)
    try:
        return (await ArticleService(store).latest(100)).articles
    finally:
        await store.close()


def test_parse_fields_and_datetime() -> None:
    line = record("a-1", "  Паром   вышел ", "Первый абзац.\r\n\r\nВторой абзац.", "2025-02-03T10:15:00+03:00",
                  url="https://example.org/1", source="агентство")
    rec = parse_jsonl_line(line, 7)
    assert rec.article.title == "Паром вышел"
    assert rec.article.body == "Первый абзац.\nВторой абзац."
    assert rec.article.date.isoformat() == "2025-02-03" and rec.article.line == 7
    assert (rec.external_id, rec.url, rec.source) == ("a-1", "https://example.org/1", "агентство")
    assert parse_jsonl_line(record(None, "Т", "Текст."), 1).external_id is None


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("{не json", "JSON"),
        ("[1, 2]", "JSON"),
        (json.dumps({"text": "Текст.", "date": "2025-01-01"}), "title"),
        (record("x", "Заголовок", "", "2025-01-01"), "пустой текст"),
        (record("x", "Заголовок", "Текст.", "01.02.2025"), "ISO"),
        (record("x", "Заголовок", "Текст.", "2025-02-30"), "несуществующая"),
        (json.dumps({"title": 5, "text": "Текст.", "date": "2025-01-01"}), "строкой"),
    ],
)
def test_broken_lines_raise_a_clear_error(raw: str, words: str) -> None:
    with pytest.raises(ArticleFormatError) as info:
        parse_jsonl_line(raw, 3)
    assert info.value.line == 3 and words in info.value.reason


async def test_good_file_is_imported(settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write(tmp_path, "news.jsonl",
                 record("n-1", "Паром вышел в рейс", "Паром вышел в рейс утром."),
                 "",
                 record("n-2", "Мост открыт", "Мост открыли для машин.", url="https://example.org/2"))
    assert await run_ingest(settings, path) == 0
    assert "добавлено: 2, уже было: 0, с ошибками: 0" in capsys.readouterr().out
    articles = {a.external_id: a for a in await stored(settings)}
    assert set(articles) == {"n-1", "n-2"} and articles["n-2"].url == "https://example.org/2"


async def test_broken_line_names_file_and_line(settings: Settings, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "mixed.jsonl",
                 record("m-1", "Паром вышел в рейс", "Паром вышел."),
                 "{broken",
                 record("m-3", "Мост открыт", "Мост открыли."))
    assert await run_ingest(settings, path) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:" in out and "добавлено: 2, уже было: 0, с ошибками: 1" in out
    assert {a.external_id for a in await stored(settings)} == {"m-1", "m-3"}


async def test_reimport_reports_duplicates_and_changes_nothing(settings: Settings, tmp_path: Path, capsys) -> None:
    first = write(tmp_path, "a.jsonl", record("d-1", "Паром вышел в рейс", "Паром вышел."))
    assert await run_ingest(settings, first) == 0
    before = await stored(settings)
    capsys.readouterr()
    again = write(tmp_path, "b.jsonl", record("d-1", "Другой заголовок", "Совсем другой текст."))
    assert await run_ingest(settings, again) == 0
    out = capsys.readouterr().out
    assert f"{again}:1:" in out and "добавлено: 0, уже было: 1, с ошибками: 0" in out
    assert await stored(settings) == before


async def test_missing_file_fails(settings: Settings, tmp_path: Path, capsys) -> None:
    assert await run_ingest(settings, tmp_path / "nope.jsonl") == 1
    assert "с ошибками: 1" in capsys.readouterr().out
