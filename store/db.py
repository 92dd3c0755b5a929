"""The incident store: SQLite, one short transaction per article.

Articles are keyed by a hash of their text, so posting or ingesting the same text twice stores
it once. WAL mode and a busy timeout let several writers (web requests, CLI ingests) share one
file without "database is locked" errors reaching anyone. The work is split by job: the write
path (``writes``), reads (``reads``), corrections (``review``), comparison layers and sessions
(``layers``), the tables (``schema``); ``store.base.IncidentStore`` is the interface the
application uses.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .dialect import SQLITE
from .feeds import FeedsAndWatches
from .kept import KeptTotals
from .layers import LayersAndSessions
from .reads import Reads
from .review import Review
from .schema import BUMP_VERSION, COUNT_SOURCES, FTS_REBUILD, MIGRATIONS, SCHEMA
from .writes import Writes


class Store(Writes, Reads, Review, LayersAndSessions, FeedsAndWatches, KeptTotals):
    """The SQLite implementation of ``store.base.IncidentStore``: the file, its connections and
    transactions here; the work, by job, in the classes it is made of."""

    dialect = SQLITE

    def __init__(self, path: Path, busy_timeout_s: float = 30.0):
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so writers queue instead of
        failing half way; rolled back on any error, so nothing is ever half written. ``bump``:
        it changes what readers cache (not so a feed's or a watch area's bookkeeping)."""
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if bump:
                    db.execute(BUMP_VERSION)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # (SQLite has already rolled back after "disk is full")
                    db.execute("ROLLBACK")
                raise

    def init(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            # Articles and analysts' names are nobody else's to read; SQLite gives the WAL and
            # shared-memory files the database file's mode.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        with self.connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            for table, column, ddl in MIGRATIONS:  # before the schema: its indexes may use them
                names = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
                if names and column not in names:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")
            had_search = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'incidents_fts'").fetchone()
            db.executescript(SCHEMA)
            if not had_search:  # a store made before full-text search: index what it holds
                db.execute(FTS_REBUILD)
            db.execute(COUNT_SOURCES)
