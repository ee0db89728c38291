"""Command arguments as readers type them: words with spaces folded, small counts, article numbers."""

from __future__ import annotations

import re

from aiogram.filters import CommandObject
from aiogram.types import Message


def words(command: CommandObject) -> str:
    """The argument text with runs of whitespace folded to one space ('' when there is none)."""
    return " ".join((command.args or "").split())


def number(arg: str, max_digits: int) -> int | None:
    """A number written in ASCII digits («²», «①» or «٣» are not numbers here, whatever ``str.isdigit`` says)."""
    return int(arg) if re.fullmatch(f"[0-9]{{1,{max_digits}}}", arg) else None


def parse_count(arg: str | None, default: int, maximum: int) -> int | None:
    """A positive number from a command argument, capped at ``maximum``; None when it is not one."""
    if not arg or not arg.strip():
        return default
    value = number(arg.strip(), 12)
    return min(value, maximum) if value is not None and value >= 1 else None


def parse_article_id(arg: str | None) -> int | None:
    value = number((arg or "").strip().lstrip("#№"), 12)
    return value if value is not None and value > 0 else None


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
