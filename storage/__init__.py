"""Persistence: the only package that writes SQL. Repositories take and return plain data.

``open_store`` is the one place where the backend is chosen: a ``postgresql://`` URL opens PostgreSQL, anything
else is the path of a SQLite file.
"""

from __future__ import annotations

from storage.repositories import Repositories, StorageUnavailable, Store

__all__ = ["POSTGRES_SCHEMES", "Repositories", "Store", "StorageUnavailable", "open_store"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


async def open_store(location: str) -> Store:
    """Open (creating and migrating if needed) the archive at a SQLite path or a PostgreSQL URL;
    StorageUnavailable says why it could not."""
    if location.startswith(POSTGRES_SCHEMES):
        from storage.postgres import open_postgres

        return await open_postgres(location)
    from storage.sqlite import open_sqlite

    return await open_sqlite(location)
