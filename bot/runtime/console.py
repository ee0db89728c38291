"""Offline terminal chat: what is typed goes to the very same dispatcher through a local session.

- Buttons of the last answer are listed as numbered options; typing the number presses the button.
- A message of several lines: lines between two lines of `\"\"\"`, or `/upload` alone on a line followed by the
  article's lines up to an empty line.
- `/upload path/to/file.txt` sends that file as a document (console only), through the same admin check.
- Subscription notifications are delivered into the terminal as they happen (the notifier runs here too).
- `@ words` is an inline query («@bot words» in another chat); typing a result's number shows what it would post.
- A picture (/trend) is saved to a temporary file, shown as «[картинка: путь]».
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

from aiogram.methods import AnswerInlineQuery, EditMessageText, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineQueryResultArticle, Message, Update

from bot.app import build_dispatcher, new_bot
from bot.config import Settings
from bot.runtime.local_session import LocalSession
from bot.runtime.updates import UpdateFactory
from bot.services import Services
from bot.services.notifier import Notifier
from bot.views.html import to_plain_text
from bot.views.notifications import notification_message

CONSOLE_TOKEN = "123456:console-offline-token-0000000000"
CONSOLE_USER = 1001
BLOCK = '"""'
FINAL_DELIVERY_S = 10.0
GREETING = (
    "Офлайн-консоль новостного бота. Команды — /help, выход — Ctrl+D.\n"
    'Несколько строк в одном сообщении: между строками """ (или /upload и строки статьи до пустой строки); '
    "файл: /upload путь/к/файлу.txt; встроенный режим: @ слова\n"
)

ReadLine = Callable[[], Awaitable[str]]


