"""The incident store: SQLite, one short transaction per article.

Articles are keyed by a hash of their text, so posting or ingesting the same text twice stores
it once. WAL mode and a busy timeout let several writers (web requests, CLI ingests) share one
file without "database is locked" errors reaching anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    published TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    category TEXT NOT NULL,
    sub_type TEXT,
    date TEXT,
    date_precision INTEGER,
    place TEXT,
    place_resolved TEXT,
    country TEXT,
    geo_precision INTEGER,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    geonameid INTEGER,
    feature_class TEXT,
    actor1 TEXT,
    actor2 TEXT,
    fatalities INTEGER,
    injured INTEGER,
    sentence TEXT,
    confidence REAL,
    aggregate INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}',
    UNIQUE (article_id, seq)
);
CREATE INDEX IF NOT EXISTS incidents_category ON incidents(category);
CREATE INDEX IF NOT EXISTS incidents_article ON incidents(article_id);
"""

# Columns of the incidents table that are also feature properties, in order.
INCIDENT_COLUMNS = [
    "category", "sub_type", "date", "date_precision", "place", "place_resolved", "country",
    "geo_precision", "lat", "lon", "geonameid", "feature_class", "actor1", "actor2", "fatalities",
    "injured", "sentence", "confidence", "aggregate",
]


def content_hash(text: str) -> str:
    """Same words, same hash: Unicode form and runs of whitespace do not count."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredArticle:
    id: int
    title: str | None
    url: str | None
    published: str | None
    text: str
    created_at: str


class Store:
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

    def init(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    def find_article(self, text: str) -> int | None:
        with self.connect() as db:
            row = db.execute("SELECT id FROM articles WHERE content_hash=?", (content_hash(text),)).fetchone()
        return row["id"] if row else None

    def add_article(self, text: str, title: str | None, url: str | None, published: dt.date | None,
                    incidents: list[dict]) -> tuple[int, bool]:
        """Store an article and its incidents in one transaction. Returns (article id, created?)."""
        digest = content_hash(text)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT id FROM articles WHERE content_hash=?", (digest,)).fetchone()
                if row:
                    db.execute("ROLLBACK")
                    return row["id"], False
                cur = db.execute(
                    "INSERT INTO articles (content_hash, title, url, published, text, created_at) VALUES (?,?,?,?,?,?)",
                    (digest, title, url, published.isoformat() if published else None, text, now),
                )
                article_id = cur.lastrowid
                for seq, inc in enumerate(incidents):
                    values = [inc.get(c) for c in INCIDENT_COLUMNS]
                    details = {k: v for k, v in inc.items() if k not in INCIDENT_COLUMNS}
                    db.execute(
                        f"INSERT INTO incidents (article_id, seq, {', '.join(INCIDENT_COLUMNS)}, details) "
                        f"VALUES (?, ?, {', '.join('?' * len(INCIDENT_COLUMNS))}, ?)",
                        [article_id, seq, *values, json.dumps(details, default=str)],
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return article_id, True

    def article(self, article_id: int) -> StoredArticle | None:
        with self.connect() as db:
            row = db.execute("SELECT id, title, url, published, text, created_at FROM articles WHERE id=?",
                             (article_id,)).fetchone()
        return StoredArticle(**dict(row)) if row else None

    def count_articles(self) -> int:
        with self.connect() as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def incidents(self, category: str | None = None, article_id: int | None = None,
                  include_aggregates: bool = False) -> list[dict]:
        """Incident records joined with their article's URL, oldest first."""
        where, args = [], []
        if category is not None:
            where.append("i.category = ?")
            args.append(category)
        if article_id is not None:
            where.append("i.article_id = ?")
            args.append(article_id)
        if not include_aggregates:
            where.append("i.aggregate = 0")
        sql = ("SELECT i.id, i.article_id, a.url AS source_url, a.title AS source_title, i.details, "
               + ", ".join(f"i.{c}" for c in INCIDENT_COLUMNS)
               + " FROM incidents i JOIN articles a ON a.id = i.article_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY i.id")
        with self.connect() as db:
            rows = db.execute(sql, args).fetchall()
        out = []
        for row in rows:
            rec = dict(row)
            rec["aggregate"] = bool(rec["aggregate"])
            rec.update(json.loads(rec.pop("details")))
            out.append(rec)
        return out

    def category_counts(self) -> dict[str, int]:
        with self.connect() as db:
            rows = db.execute("SELECT category, count(*) FROM incidents WHERE aggregate = 0 GROUP BY category").fetchall()
        return {r[0]: r[1] for r in rows}
