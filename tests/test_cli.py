"""`python -m bot ingest|stats|console` as a user runs them (real subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS, make_article

ROOT = Path(__file__).resolve().parent.parent


def run_bot(tmp_path: Path, *args: str, stdin: str = "", seeds: Path | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "cli.db"),
        "SEEDS_DIR": str(seeds or tmp_path / "no-seeds"),
        "BOT_TOKEN": "",
        "ADMIN_IDS": "",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, input=stdin, capture_output=True,
        text=True, timeout=120,
    )


def test_ingest_reports_problems_duplicates_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(make_article("2025-09-01", "Мост открыли", "Мост через реку открыли для машин."))
    bad = tmp_path / "bad.txt"
    bad.write_text(make_article("2025-09-02", "Хорошая", "Текст.") + "date 2025-02-30\nПлохая\nТекст.\n")

    first = run_bot(tmp_path, "ingest", str(good))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("добавлено: 1, уже было: 0, с ошибками: 0")

    second = run_bot(tmp_path, "ingest", str(good), str(bad))
    assert second.returncode == 1
    assert f"{bad}:4: несуществующая дата" in second.stdout
    assert "уже есть" in second.stdout
    assert "добавлено: 1, уже было: 1, с ошибками: 1" in second.stdout

    stats = run_bot(tmp_path, "stats")
    assert "articles: 2" in stats.stdout.splitlines()


def test_ingest_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(make_article("2025-09-03", "Станки", "Завод выпустил станки.").encode("cp1251"))
    (folder / "b.txt").write_text(make_article("2025-09-04", "Урожай", "Собран урожай зерна."))
    (folder / "notes.md").write_text("не статья")
    result = run_bot(tmp_path, "ingest", str(folder), str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert "nope.txt: файл не найден" in result.stdout
    assert "добавлено: 2" in result.stdout


def test_seed_files_all_parse_and_ingest(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "ingest", str(SEEDS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "с ошибками: 0" in result.stdout
    count = int(run_bot(tmp_path, "stats").stdout.split("articles: ")[1].split()[0])
    assert count >= 16


def test_console_on_piped_stdin_seeds_pages_opens_and_searches(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for day in range(1, 8):
        (seeds / f"{day}.txt").write_text(
            make_article(f"2025-09-{day:02d}", f"Заголовок {day}", f"Торговля с Беларусью, выпуск {day}.")
        )
    script = "/latest\n6\n1\n/search Беларуси\n/article abc\n"
    result = run_bot(tmp_path, "console", stdin=script, seeds=seeds)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Заголовок 7" in out  # newest first
    assert "[6] Дальше ▶" in out  # buttons are numbered options
    assert "(изменено)" in out and "Заголовок 2" in out  # pressing 6 paged
    assert "Торговля с Беларусью, выпуск" in out  # pressing 1 opened an article
    assert "Поиск: Беларуси" in out
    assert "Укажите номер статьи" in out
    assert "<b>" not in out  # HTML is rendered for the terminal


def test_console_saves_a_chart_and_names_its_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for day in range(1, 5):
        (seeds / f"{day}.txt").write_text(make_article(f"2025-09-{day:02d}", f"Выставка {day}", "Выставка станков."))
    result = run_bot(tmp_path, "console", stdin="/trend выставка\n/trend дирижабль\n", seeds=seeds)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stdout.splitlines() if line.startswith("[картинка: ")]
    assert len(shown) == 1, result.stdout
    chart = Path(shown[0].removeprefix("[картинка: ").removesuffix("]"))
    try:
        assert chart.read_bytes().startswith(b"\x89PNG")
        assert "Тема «выставка» — 4 статьи" in result.stdout
        assert "ничего нет" in result.stdout  # no chart without matches
    finally:
        chart.unlink(missing_ok=True)


def test_bare_module_without_token_is_the_console(tmp_path: Path) -> None:
    result = run_bot(tmp_path, stdin="/help\n")
    assert result.returncode == 0
    assert "Офлайн-консоль" in result.stdout


def test_run_without_token_exits_2(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run")
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr


def test_console_admin_uploads_a_multi_line_article_and_a_file_and_sees_the_notification(tmp_path: Path) -> None:
    article = make_article("2025-09-05", "Озеро очистили от мусора", "Волонтёры очистили берег озера.",
                           "Экология района стала лучше, сказали жители.")
    file = tmp_path / "second.txt"
    file.write_text(make_article("2025-09-06", "Новая экологическая тропа", "В парке открыли тропу об экологии леса."))
    script = f'/subscribe экология\n"""/upload\n{article}"""\n/upload {file}\n/stats\n'
    result = run_bot(tmp_path, "console", "--admin", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Подписка оформлена" in out
    assert out.count("добавлено 1") == 2  # the block and the file
    assert "Озеро очистили от мусора" in out and "Новая экологическая тропа" in out
    assert out.count("🔔") == 2 and "По подписке: экология" in out  # both notifications reached the terminal
    assert "Статей: 2" in out


def test_console_upload_lines_end_at_an_empty_line_and_readers_are_refused(tmp_path: Path) -> None:
    article = make_article("2025-09-05", "Мост покрасили", "Мост через реку покрасили в зелёный цвет.")
    script = f"/upload\n{article}\n/latest\n"
    refused = run_bot(tmp_path, "console", stdin=script)
    assert "только администраторам" in refused.stdout and "В архиве пока нет статей" in refused.stdout
    admin = run_bot(tmp_path, "console", "--admin", stdin=script)
    assert "добавлено 1" in admin.stdout and "№1 · Мост покрасили" in admin.stdout


def test_quotes_of_a_file_read_by_the_ingest_parser(tmp_path: Path) -> None:
    users_file = SEEDS / "000_557d75f3d41e43d6.txt"  # starts with a space before «date», has «3.64 BYN»
    result = run_bot(tmp_path, "quotes", str(users_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2025-09-29 Губернатор Ленинградской области назвал новые направления сотрудничества с Беларусью"
    assert result.stdout.count("Александр Дрозденко") == 5
    body = users_file.read_text(encoding="utf-8").split("\n", 2)[2]
    first = next(line for line in lines if line.startswith("[indirect]"))
    start, end = map(int, first.rsplit("[", 1)[1].rstrip("]").split(":"))
    assert body[start:end] == "ежегодно находятся новые грани и направления для сотрудничества"


def test_quotes_help_names_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "quotes", "--help"], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0 and "python -m bot quotes" in result.stdout
