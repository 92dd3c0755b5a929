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
from typing import Callable, Iterator

# (is_same(stored, new), merged_fields(stored, new)) over incident records: see geo.dedupe
SameEvent = tuple[Callable[[dict, dict], bool], Callable[[dict, dict], dict]]

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
-- every article that reports an incident (the first one is incidents.article_id)
CREATE TABLE IF NOT EXISTS incident_sources (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence TEXT,
    PRIMARY KEY (incident_id, article_id)
);
CREATE INDEX IF NOT EXISTS incident_sources_article ON incident_sources(article_id);
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
                    incidents: list[dict], same_event: SameEvent | None = None) -> tuple[int, bool]:
        """Store an article and its incidents in one transaction. Returns (article id, created?).

        ``same_event`` = (is_same(stored, new), merged_fields(stored, new)): an incident that is
        the same event as a stored one of another article becomes a new source of that one.
        """
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
                    existing = self._same_stored(db, inc, article_id, same_event) if same_event else None
                    if existing is not None:
                        updates = same_event[1](existing, inc)
                        if updates:
                            db.execute(f"UPDATE incidents SET {', '.join(f'{k} = ?' for k in updates)} WHERE id = ?",
                                       [*updates.values(), existing["id"]])
                        incident_id = existing["id"]
                    else:
                        values = [inc.get(c) for c in INCIDENT_COLUMNS]
                        details = {k: v for k, v in inc.items() if k not in INCIDENT_COLUMNS}
                        incident_id = db.execute(
                            f"INSERT INTO incidents (article_id, seq, {', '.join(INCIDENT_COLUMNS)}, details) "
                            f"VALUES (?, ?, {', '.join('?' * len(INCIDENT_COLUMNS))}, ?)",
                            [article_id, seq, *values, json.dumps(details, default=str)],
                        ).lastrowid
                    db.execute("INSERT OR IGNORE INTO incident_sources VALUES (?, ?, ?)",
                               (incident_id, article_id, inc.get("sentence")))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return article_id, True

    @staticmethod
    def _same_stored(db: sqlite3.Connection, inc: dict, article_id: int, same_event: SameEvent) -> dict | None:
        """A stored incident of another article, of the same category within a month of ``inc``,
        that is the same event (an article's own incidents were already merged when it was read)."""
        if inc.get("aggregate") or not inc.get("date"):
            return None
        day = dt.date.fromisoformat(str(inc["date"]))
        rows = db.execute(
            "SELECT id, " + ", ".join(INCIDENT_COLUMNS) + " FROM incidents WHERE category = ? AND aggregate = 0 "
            "AND date BETWEEN ? AND ? AND id NOT IN (SELECT incident_id FROM incident_sources WHERE article_id = ?) "
            "ORDER BY id",
            (inc["category"], (day - dt.timedelta(days=31)).isoformat(), (day + dt.timedelta(days=31)).isoformat(),
             article_id),
        ).fetchall()
        for row in rows:
            stored = dict(row)
            if same_event[0](stored, inc):
                return stored
        return None

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
            where.append("i.id IN (SELECT incident_id FROM incident_sources WHERE article_id = ?)")
            args.append(article_id)
        if not include_aggregates:
            where.append("i.aggregate = 0")
        sql = ("SELECT i.id, i.article_id, a.url AS source_url, a.title AS source_title, i.details, "
               "(SELECT count(*) FROM incident_sources s WHERE s.incident_id = i.id) AS sources, "
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
