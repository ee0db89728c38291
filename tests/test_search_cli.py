"""`python -m bot search`: the human listing and the --jsonl batch interface."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from bot.cli import search
from bot.config import Settings
from bot.services import Services
from tests.conftest import add_articles, make_article


async def seed(services: Services) -> None:
    await add_articles(
        services,
        make_article("2025-03-01", "Паром вышел в рейс", "Паром вышел в рейс утром.", "Паром вернётся к вечеру.")
        + make_article("2025-03-02", "Мост открыт", "Мост открыли для машин.")
        + make_article("2025-03-03", "Итоги дня", "Паром задержался, а мост закрыли."),
    )


async def run_jsonl(settings: Settings, monkeypatch, capsys, lines: list[str], limit: int = 10) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))
    code = await search.main(settings, argparse.Namespace(words=[], limit=limit, jsonl=True))
    assert code == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


async def test_jsonl_one_answer_per_query_in_order(settings, services, monkeypatch, capsys) -> None:
    await seed(services)
    queries = ["паромы", "мост", "дирижабль", "паром мост"]
    answers = await run_jsonl(settings, monkeypatch, capsys, [json.dumps({"query": q}) for q in queries])
    assert [a["query"] for a in answers] == queries
    first = answers[0]["results"]
    assert first[0]["title"] == "Паром вышел в рейс"
    assert set(first[0]) == {"id", "external_id", "title", "date", "score"}
    assert first[0]["date"] == "2025-03-01"
    assert [r["score"] for r in first] == sorted((r["score"] for r in first), reverse=True)
    assert answers[2]["results"] == []
    assert answers[3]["results"][0]["title"] == "Итоги дня"  # both words first


async def test_jsonl_limit(settings, services, monkeypatch, capsys) -> None:
    await seed(services)
    answers = await run_jsonl(settings, monkeypatch, capsys, [json.dumps({"query": "паром"})], limit=1)
    assert len(answers[0]["results"]) == 1


@pytest.mark.parametrize("line", ["{broken", "[1]", '"text"', "{}", '{"query": ""}', '{"query": "NEAR( * AND"}',
                                  '{"query": 5}'])
async def test_jsonl_garbage_gets_an_empty_answer(settings, services, monkeypatch, capsys, line: str) -> None:
    await seed(services)
    answers = await run_jsonl(settings, monkeypatch, capsys, [line, json.dumps({"query": "мост"})])
    assert len(answers) == 2 and answers[0]["results"] == []
    assert answers[1]["results"][0]["title"] == "Мост открыт"


async def test_human_listing_and_empty_query(settings, services, capsys) -> None:
    await seed(services)
    assert await search.main(settings, argparse.Namespace(words=["паромом"], limit=10, jsonl=False)) == 0
    out = capsys.readouterr().out
    assert "Паром вышел в рейс" in out and "найдено 2" in out
    assert await search.main(settings, argparse.Namespace(words=["?!"], limit=10, jsonl=False)) == 2
