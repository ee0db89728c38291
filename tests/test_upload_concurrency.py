"""Concurrent uploads never corrupt or lock the archive (WAL + busy timeout + one transaction per article)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.config import Settings
from bot.services import Services
from bot.services.ingest import ADDED, DUPLICATE, IngestService, Meta
from storage import open_store
from tests.conftest import Chat, make_article

ROOT = Path(__file__).resolve().parent.parent
SECOND_ADMIN = 778


def batch(tag: str, n: int) -> str:
    return "".join(
        make_article(
            f"2025-0{1 + i % 9}-1{i % 10}",
            f"Сводка {tag} номер {i}",
            f"Диспетчер {tag} сообщил о рейсе {i} на линии Брусничное — Озёрки.",
            f"Пассажиров рейса {i} встретил оркестр ({tag}).",
        )
        for i in range(n)
    )


async def check_archive(path: str, expected: int) -> None:
    store = await open_store(path)
    try:
        async with store.reader.conn.execute("PRAGMA integrity_check") as cur:
            assert (await cur.fetchone())[0] == "ok"
        async with store.reader.conn.execute("SELECT count(*) FROM articles") as cur:
            assert (await cur.fetchone())[0] == expected
        async with store.reader.conn.execute("SELECT count(*) FROM articles_fts") as cur:
            assert (await cur.fetchone())[0] == expected
        async with store.reader.conn.execute("SELECT count(DISTINCT article_id) FROM sentences") as cur:
            assert (await cur.fetchone())[0] == expected
    finally:
        await store.close()


async def test_two_connections_upload_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    first, second = await open_store(path), await open_store(path)
    one_ingest, two_ingest = IngestService(first), IngestService(second)
    try:
        one, two = await asyncio.gather(
            one_ingest.ingest_text(batch("альфа", 25), Meta(source="a", uploader=1)),
            two_ingest.ingest_text(batch("бета", 25), Meta(source="b", uploader=2)),
        )
        assert [r.status for r in one + two] == [ADDED] * 50
        # the very same article from both at once: exactly one is stored, the other is recognised
        same = make_article("2026-05-05", "Одна новость на двоих", "Оба редактора прислали её одновременно.")
        a, b = await asyncio.gather(one_ingest.ingest_text(same, Meta()), two_ingest.ingest_text(same, Meta()))
        assert sorted([a[0].status, b[0].status]) == sorted([ADDED, DUPLICATE])
        assert a[0].article_id == b[0].article_id
    finally:
        await first.close()
        await second.close()
    await check_archive(path, 51)


async def test_two_admins_upload_through_the_bot_while_a_reader_reads(tmp_path: Path, settings: Settings) -> None:
    settings = settings.model_copy(update={"admin_ids": frozenset({777, SECOND_ADMIN})})
    db_a, db_b = await open_store(settings.database_path), await open_store(settings.database_path)
    services_a = Services.create(db_a)
    alice, bob = Chat(settings, services_a, user_id=777), Chat(settings, Services.create(db_b), user_id=SECOND_ADMIN)
    reader = Chat(settings, services_a, user_id=1001)  # its own session: replies do not interleave
    try:
        async def uploads(chat: Chat, tag: str) -> list[str]:
            texts = []
            for i in range(4):
                [reply] = await chat.send("/upload\n" + batch(f"{tag}{i}", 3))
                texts.append(reply.text)
            return texts

        async def reads() -> int:
            seen = 0
            for _ in range(8):
                [reply] = await reader.send("/latest 3")
                seen += "Сводка" in reply.text
                await asyncio.sleep(0)
            return seen

        a, b, _ = await asyncio.gather(uploads(alice, "а"), uploads(bob, "б"), reads())
        assert all("добавлено 3" in text for text in a + b)
        async with db_a.reader.conn.execute("SELECT uploader, count(*) FROM articles GROUP BY uploader") as cur:
            assert {row[0]: row[1] for row in await cur.fetchall()} == {777: 12, SECOND_ADMIN: 12}
        async with db_a.reader.conn.execute("SELECT count(*) FROM audit WHERE action = 'upload'") as cur:
            assert (await cur.fetchone())[0] == 8
    finally:
        for harness in (alice, bob, reader):
            await harness.bot.session.close()
        await db_a.close()
        await db_b.close()
    await check_archive(settings.database_path, 24)


def test_two_ingest_processes_at_once(tmp_path: Path) -> None:
    files = []
    for tag in ("север", "юг"):
        file = tmp_path / f"{tag}.txt"
        file.write_text(batch(tag, 80), encoding="utf-8")
        files.append(file)
    db_path = tmp_path / "procs.db"
    asyncio.run(check_archive(str(db_path), 0))  # creates the schema
    env = {**os.environ, "DATABASE_PATH": str(db_path), "BOT_TOKEN": "", "LOG_LEVEL": "WARNING"}
    # A third writer holds the write lock while both processes start: they must wait (busy_timeout),
    # not fail, and then write at the same time as each other.
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ingest", "--workers", "1", str(file)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for file in files
    ]
    time.sleep(2.5)
    blocker.execute("ROLLBACK")
    blocker.close()
    outputs = [proc.communicate(timeout=300) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "добавлено: 80, уже было: 0, с ошибками: 0" in out
        assert "locked" not in err
    asyncio.run(check_archive(str(db_path), 160))
