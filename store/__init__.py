"""Where incidents are kept: SQLite by default (``store.db``), PostgreSQL + PostGIS for teams
(``store.pg``), both behind ``store.base.IncidentStore``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import IncidentStore


def is_postgres(database: str) -> bool:
    return database.startswith(("postgresql://", "postgres://"))


def shown(database: str) -> str:
    """The setting as it may be printed: a URL's password hidden."""
    parts = urlsplit(database)
    if parts.password is None:
        return database
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def open_store(database: str) -> IncidentStore:
    """The store a setting names: a ``postgresql://`` URL, else the path of a SQLite file."""
    if is_postgres(database):
        from .pg import PgStore  # (psycopg is only loaded by those who use it)

        return PgStore(database)
    from .db import Store

    return Store(Path(database))
