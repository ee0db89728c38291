"""Persistence: the only package that writes SQL. Repositories take and return plain data.

``open_store`` is the one place where the backend is chosen.
"""

from __future__ import annotations

from storage.repositories import Repositories, StorageUnavailable, Store

__all__ = ["Repositories", "Store", "StorageUnavailable", "open_store"]


async def open_store(path: str) -> Store:
    """Open (creating and migrating if needed) the archive; StorageUnavailable says why it could not."""
    from storage.sqlite import open_sqlite

    return await open_sqlite(path)
