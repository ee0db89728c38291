"""Run aiogram's synchronous filters inline instead of in a thread.

aiogram awaits every synchronous filter through ``asyncio.to_thread`` (``CallableObject.call``), including
magic filters such as ``F.document`` or ``F.text.startswith("/")``. Those are attribute look-ups of a few
microseconds, and a thread hop for each costs far more: a plain-text message passes three of them on its way
to the fallback router. ``inline_sync_filters`` marks the magic filters of every router as awaitable, wrapping
them in a coroutine that evaluates them on the event loop. Other synchronous filters (plain functions, which
might block) are left to aiogram's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject


def _inline(resolve: Callable[..., Any]) -> Callable[..., Any]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return resolve(*args, **kwargs)

    return call


def _inline_filters(handler: HandlerObject) -> int:
    changed = 0
    for flt in handler.filters or []:
        if isinstance(flt, FilterObject) and flt.magic is not None and not flt.awaitable:
            flt.callback = _inline(flt.callback)  # params stay those of magic.resolve (positional event)
            flt.awaitable = True
            changed += 1
    return changed


def inline_sync_filters(router: Router) -> int:
    """Make the magic filters of ``router`` and all its sub-routers run inline; returns how many changed."""
    changed = 0
    for sub in router.chain_tail:
        for observer in sub.observers.values():
            changed += _inline_filters(observer._handler)  # filters set with observer.filter(...)
            for handler in observer.handlers:
                changed += _inline_filters(handler)
    return changed
