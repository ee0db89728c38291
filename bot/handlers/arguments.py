"""Command arguments as readers type them: words with spaces folded, small counts, article numbers."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import Message


def words(command: CommandObject) -> str:
    """The argument text with runs of whitespace folded to one space ('' when there is none)."""
    return " ".join((command.args or "").split())


def parse_count(arg: str | None, default: int, maximum: int) -> int | None:
    """A small positive number from a command argument; None when it is not one."""
    if not arg:
        return default
    arg = arg.strip()
    if not arg.isdigit() or len(arg) > 6:
        return None
    value = int(arg)
    return value if 1 <= value <= maximum else None


def parse_article_id(arg: str | None) -> int | None:
    arg = (arg or "").strip().lstrip("#")
    if not arg.isdigit() or len(arg) > 12:
        return None
    value = int(arg)
    return value if value > 0 else None


async def required_words(message: Message, command: CommandObject, limit: int, usage: str, too_long: str) -> str | None:
    """The command's words, or None after answering ``usage`` (no words) or ``too_long`` (over ``limit``)."""
    text = words(command)
    if not text:
        await message.answer(usage)
        return None
    if len(text) > limit:
        await message.answer(too_long)
        return None
    return text