class Console:
    def __init__(self, settings: Settings, services: Services, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.session = LocalSession(on_request=self._show)
        self.bot = new_bot(CONSOLE_TOKEN, self.session)
        self.dp = build_dispatcher(settings, services)
        self.updates = UpdateFactory(user_id=CONSOLE_USER, first_name="Консоль")
        self.buttons: list[tuple[InlineKeyboardButton, Message]] = []
        self.results: list[InlineQueryResultArticle] = []  # of the last inline query, until buttons replace them
        self.store = services.store
        self.rate = settings.notify_rate
        self.notifier = Notifier(
            self.bot, services.store, notification_message, wakeup=services.wakeup, digests=services.digests,
            rate=settings.notify_rate, retry_horizon=settings.notify_retry_hours * 3600,
        )

    def _show(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, AnswerInlineQuery):
            results = [r for r in method.results if isinstance(r, InlineQueryResultArticle)]
            self.out.write(f"\nВстроенный режим: {len(results)} результатов\n")
            for n, result in enumerate(results, start=1):
                self.out.write(f"  [{n}] {result.title}\n      {result.description or ''}\n")
            self.results = results
            self.out.flush()
        if isinstance(method, SendPhoto):
            self.out.write(f"\n[картинка: {self._save_photo(method)}]\n{to_plain_text(method.caption or '')}\n")
            self.out.flush()
        if isinstance(method, SendMessage | EditMessageText):
            prefix = "(изменено) " if isinstance(method, EditMessageText) else ""
            self.out.write("\n" + prefix + to_plain_text(method.text) + "\n")
            markup = method.reply_markup
            rows = getattr(markup, "inline_keyboard", None) or []
            buttons = [b for row in rows for b in row if b.callback_data]
            for n, button in enumerate(buttons, start=1):
                self.out.write(f"  [{n}] {button.text}\n")
            self.out.flush()

    def _save_photo(self, method: SendPhoto) -> str:
        """The photo's bytes in a temporary file (kept after the console ends, so it can be opened)."""
        data = getattr(method.photo, "data", b"")
        with tempfile.NamedTemporaryFile(prefix="newsbot-", suffix=".png", delete=False) as file:
            file.write(data)
        return file.name

    async def handle(self, text: str) -> None:
        """One message as typed (possibly several lines): a button number, a file to upload, or text."""
        line = text.strip()
        if not line:
            return
        if line.isdigit() and self.results and 1 <= int(line) <= len(self.results):
            posted = self.results[int(line) - 1].input_message_content
            self.out.write("\n(будет отправлено в чат) " + to_plain_text(getattr(posted, "message_text", "")) + "\n")
            return
        if line.isdigit() and self.buttons and 1 <= int(line) <= len(self.buttons):
            button, message = self.buttons[int(line) - 1]
            await self._feed(self.updates.callback(button.callback_data or "", message))
            return
        if line.startswith("@"):
            await self._feed(self.updates.inline(line[1:].strip()))
            return
        path = upload_path(line)
        if path is not None:
            await self._upload(path)
            return
        await self._feed(self.updates.message(line))

    async def _upload(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.out.write(f"\nНе удалось прочитать файл {path}: {exc.strerror or exc}\n")
            return
        file_id = f"console-{len(self.session.files) + 1}"
        self.session.files[file_id] = data
        await self._feed(self.updates.document(file_id, path.name, len(data), caption="/upload"))

    async def _feed(self, update: Update) -> None:
        before = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        self._remember_buttons(before)

    def _remember_buttons(self, before: int) -> None:
        """The buttons of the newest answer that has any become the numbered options."""
        for method in reversed(self.session.requests[before:]):
            markup = getattr(method, "reply_markup", None)
            rows = getattr(markup, "inline_keyboard", None)
            if rows and isinstance(method, SendMessage | EditMessageText):
                message = Message.model_validate(
                    {
                        "message_id": getattr(method, "message_id", None) or 1,
                        "date": 0,
                        "chat": {"id": self.updates.chat.id, "type": "private"},
                        "text": method.text,
                    }
                )
                self.buttons = [(b, message) for row in rows for b in row if b.callback_data]
                self.results = []
                return

    async def run(self, stdin: TextIO = sys.stdin) -> None:
        interactive = stdin.isatty()
        loop = asyncio.get_running_loop()

        async def read_line() -> str:
            if interactive:
                self.out.write("> ")
                self.out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if line and not interactive:
                self.out.write(f"> {line.rstrip()}\n")
            return line

        self.out.write(GREETING)
        self.notifier.start()
        try:
            await self.handle("/start")
            while (message := await read_message(read_line)) is not None:
                await self.handle(message)
            if interactive:
                self.out.write("\n")  # Ctrl+D: the shell prompt starts on a line of its own
        finally:
            await self.notifier.stop()
            # what became due just before the end of input still reaches the terminal
            last = Notifier(self.bot, self.store, notification_message, rate=self.rate)
            await last.deliver_due(max_seconds=FINAL_DELIVERY_S)
            await self.bot.session.close()


def upload_path(line: str) -> Path | None:
    """``/upload path/to/file.txt`` names an existing file (the console's way to send one)."""
    command, _, rest = line.partition(" ")
    if command.split("@", 1)[0] != "/upload" or "\n" in rest or not rest.strip():
        return None
    path = Path(rest.strip()).expanduser()
    return path if path.is_file() else None


async def read_message(read_line: ReadLine) -> str | None:
    """The next message: one line, or the lines of a \"\"\" block or of an /upload up to an empty line.
    None at the end of input."""
    line = await read_line()
    if not line:
        return None
    stripped = line.strip()
    if stripped.startswith(BLOCK):
        return await _block(stripped[len(BLOCK):], read_line)
    if stripped.split("@", 1)[0] == "/upload":
        return await _until_empty(line.rstrip("\n"), read_line)
    return line


async def _block(first: str, read_line: ReadLine) -> str:
    lines = [first] if first.strip() else []
    while (line := await read_line()) and line.strip() != BLOCK:
        if line.rstrip().endswith(BLOCK):
            lines.append(line.rstrip()[: -len(BLOCK)])
            break
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)


async def _until_empty(first: str, read_line: ReadLine) -> str:
    lines = [first]
    while (line := await read_line()) and line.strip():
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)
