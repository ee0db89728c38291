"""Starting the bot's commands: several at once on a new archive, bad settings, an archive that cannot be opened."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from storage.sqlite.db import migrations
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # a process that hangs instead of exiting fails the test


def env_for(db: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("BOT_TOKEN", "ADMIN_IDS")}
    return {**env, "DATABASE_PATH": str(db), "SEEDS_DIR": str(db.parent / "no-seeds"), "LOG_LEVEL": "WARNING", **extra}


def start(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, text=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def test_three_ingests_start_together_on_a_new_archive(tmp_path: Path) -> None:
    db = tmp_path / "new" / "news.db"
    files = []
    for n in range(3):
        path = tmp_path / f"batch{n}.txt"
        path.write_text("".join(
            make_article("2025-05-01", f"Новость {n}-{i}", f"В посёлке номер {n} открыли объект {i}.") for i in range(10)
        ), encoding="utf-8")
        files.append(path)
    procs = [start(tmp_path, env_for(db), "ingest", str(path)) for path in files]
    outcomes = [proc.communicate(timeout=TIMEOUT) for proc in procs]
    for proc, (_, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations()[-1][0]
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 30
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_many_commands_at_once_on_a_new_archive_all_finish(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    procs = [start(tmp_path, env_for(db), "stats") for _ in range(4)]
    for proc in procs:
        out, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
        assert "articles: 0" in out


@pytest.mark.parametrize(
    ("name", "value"),
    [("ADMIN_IDS", "777,abc"), ("NOTIFY_RATE", "abc"), ("NOTIFY_RATE", "-1"), ("LOG_LEVEL", "LOUD")],
)
def test_a_bad_setting_is_one_clear_line_and_exit_2(tmp_path: Path, name: str, value: str) -> None:
    proc = start(tmp_path, env_for(tmp_path / "s.db", **{name: value}), "stats")
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 2
    assert err.strip().count("\n") == 0 and name in err and "Traceback" not in err
    assert not out


def test_admin_ids_may_be_separated_by_spaces() -> None:
    assert Settings(_env_file=None, admin_ids="777 888").admin_ids == frozenset({777, 888})
    assert Settings(_env_file=None, admin_ids="777, 888;999").admin_ids == frozenset({777, 888, 999})


@pytest.mark.parametrize("kind", ["not a database", "a folder"])
def test_an_archive_that_cannot_be_opened_exits_2_without_hanging(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "archive.db"
    if kind == "a folder":
        db.mkdir()
    else:
        db.write_text("это не база данных, а просто текст\n" * 100, encoding="utf-8")
    proc = start(tmp_path, env_for(db), "stats")
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 2
    assert "Не удалось открыть архив" in err and "Traceback" not in err
