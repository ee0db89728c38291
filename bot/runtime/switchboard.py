"""Hand each update only to the routers that can answer it.

aiogram offers an update to the routers in order and, inside each, runs every handler's filters until one
matches. Passing a router costs tens of microseconds even when none of its handlers could match (its middlewares
are wrapped, its filters checked, a Command filter parses the text again): plain text on its way to the fallback
crossed every router of the bot. ``SwitchingDispatcher`` reads the update once instead: a command goes to the
routers that have that command, a button press to the routers whose buttons carry its prefix, and both also to
the routers that take other messages or buttons (documents, plain text, any button), in the routers' order. The
handlers' own filters still decide; the switch only lets fewer routers try.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import BotCommand, CallbackQuery, Message, TelegramObject

BUTTON_SEPARATOR = ":"


@dataclass(frozen=True)
class Routes:
    """Which routers may answer a message with a given command, or a button with a given prefix."""

    commands: dict[str, tuple[Router, ...]]  # lower-cased command name -> its routers and the open ones
    command_prefixes: frozenset[str]
    other_messages: tuple[Router, ...]  # routers that take messages other than commands
    buttons: dict[str, tuple[Router, ...]]  # callback data prefix -> its routers and the open ones
    other_buttons: tuple[Router, ...]  # routers that take buttons of any data

    def for_event(self, update_type: str, event: TelegramObject) -> tuple[Router, ...] | None:
        """The routers to try, in order; None: every router (an update of another kind)."""
        if update_type == "message" and isinstance(event, Message):
            text = event.text or event.caption
            if text and text[0] in self.command_prefixes:
                name = text.split(maxsplit=1)[0][1:].partition("@")[0].lower()
                return self.commands.get(name, self.other_messages)
            return self.other_messages
        if update_type == "callback_query" and isinstance(event, CallbackQuery):
            prefix = (event.data or "").partition(BUTTON_SEPARATOR)[0]
            return self.buttons.get(prefix, self.other_buttons)
        return None


def routes_of(routers: Sequence[Router]) -> Routes:
    commands_of = {r: _commands_of(r.message.handlers) if _closed(r) else None for r in routers}
    prefixes_of = {r: _button_prefixes_of(r.callback_query.handlers) if _closed(r) else None for r in routers}
    names = {name for found in commands_of.values() if found for name in found[1]}
    button_prefixes = {prefix for found in prefixes_of.values() if found for prefix in found}

    def message_routers(name: str | None) -> tuple[Router, ...]:
        return tuple(
            r for r in routers
            if not _closed(r)
            or (r.message.handlers and (commands_of[r] is None or (name is not None and name in commands_of[r][1])))
        )

    def button_routers(prefix: str | None) -> tuple[Router, ...]:
        return tuple(
            r for r in routers
            if not _closed(r) or (r.callback_query.handlers and (prefixes_of[r] is None or prefix in prefixes_of[r]))
        )

    return Routes(
        commands={name: message_routers(name) for name in names},
        command_prefixes=frozenset(p for found in commands_of.values() if found for p in found[0]),
        other_messages=message_routers(None),
        buttons={prefix: button_routers(prefix) for prefix in button_prefixes},
        other_buttons=button_routers(None),
    )


def _closed(router: Router) -> bool:
    """A router without routers of its own: its handlers say everything it can take."""
    return not router.sub_routers


def _commands_of(handlers: Iterable[HandlerObject]) -> tuple[frozenset[str], frozenset[str]] | None:
    """(prefixes, lower-cased names) when every handler answers named commands; None when one of them takes
    other messages or matches commands by pattern."""
    prefixes: set[str] = set()
    names: set[str] = set()
    for handler in handlers:
        command = next((f.callback for f in _filters(handler) if isinstance(f.callback, Command)), None)
        if command is None:
            return None
        for name in command.commands:
            if isinstance(name, re.Pattern):
                return None
            names.add((name.command if isinstance(name, BotCommand) else name).lower())
        prefixes.update(command.prefix)
    return frozenset(prefixes), frozenset(names)


def _button_prefixes_of(handlers: Iterable[HandlerObject]) -> frozenset[str] | None:
    """The callback data prefixes when every handler takes one kind of CallbackData; None otherwise."""
    prefixes: set[str] = set()
    for handler in handlers:
        data = next((f.callback for f in _filters(handler) if isinstance(f.callback, CallbackQueryFilter)), None)
        if data is None or data.callback_data.__separator__ != BUTTON_SEPARATOR:
            return None
        prefixes.add(data.callback_data.__prefix__)
    return frozenset(prefixes)


def _filters(handler: HandlerObject) -> list[FilterObject]:
    return [f for f in handler.filters or [] if isinstance(f, FilterObject)]


class SwitchingDispatcher(Dispatcher):
    """A Dispatcher that offers messages and button presses only to the routers that may answer them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._routes: tuple[tuple[Router, ...], Routes] | None = None

    def routes(self) -> Routes:
        """Worked out again whenever the routers change."""
        routers = tuple(self.sub_routers)
        if self._routes is None or self._routes[0] != routers:
            self._routes = (routers, routes_of(routers))
        return self._routes[1]

    async def _propagate_event(
        self, observer: TelegramEventObserver | None, update_type: str, event: TelegramObject, **kwargs: Any
    ) -> Any:
        routers = self.routes().for_event(update_type, event)
        if routers is None or (observer is not None and (observer.handlers or observer._handler.filters)):
            return await super()._propagate_event(observer, update_type, event, **kwargs)
        for router in routers:
            response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
            if response is not UNHANDLED:
                return response
        return UNHANDLED
