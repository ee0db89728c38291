"""Offline terminal chat: typed lines go to the very same dispatcher through a local session.

Buttons of the last answer are listed as numbered options; typing the number presses the button.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, TextIO

from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardButton, Message

from bot.app import build_dispatcher, new_bot
from bot.config import Settings
from bot.runtime.local_session import LocalSession
from bot.runtime.updates import UpdateFactory
from bot.services import Services
from bot.views.html import to_plain_text

CONSOLE_TOKEN = "123456:console-offline-token-0000000000"


class Console:
    def __init__(self, settings: Settings, services: Services, out: TextIO = sys.stdout, user_id: int = 1001) -> None:
        self.out = out
        self.session = LocalSession(on_request=self._show)
        self.bot = new_bot(CONSOLE_TOKEN, self.session)
        self.dp = build_dispatcher(settings, services)
        admin = next(iter(settings.admin_ids), None)
        self.updates = UpdateFactory(user_id=admin if admin is not None else user_id, first_name="Консоль")
        self.buttons: list[tuple[InlineKeyboardButton, Message]] = []

    def _show(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage | EditMessageText):
            prefix = "(изменено) " if isinstance(method, EditMessageText) else ""
            self.out.write("\n" + prefix + to_plain_text(method.text) + "\n")
            markup = method.reply_markup
            rows = getattr(markup, "inline_keyboard", None) or []
            buttons = [b for row in rows for b in row if b.callback_data]
            for n, button in enumerate(buttons, start=1):
                self.out.write(f"  [{n}] {button.text}\n")
            self.out.flush()

    async def handle_line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if line.isdigit() and self.buttons and 1 <= int(line) <= len(self.buttons):
            button, message = self.buttons[int(line) - 1]
            update = self.updates.callback(button.callback_data or "", message)
        else:
            update = self.updates.message(line)
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
                return

    async def run(self, stdin: TextIO = sys.stdin) -> None:
        interactive = stdin.isatty()
        self.out.write("Офлайн-консоль новостного бота. Команды — /help, выход — Ctrl+D.\n")
        await self.handle_line("/start")
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                self.out.write("> ")
                self.out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            if not interactive:
                self.out.write(f"> {line.strip()}\n")
            await self.handle_line(line)
        await self.bot.session.close()
