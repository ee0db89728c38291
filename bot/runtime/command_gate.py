"""Let a message skip the routers that cannot answer it.

aiogram tries the routers in order and, inside each, every handler's filters, until one matches: a message for
the fifth router, or plain text on its way to the fallback, pays for the Command filters of every router before
it (each parses the text again). ``gate_command_routers`` gives every router whose message handlers all answer
commands one cheap router-level filter: the message's first word is one of its commands (any case, any mention),
checked once. The handlers' own filters still decide; the gate only lets fewer of them run.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters import Command
from aiogram.types import BotCommand, Message


def gate_command_routers(root: Router) -> int:
    """Gate every router under ``root`` whose message handlers all have a Command filter; returns how many."""
    gated = 0
    for router in root.chain_tail:
        handlers = router.message.handlers
        found = _commands_of(handlers) if handlers else None
        if found is not None:
            router.message.filter(_first_word_in(*found))
            gated += 1
    return gated


def _commands_of(handlers: Iterable[HandlerObject]) -> tuple[frozenset[str], frozenset[str]] | None:
    """(prefixes, lower-cased command names) of the handlers; None when one of them takes other messages or
    matches commands by pattern."""
    prefixes: set[str] = set()
    names: set[str] = set()
    for handler in handlers:
        commands = [f.callback for f in handler.filters or [] if isinstance(f, FilterObject)]
        command = next((c for c in commands if isinstance(c, Command)), None)
        if command is None:
            return None
        for name in command.commands:
            if isinstance(name, re.Pattern):
                return None
            names.add((name.command if isinstance(name, BotCommand) else name).lower())
        prefixes.update(command.prefix)
    return frozenset(prefixes), frozenset(names)


def _first_word_in(prefixes: frozenset[str], names: frozenset[str]) -> Callable[[Message], Awaitable[bool]]:
    async def gate(message: Message) -> bool:
        text = message.text or message.caption
        if not text or text[0] not in prefixes:
            return False
        first = text.split(maxsplit=1)[0]
        return first[1:].partition("@")[0].lower() in names

    return gate
