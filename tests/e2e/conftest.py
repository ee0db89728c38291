"""End-to-end fixtures: the telegram-test-api emulator, a quirk-absorbing proxy, and the real bot process.

Per test module and storage backend: a fresh emulator (node) on a free port, the proxy (in this process) in front
of it, and ``python -m bot run`` as a subprocess pointed at the proxy with a temporary database (a SQLite file, or
a database on the tests' PostgreSQL server) and seed folder.
Users talk to the bot through the emulator's client API (``EmulatorUser``). Everything started is stopped,
also when a test fails. Outside CI a machine without node/npm skips these tests; in CI it fails them.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .proxy import BotApiProxy

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EMULATOR_PACKAGE = HERE / "node_modules" / "telegram-test-api"
TOKEN = "123456789:AAE2e-TestTokenForTheEmulator_abcdefgh"
ADMIN_ID = 500
STARTUP_TIMEOUT = 90.0  # first reply: imports, NLP models, seeding
REPLY_TIMEOUT = 20.0
EMULATOR_TIMEOUT = 30.0


def _require_node() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        reason = f"e2e tests need {' and '.join(missing)} (telegram-test-api emulator)"
        if os.environ.get("CI"):
            pytest.fail(reason + ": missing in CI", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def emulator_installed() -> Path:
    """`npm ci` the pinned emulator into tests/e2e/node_modules once, when it is not there yet."""
    _require_node()
    if _installed_version() != _pinned_version():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE, check=True, timeout=300, stdin=subprocess.DEVNULL,
        )
    return EMULATOR_PACKAGE


def _pinned_version() -> str:
    return json.loads((HERE / "package.json").read_text(encoding="utf-8"))["dependencies"]["telegram-test-api"]


def _installed_version() -> str | None:
    try:
        return json.loads((EMULATOR_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], Any], timeout: float, what: str, step: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(step)


def stop_process(proc: subprocess.Popen[Any], grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


# ---- the emulator ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def bot_database(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The bot's database settings: none (its own SQLite file) or DATABASE_URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield {}
        return
    server = request.getfixturevalue("postgres_server")
    name = f"e2e_{request.module.__name__.rsplit('.', 1)[-1]}"
    yield {"DATABASE_URL": server.create_database(name)}
    server.drop_database(name)


@pytest.fixture(scope="module")
def emulator(emulator_installed: Path, bot_database: dict[str, str]) -> Iterator[str]:
    """A fresh emulator per module (it keeps undelivered updates for 60 s); yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        ["node", str(HERE / "emulator.js"), str(port)],
        cwd=HERE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], EMULATOR_TIMEOUT)
        line = proc.stdout.readline() if ready else f"no output in {EMULATOR_TIMEOUT:.0f}s\n"
        if not line.startswith("ready"):
            stop_process(proc)
            pytest.fail(f"emulator did not start: {line}{proc.stdout.read()}", pytrace=False)
        yield f"http://127.0.0.1:{port}"
    finally:
        if proc.stdin:
            proc.stdin.close()
        stop_process(proc)
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture(scope="module")
def proxy(emulator: str) -> Iterator[BotApiProxy]:
    api = BotApiProxy(emulator)
    api.start()
    try:
        yield api
    finally:
        api.stop()


# ---- the bot process -----------------------------------------------------------------------------------------

@dataclass
class BotProcess:
    proc: subprocess.Popen[Any]
    log_path: Path
    workdir: Path

    def log(self, tail: int = 60) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-tail:])

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise RuntimeError(f"bot exited with code {self.proc.returncode}:\n{self.log()}")


