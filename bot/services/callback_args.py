"""Texts too long for a button's 64 bytes of callback_data, kept in the archive and referred to by id."""

from __future__ import annotations

from storage import Store


class CallbackArgService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def remember(self, text: str) -> int:
        """The id of ``text``; a write transaction only for a text never stored before."""
        return (await self.remember_all([text]))[0]

    async def remember_all(self, texts: list[str]) -> list[int]:
        known: dict[str, int] = {}
        for text in dict.fromkeys(texts):
            found = await self.store.reader.callback_args.known(text)
            if found is not None:
                known[text] = found
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            async with self.store.transaction() as tx:
                for text in missing:
                    known[text] = await tx.callback_args.remember(text)
        return [known[t] for t in texts]

    async def recall(self, arg_id: int) -> str | None:
        return await self.store.reader.callback_args.recall(arg_id)
