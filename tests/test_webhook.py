"""`python -m bot webhook` as a real process: the secret token, /healthz, setWebhook at start (a failure is only
logged), SIGTERM; and the settings it refuses with one Russian line and exit code 2."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.app import new_bot
from bot.config import Settings
from bot.runtime.local_session import LocalSession
from bot.runtime.updates import UpdateFactory
from bot.runtime.webhook import build_app
from bot.services import Services
from tests.bot_processes import (
    SECRET,
    TOKEN,
    bot_env,
    free_port,
    post_update,
    start,
    stop,
    tail,
    wait_for_log,
    wait_healthy,
)
from tests.recording_bot_api import RecordingBotApi

TIMEOUT = 120


def run_cli(tmp_path: Path, command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", command], cwd=tmp_path, env=bot_env("http://127.0.0.1:9", tmp_path, **env),
        capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
    )


def assert_one_line_exit_2(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    for text in expected:
        assert text in done.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WEBHOOK_URL": "https://bot.example.org/hook"}, ("WEBHOOK_SECRET не задан",)),
        ({"WEBHOOK_SECRET": SECRET}, ("WEBHOOK_URL не задан",)),
        ({"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "пароль с пробелами"},
         ("WEBHOOK_SECRET", "латинские буквы")),
        ({"WEBHOOK_URL": "ftp://bot.example.org", "WEBHOOK_SECRET": SECRET}, ("WEBHOOK_URL",)),
        ({"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": SECRET, "WEBHOOK_PORT": "70000"},
         ("WEBHOOK_PORT",)),
        ({"DATABASE_URL": "mysql://user@localhost/news"}, ("DATABASE_URL", "postgresql://")),
    ],
)
def test_bad_webhook_settings_are_one_line_and_exit_2(tmp_path: Path, env: dict[str, str], expected) -> None:
    assert_one_line_exit_2(run_cli(tmp_path, "webhook", **env), *expected)


@pytest.mark.parametrize("command", ["webhook", "worker", "run", "stats"])
def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path: Path, command: str) -> None:
    url = f"postgresql://newsbot:very-secret-password@127.0.0.1:{free_port()}/newsbot"
    done = run_cli(tmp_path, command, DATABASE_URL=url, WEBHOOK_URL="https://bot.example.org/hook",
                   WEBHOOK_SECRET=SECRET)
    assert_one_line_exit_2(done, "Не удалось открыть архив", "сервер PostgreSQL недоступен")
    assert "very-secret-password" not in done.stderr


def test_the_worker_needs_a_token(tmp_path: Path) -> None:
    assert_one_line_exit_2(run_cli(tmp_path, "worker", BOT_TOKEN=""), "BOT_TOKEN не задан")


def test_webhook_url_gives_the_route() -> None:
    settings = Settings(_env_file=None, webhook_url="https://bot.example.org/tg/updates")
    assert settings.webhook_path == "/tg/updates"
    assert Settings(_env_file=None, webhook_url="https://bot.example.org").webhook_path == "/webhook"


async def test_webhook_process_serves_checks_the_secret_and_stops_on_sigterm(tmp_path: Path) -> None:
    api = await RecordingBotApi().start()
    port = free_port()
    env = bot_env(api.base_url, tmp_path, WEBHOOK_URL="https://bot.example.org/tg", WEBHOOK_SECRET=SECRET,
                  WEBHOOK_PORT=str(port))
    log = tmp_path / "webhook.log"
    proc = await start("webhook", env, log)
    base = f"http://127.0.0.1:{port}"
    user = UpdateFactory(user_id=3001)
    try:
        async with aiohttp.ClientSession() as session:
            await wait_healthy(session, base, proc, log)
            assert await post_update(session, f"{base}/tg", user.message("/start"), secret=None) == 401
            assert await post_update(session, f"{base}/tg", user.message("/start"), secret="wrong") == 401
            assert api.sent() == []  # refused requests reach no handler
            assert await post_update(session, f"{base}/tg", user.message("/start")) == 200
            [reply] = api.sent()  # answered before the HTTP response: handled in the request
            assert reply.chat_id == 3001 and "/latest" in reply.text
            async with session.get(f"{base}/healthz") as health:
                assert (await health.json())["ok"] is True
        assert len(api.sent("setWebhook")) == 1
        assert await stop(proc, signal.SIGTERM) == 0
        text = log.read_text(errors="replace")
        assert "Traceback" not in text and TOKEN.split(":")[1] not in text
        assert "notifier" not in text  # webhook instances never deliver
    finally:
        await stop(proc, signal.SIGKILL)
        await api.close()


async def test_a_failed_setwebhook_is_logged_not_fatal(tmp_path: Path) -> None:
    port = free_port()
    env = bot_env(f"http://127.0.0.1:{free_port()}", tmp_path, WEBHOOK_URL="https://bot.example.org/tg",
                  WEBHOOK_SECRET=SECRET, WEBHOOK_PORT=str(port))  # no Bot API there at all
    log = tmp_path / "webhook.log"
    proc = await start("webhook", env, log)
    try:
        async with aiohttp.ClientSession() as session:
            await wait_healthy(session, f"http://127.0.0.1:{port}", proc, log)
        await wait_for_log(log, "setWebhook failed", proc)
        assert await stop(proc, signal.SIGINT) == 0
        assert "Traceback" not in tail(log)
    finally:
        await stop(proc, signal.SIGKILL)


async def test_healthz_says_503_when_the_database_fails(settings: Settings, store) -> None:
    settings = settings.model_copy(
        update={"webhook_url": "https://bot.example.org/tg", "webhook_secret": SecretStr(SECRET)}
    )
    services = Services.create(store)
    bot = new_bot(TOKEN, LocalSession())
    app = build_app(settings, services, bot)

    async def broken() -> int:
        raise ConnectionError("database gone")

    async with TestClient(TestServer(app)) as client:
        healthy = await client.get("/healthz")
        assert healthy.status == 200
        services.articles.count = broken  # type: ignore[method-assign]
        sick = await client.get("/healthz")
        assert sick.status == 503 and (await sick.json())["ok"] is False