def write_seeds(folder: Path, articles: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(articles, start=1):
        (folder / f"{n:03}.txt").write_text(text, encoding="utf-8")


def start_bot(proxy: BotApiProxy, workdir: Path, seeds: list[str], database: dict[str, str]) -> BotProcess:
    seeds_dir = workdir / "seeds"
    write_seeds(seeds_dir, seeds)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("BOT_", "TELEGRAM_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=proxy.url,
        DATABASE_PATH=str(workdir / "news.db"),
        SEEDS_DIR=str(seeds_dir),
        ADMIN_IDS=str(ADMIN_ID),
        NOTIFY_RATE="50",
        LOG_LEVEL="INFO",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        PYTHONUNBUFFERED="1",
        **database,
    )
    log_path = workdir / "bot.log"
    with log_path.open("w", encoding="utf-8") as log:
        # cwd = workdir: a developer's .env in the repo must not leak into the test
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=workdir, env=env,
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
    return BotProcess(proc, log_path, workdir)


# ---- users talking through the emulator's client API ---------------------------------------------------------

@dataclass
class Reply:
    """One message the bot sent to a user's chat, as the emulator stored it (edits included)."""

    message_id: int
    text: str
    markup: dict[str, Any] | None = None

    def buttons(self) -> list[tuple[str, str]]:
        rows = (self.markup or {}).get("inline_keyboard") or []
        return [(b.get("text", ""), b.get("callback_data", "")) for row in rows for b in row]

    def button(self, contains: str) -> str:
        for text, data in self.buttons():
            if contains in text:
                return data
        raise AssertionError(f"no button with {contains!r} in {self.buttons()}")


def _reply(stored: dict[str, Any]) -> Reply:
    message = stored.get("message") or {}
    markup = message.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return Reply(int(stored.get("messageId", 0)), str(message.get("text", "")), markup)


@dataclass
class EmulatorUser:
    emulator: str
    bot: BotProcess
    user_id: int
    first_name: str = "Читатель"
    inbox: list[Reply] = field(default_factory=list)

    def _post(self, route: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.emulator}/{route}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def _common(self) -> dict[str, Any]:
        person = {"id": self.user_id, "first_name": self.first_name, "is_bot": False, "language_code": "ru"}
        chat = {"id": self.user_id, "first_name": self.first_name, "type": "private"}
        return {"botToken": TOKEN, "from": person, "chat": chat, "date": int(time.time())}

    def _fetch(self) -> list[Reply]:
        body = self._post("getUpdates", {"token": TOKEN, "chatId": self.user_id})
        fresh = [_reply(item) for item in (body or {}).get("result") or []]
        self.inbox.extend(fresh)
        return fresh

    def drain(self) -> list[Reply]:
        return self._fetch()

    def wait_replies(self, count: int = 1, timeout: float = REPLY_TIMEOUT) -> list[Reply]:
        got: list[Reply] = []

        def check() -> bool:
            self.bot.check_alive()
            got.extend(self._fetch())
            return len(got) >= count

        try:
            wait_until(check, timeout, f"{count} repl{'y' if count == 1 else 'ies'} to user {self.user_id}")
        except TimeoutError as exc:
            raise AssertionError(f"{exc}; got {[r.text[:80] for r in got]}\n--- bot log ---\n{self.bot.log()}") from None
        got.extend(self._fetch())  # anything that arrived together with the last one
        return got

    def send(self, text: str, count: int = 1, timeout: float = REPLY_TIMEOUT) -> list[Reply]:
        """Send a message (a command when it starts with /) and return the bot's replies."""
        self.drain()
        message = {**self._common(), "text": text}
        if text.startswith("/"):
            name_end = next((i for i, ch in enumerate(text) if ch.isspace()), len(text))
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": name_end}]
            self._post("sendCommand", message)
        else:
            self._post("sendMessage", message)
        return self.wait_replies(count, timeout)

    def press(self, reply: Reply, data: str) -> None:
        """Press an inline button of ``reply`` (the emulator's callback carries the pressed message)."""
        common = self._common()
        message = {"message_id": reply.message_id, "chat": common["chat"], "text": reply.text}
        self._post("sendCallback", {**common, "message": message, "data": data})

    def history(self, message_id: int) -> Reply | None:
        for item in self._post("getUpdatesHistory", {"token": TOKEN}).get("result") or []:
            message = item.get("message") or {}
            if int(item.get("messageId", -1)) == message_id and "chat_id" in message:
                return _reply(item)
        return None

    def wait_edit(self, reply: Reply, timeout: float = REPLY_TIMEOUT) -> Reply:
        """Wait until the bot edits ``reply`` (its text changes); returns the edited version."""

        def check() -> Reply | None:
            self.bot.check_alive()
            current = self.history(reply.message_id)
            return current if current is not None and current.text != reply.text else None

        try:
            return wait_until(check, timeout, f"an edit of message {reply.message_id}")
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\n--- bot log ---\n{self.bot.log()}") from None


@dataclass
class E2E:
    emulator: str
    proxy: BotApiProxy
    bot: BotProcess

    def user(self, user_id: int, first_name: str = "Читатель") -> EmulatorUser:
        return EmulatorUser(self.emulator, self.bot, user_id, first_name)

    def admin(self) -> EmulatorUser:
        return self.user(ADMIN_ID, "Администратор")


def running_bot(
    emulator: str, proxy: BotApiProxy, tmp_path_factory: pytest.TempPathFactory, seeds: list[str],
    database: dict[str, str],
) -> Iterator[E2E]:
    """Start the bot and wait until it answers (a warm-up /start from a user of its own)."""
    workdir = tmp_path_factory.mktemp("bot")
    bot = start_bot(proxy, workdir, seeds, database)
    try:
        env = E2E(emulator, proxy, bot)
        env.user(99_999, "Проверка").send("/start", timeout=STARTUP_TIMEOUT)
        yield env
    finally:
        stop_process(bot.proc)
        if bot.proc.returncode not in (0, -signal.SIGTERM):
            print(f"--- bot exited with {bot.proc.returncode} ---\n{bot.log()}")
