"""Texts too long for a button's 64 bytes of callback_data, kept for the chat that got the button, for a while.

A button's text can only be read back in its own chat, and only within ``TTL_S``: other users' queries or an
admin's file description never leak through a forged button, and the table stays bounded (expired rows are
dropped whenever new ones are written).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from storage import Store

TTL_S = 30 * 24 * 3600
REFRESH_AFTER_S = TTL_S // 2  # a text re-used after this long is written again, so its new button lives long


class CallbackArgService:
    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    async def remember(self, text: str, chat_id: int) -> int:
        return (await self.remember_all([text], chat_id))[0]

    async def remember_all(self, texts: list[str], chat_id: int) -> list[int]:
        """Ids of ``texts`` for this chat; a write transaction only for texts not stored recently."""
        now = self.clock()
        known: dict[str, int] = {}
        for text in dict.fromkeys(texts):
            found = await self.store.reader.callback_args.known(chat_id, text, now - REFRESH_AFTER_S)
            if found is not None:
                known[text] = found
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            async with self.store.transaction() as tx:
                await tx.callback_args.forget_before(now - TTL_S)
                for text in missing:
                    known[text] = await tx.callback_args.remember(chat_id, text, now)
        return [known[t] for t in texts]

    async def recall(self, arg_id: int, chat_id: int) -> str | None:
        """The text behind a button pressed in ``chat_id``; None when it is another chat's, or expired."""
        return await self.store.reader.callback_args.recall(arg_id, chat_id, self.clock() - TTL_S)
