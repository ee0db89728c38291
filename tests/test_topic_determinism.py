"""Same archive, same query, same answer in any process: `summary --jsonl` under different hash seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def record(aid: str, date: str, title: str, *paragraphs: str) -> str:
    return json.dumps({"id": aid, "date": date, "title": title, "text": "\n".join(paragraphs)}, ensure_ascii=False)


ARTICLES = [
    record(
        "a1", "2025-03-01", "Мост через Сорогу закрыли на ремонт",
        "Мост через Сорогу в Липовце закрыли на ремонт до осени, сообщили в мэрии.",
        "Объезд для машин пройдёт по старой дороге у элеватора.",
        "«Ремонт моста обойдётся в 40 миллионов рублей», — сказал мэр Липовца Олег Ступин.",
    ),
    record(
        "a2", "2025-03-02", "Автобусы Липовца пустили в объезд моста",
        "Из-за ремонта моста через Сорогу автобусы Липовца ходят в объезд по старой дороге.",
        "Дорога у элеватора стала тесной, и перевозчик добавил на маршруты ещё пять автобусов.",
    ),
    record(
        "a3", "2025-03-02", "В Липовце открыли паромную переправу",
        "В Липовце после зимнего перерыва открыли паромную переправу через Лань.",
        "Паром ходит каждые полчаса с семи утра до десяти вечера.",
        "Билет на переправу стоит сорок рублей, школьники ездят бесплатно.",
    ),
    record(
        "a4", "2025-03-03", "Липовец получит новые автобусы",
        "Город Липовец получит двадцать новых автобусов на газовом топливе.",
        "Первые автобусы выйдут на маршруты Липовца в апреле, сообщили в мэрии.",
    ),
]
QUERIES = ["Липовец", "мост", "автобусы", "паромная переправа"]


def _bot(db: Path, *args: str, stdin: str = "", seed: str = "0") -> str:
    env = {
        **os.environ, "DATABASE_PATH": str(db), "SEEDS_DIR": str(db.parent / "no-seeds"), "BOT_TOKEN": "",
        "LOG_LEVEL": "WARNING", "PYTHONHASHSEED": seed,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=db.parent, env=env, input=stdin, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_summaries_are_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(ARTICLES) + "\n", encoding="utf-8")
    db = tmp_path / "archive.db"
    _bot(db, "ingest", str(source))
    batch = "".join(json.dumps({"query": q}, ensure_ascii=False) + "\n" for q in QUERIES)
    answers = {_bot(db, "summary", "--jsonl", stdin=batch, seed=seed) for seed in ("1", "2", "31337")}
    assert len(answers) == 1
    lines = [json.loads(line) for line in answers.pop().splitlines()]
    assert [line["query"] for line in lines] == QUERIES
    assert all(line["sentences"] and line["articles"] for line in lines)
    for line in lines:  # every [n] listed, every listed source cited
        cited = [s["external_id"] for s in line["sentences"]]
        assert set(cited) == {a["external_id"] for a in line["articles"]} and None not in cited
