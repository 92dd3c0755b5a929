"""The incident store: SQLite, one short transaction per article.

Articles are keyed by a hash of their text, so posting or ingesting the same text twice stores
it once. WAL mode and a busy timeout let several writers (web requests, CLI ingests) share one
file without "database is locked" errors reaching anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

# COLUMNS: the incidents table's columns that hold what reading an article gave; CORRECTABLE:
# what may change after reading, with the type each value must have (None clears a field).
from geo.schema import COLUMNS, CORRECTABLE, FIELDS

from .query import IncidentQuery

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
    created_at TEXT NOT NULL,
    places TEXT NOT NULL DEFAULT '[]'  -- recognised places: [{start, end, name, lat, lon, ...}]
);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    """ + ",\n    ".join(f"{f.name} {f.sql}" for f in FIELDS if f.read and f.sql) + """,
    status TEXT NOT NULL DEFAULT 'active',  -- 'rejected' by an analyst
    details TEXT NOT NULL DEFAULT '{}',  -- what the reading gave beyond its columns (evidence ...)
    UNIQUE (article_id, seq)
);
-- every article that reports an incident (the first one is incidents.article_id)
CREATE TABLE IF NOT EXISTS incident_sources (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence TEXT,
    PRIMARY KEY (incident_id, article_id)
);
-- analyst corrections: one row per changed field, newest last; the incidents row holds the result
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT,  -- JSON
    previous TEXT,  -- JSON
    who TEXT NOT NULL,
    at TEXT NOT NULL
);
-- read-only comparison layers imported from other tools (GeoJSON FeatureCollections)
CREATE TABLE IF NOT EXISTS comparison_layers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source_format TEXT NOT NULL,
    features INTEGER NOT NULL,
    geojson TEXT NOT NULL,
    who TEXT NOT NULL,
    created_at TEXT NOT NULL,
    vertices INTEGER NOT NULL DEFAULT 0
);
-- sign-in sessions ended by signing out: their cookies are refused from then on
CREATE TABLE IF NOT EXISTS revoked_sessions (
    sid TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_incident ON corrections(incident_id);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents(date);
CREATE INDEX IF NOT EXISTS incident_sources_article ON incident_sources(article_id);
CREATE INDEX IF NOT EXISTS incidents_category ON incidents(category);
CREATE INDEX IF NOT EXISTS incidents_article ON incidents(article_id);
"""

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
    places: list[dict]


# Columns added after the first release, for stores created before them: (table, column, DDL).
# Incident fields declared later than a store was made get their column on opening it (NULL in
# the old rows, as a reading before the field existed gave nothing for it).
_MIGRATIONS = [
    ("articles", "places", "TEXT NOT NULL DEFAULT '[]'"),
    ("incidents", "status", "TEXT NOT NULL DEFAULT 'active'"),
    ("comparison_layers", "vertices", "INTEGER NOT NULL DEFAULT 0"),
    *(("incidents", f.name, f.sql.replace(" NOT NULL", "")) for f in FIELDS if f.read and f.sql),
]


# Details that point into the text of the article an incident was read from.
_OFFSET_DETAILS = ("evidence", "sentences", "place_start", "place_end", "date_text")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class NotFound(LookupError):
    """No stored article or incident of that id (the message says which)."""


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

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so writers queue instead of
        failing half way; rolled back on any error, so nothing is ever half written."""
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
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
            for table, column, ddl in _MIGRATIONS:  # before the schema: its indexes may use them
                names = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
                if names and column not in names:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")
            db.executescript(SCHEMA)

    def find_article(self, text: str) -> int | None:
        with self.connect() as db:
            row = db.execute("SELECT id FROM articles WHERE content_hash=?", (content_hash(text),)).fetchone()
        return row["id"] if row else None

    def add_article(self, text: str, title: str | None, url: str | None, published: dt.date | None,
                    incidents: list[dict], same_event: SameEvent | None = None,
                    places: list[dict] | None = None) -> tuple[int, bool]:
        """Store an article and its incidents in one transaction. Returns (article id, created?).

        ``same_event`` = (is_same(stored, new), merged_fields(stored, new)): an incident that is
        the same event as a stored one of another article becomes a new source of that one. Fields
        an analyst corrected are never changed by such a merge.
        """
        digest = content_hash(text)
        with self.transaction() as db:
            row = db.execute("SELECT id FROM articles WHERE content_hash=?", (digest,)).fetchone()
            if row:
                return row["id"], False
            article_id = db.execute(
                "INSERT INTO articles (content_hash, title, url, published, text, created_at, places) "
                "VALUES (?,?,?,?,?,?,?)",
                (digest, title, url, published.isoformat() if published else None, text, _now(),
                 json.dumps(places or [])),
            ).lastrowid
            for seq, inc in enumerate(incidents):
                self._add_incident(db, inc, article_id, seq, same_event)
        return article_id, True

    def _add_incident(self, db: sqlite3.Connection, inc: dict, article_id: int, seq: int,
                      same_event: SameEvent | None) -> None:
        """A new incident of an article, or a new source of the stored incident it is the same
        event as (merging its fields in, except those an analyst corrected)."""
        existing = self._same_stored(db, inc, article_id, same_event) if same_event else None
        if existing is not None:
            corrected = self._corrected_fields(db, existing["id"])
            updates = {k: v for k, v in same_event[1](existing, inc).items() if k not in corrected}
            if updates:
                db.execute(f"UPDATE incidents SET {', '.join(f'{k} = ?' for k in updates)} WHERE id = ?",
                           [*updates.values(), existing["id"]])
            incident_id = existing["id"]
        else:
            values = [inc.get(c) for c in COLUMNS]
            details = {k: v for k, v in inc.items() if k not in COLUMNS}
            incident_id = db.execute(
                f"INSERT INTO incidents (article_id, seq, {', '.join(COLUMNS)}, details) "
                f"VALUES (?, ?, {', '.join('?' * len(COLUMNS))}, ?)",
                [article_id, seq, *values, json.dumps(details, default=str)],
            ).lastrowid
        db.execute("INSERT OR IGNORE INTO incident_sources VALUES (?, ?, ?)", (incident_id, article_id, inc.get("sentence")))

    def delete_article(self, article_id: int) -> int:
        """Remove an article and the incidents only it reports (with their corrections); an incident
        other articles also report stays, credited to the oldest of them. Returns incidents removed."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise NotFound(f"no article {article_id}")
            shared = db.execute(
                "SELECT s.incident_id, min(s.article_id) FROM incident_sources s JOIN incidents i ON i.id = s.incident_id "
                "WHERE i.article_id = ? AND s.article_id != ? GROUP BY s.incident_id", (article_id, article_id)).fetchall()
            for incident_id, other in shared:
                seq = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM incidents WHERE article_id = ?", (other,)).fetchone()[0]
                # The evidence goes with its article: the sentence becomes the other article's, and
                # offsets into the deleted text are dropped (they would mark nonsense in the other).
                sentence = db.execute("SELECT sentence FROM incident_sources WHERE incident_id = ? AND article_id = ?",
                                      (incident_id, other)).fetchone()[0]
                details = json.loads(db.execute("SELECT details FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0])
                for key in _OFFSET_DETAILS:
                    details.pop(key, None)
                db.execute("UPDATE incidents SET article_id = ?, seq = ?, sentence = ?, details = ? WHERE id = ?",
                           (other, seq, sentence, json.dumps(details, default=str), incident_id))
            removed = db.execute("SELECT count(*) FROM incidents WHERE article_id = ?", (article_id,)).fetchone()[0]
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))  # cascades to its incidents and sources
        return removed

    def revoke_session(self, sid: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO revoked_sessions VALUES (?, ?)", (sid, _now()))

    def session_revoked(self, sid: str) -> bool:
        with self.connect() as db:
            return db.execute("SELECT 1 FROM revoked_sessions WHERE sid = ?", (sid,)).fetchone() is not None

    def delete_comparison_layer(self, layer_id: int) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM comparison_layers WHERE id = ?", (layer_id,)).rowcount > 0

    def article_ids(self) -> list[int]:
        with self.connect() as db:
            return [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]

    def replace_reading(self, article_id: int, incidents: list[dict], places: list[dict],
                        same_event: SameEvent) -> dict[str, int]:
        """Store a new reading of a stored article (after the pipeline improved), in one transaction.

        The article's own incidents are matched with the new ones (``same_event``): a match is
        updated in place (its id, sources and links stay), except fields an analyst corrected and
        incidents an analyst touched at all keep every value; an unmatched uncorrected incident
        that no other article reports is removed; an unmatched new one is added (or merged into
        another article's incident, as on ingest). Returns counts of what happened.
        """
        counts = {"updated": 0, "kept": 0, "removed": 0, "added": 0}
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise NotFound(f"no article {article_id}")
            db.execute("UPDATE articles SET places = ? WHERE id = ?", (json.dumps(places), article_id))
            # matched as the pipeline first read them: an analyst's corrections are undone for matching
            own = [self._as_read(db, dict(r)) for r in db.execute(
                "SELECT id, " + ", ".join(COLUMNS) + " FROM incidents WHERE article_id = ? ORDER BY id",
                (article_id,))]
            unmatched = list(own)
            next_seq = (db.execute("SELECT max(seq) FROM incidents WHERE article_id = ?", (article_id,)).fetchone()[0] or 0) + 1
            for inc in incidents:
                match = next((o for o in unmatched if o["category"] == inc["category"]
                              and (same_event[0](o, inc) or (o["aggregate"] and inc.get("aggregate")
                                                              and o["place_resolved"] == inc.get("place_resolved")))), None)
                if match is not None:
                    unmatched.remove(match)
                    if self._corrected_fields(db, match["id"]):
                        counts["kept"] += 1
                        continue
                    values = {c: inc.get(c) for c in COLUMNS}
                    details = json.dumps({k: v for k, v in inc.items() if k not in COLUMNS}, default=str)
                    db.execute(f"UPDATE incidents SET {', '.join(f'{k} = ?' for k in values)}, details = ? WHERE id = ?",
                               [*values.values(), details, match["id"]])
                    db.execute("UPDATE incident_sources SET sentence = ? WHERE incident_id = ? AND article_id = ?",
                               (inc.get("sentence"), match["id"], article_id))
                    counts["updated"] += 1
                    continue
                self._add_incident(db, inc, article_id, next_seq, same_event)
                next_seq += 1
                counts["added"] += 1
            for old in unmatched:
                others = db.execute("SELECT count(*) FROM incident_sources WHERE incident_id = ? AND article_id != ?",
                                    (old["id"], article_id)).fetchone()[0]
                if self._corrected_fields(db, old["id"]) or others:
                    counts["kept"] += 1  # an analyst's work, or another outlet's report, stays
                else:
                    db.execute("DELETE FROM incidents WHERE id = ?", (old["id"],))
                    counts["removed"] += 1
        return counts

    @staticmethod
    def _as_read(db: sqlite3.Connection, row: dict) -> dict:
        first = {}
        for field, previous in db.execute("SELECT field, previous FROM corrections WHERE incident_id = ? ORDER BY id",
                                          (row["id"],)):
            first.setdefault(field, json.loads(previous))
        return {**row, **{k: v for k, v in first.items() if k in row}}

    @staticmethod
    def _corrected_fields(db: sqlite3.Connection, incident_id: int) -> set[str]:
        return {r[0] for r in db.execute("SELECT DISTINCT field FROM corrections WHERE incident_id = ?", (incident_id,))}

    @staticmethod
    def _same_stored(db: sqlite3.Connection, inc: dict, article_id: int, same_event: SameEvent) -> dict | None:
        """A stored incident of another article, of the same category within a month of ``inc``,
        that is the same event (an article's own incidents were already merged when it was read)."""
        if inc.get("aggregate") or not inc.get("date"):
            return None
        day = dt.date.fromisoformat(str(inc["date"]))
        rows = db.execute(
            "SELECT id, " + ", ".join(COLUMNS) + " FROM incidents WHERE category = ? AND aggregate = 0 "
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
            row = db.execute("SELECT id, title, url, published, text, created_at, places FROM articles WHERE id=?",
                             (article_id,)).fetchone()
        if not row:
            return None
        rec = dict(row)
        rec["places"] = json.loads(rec["places"])
        return StoredArticle(**rec)

    def count_articles(self) -> int:
        with self.connect() as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    _SELECT = ("SELECT i.id, i.article_id, a.url AS source_url, a.title AS source_title, i.details, i.status, "
               "(SELECT count(*) FROM incident_sources s WHERE s.incident_id = i.id) AS sources, "
               "EXISTS (SELECT 1 FROM corrections c WHERE c.incident_id = i.id) AS reviewed, "
               + ", ".join(f"i.{c}" for c in COLUMNS)
               + " FROM incidents i JOIN articles a ON a.id = i.article_id")

    def incidents(self, query: IncidentQuery = IncidentQuery(), details: bool = True) -> list[dict]:
        """Incident records matching ``query``, in its order (oldest first unless it says), joined
        with their article's URL. ``details=False`` skips the per-incident JSON (evidence, alternatives): faster for maps."""
        where, args = query.where()
        limit, limit_args = query.page()
        with self.connect() as db:
            rows = db.execute(self._SELECT + where + query.order() + limit, [*args, *limit_args]).fetchall()
        out = []
        for row in rows:
            rec = dict(row)
            rec["aggregate"] = bool(rec["aggregate"])
            rec["reviewed"] = bool(rec["reviewed"])
            extra = rec.pop("details")
            if details:
                rec.update(json.loads(extra))
            out.append(rec)
        return out

    def points(self, query: IncidentQuery, columns: list[str]) -> list[dict]:
        """Only ``columns`` (of the incidents table) and lat/lon of the matching incidents: the
        lean read behind map layers of tens of thousands of markers."""
        unknown = set(columns) - {"id", *COLUMNS}
        if unknown:
            raise ValueError(f"not incident columns: {sorted(unknown)}")
        where, args = query.where()
        limit, limit_args = query.page()
        names = list(dict.fromkeys([*columns, "lat", "lon"]))
        with self.connect() as db:
            db.row_factory = None
            rows = db.execute(f"SELECT {', '.join('i.' + c for c in names)} FROM incidents i" + where
                              + " ORDER BY i.id" + limit, [*args, *limit_args]).fetchall()
        return [dict(zip(names, row)) for row in rows]

    def incident(self, incident_id: int) -> dict | None:
        found = self.incidents(IncidentQuery(ids=(incident_id,), status="all", include_aggregates=True))
        return found[0] if found else None

    def count(self, query: IncidentQuery = IncidentQuery()) -> int:
        where, args = query.where()
        with self.connect() as db:
            return db.execute("SELECT count(*) FROM incidents i" + where, args).fetchone()[0]

    def category_counts(self, query: IncidentQuery = IncidentQuery()) -> dict[str, int]:
        where, args = query.where()
        with self.connect() as db:
            rows = db.execute("SELECT i.category, count(*) FROM incidents i" + where + " GROUP BY i.category",
                              args).fetchall()
        return {r[0]: r[1] for r in rows}

    def extent(self, query: IncidentQuery = IncidentQuery()) -> dict:
        """Bounding box and first/last date of the matching incidents (None when there are none)."""
        where, args = query.where()
        with self.connect() as db:
            row = db.execute("SELECT min(i.lon), min(i.lat), max(i.lon), max(i.lat), min(i.date), max(i.date) "
                             "FROM incidents i" + where, args).fetchone()
        return {"bbox": list(row[:4]) if row[0] is not None else None, "dates": [row[4], row[5]]}

    def facets(self) -> dict[str, list]:
        """The values the filters can take: sub-types, countries, actors, and the date range."""
        active = " WHERE status = 'active' AND aggregate = 0"
        with self.connect() as db:
            sub_types = [r[0] for r in db.execute(
                f"SELECT DISTINCT sub_type FROM incidents{active} AND sub_type IS NOT NULL ORDER BY 1")]
            countries = [r[0] for r in db.execute(
                f"SELECT DISTINCT country FROM incidents{active} AND country IS NOT NULL ORDER BY 1")]
            actors = [r[0] for r in db.execute(
                f"SELECT actor FROM (SELECT actor1 AS actor FROM incidents{active} UNION ALL "
                f"SELECT actor2 FROM incidents{active}) WHERE actor IS NOT NULL "
                "GROUP BY actor ORDER BY count(*) DESC, actor LIMIT 200")]
            first, last = db.execute(f"SELECT min(date), max(date) FROM incidents{active}").fetchone()
        return {"sub_types": sub_types, "countries": countries, "actors": actors, "dates": [first, last]}

    def correct(self, incident_id: int, changes: dict, who: str) -> dict:
        """Apply an analyst's changes to an incident, recording each changed field with who and
        when. Values must already be checked (see ``CORRECTABLE``). Returns the updated record."""
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"not correctable: {', '.join(sorted(unknown))}")
        at = _now()
        with self.transaction() as db:
            row = db.execute(f"SELECT {', '.join(CORRECTABLE)} FROM incidents WHERE id = ?", (incident_id,)).fetchone()
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            changed = {k: v for k, v in changes.items() if row[k] != v}
            for field, value in changed.items():
                db.execute("INSERT INTO corrections (incident_id, field, value, previous, who, at) VALUES (?,?,?,?,?,?)",
                           (incident_id, field, json.dumps(value), json.dumps(row[field]), who, at))
            if changed:
                db.execute(f"UPDATE incidents SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                           [*changed.values(), incident_id])
        return self.incident(incident_id)

    def corrections(self, incident_id: int) -> list[dict]:
        with self.connect() as db:
            rows = db.execute("SELECT field, value, previous, who, at FROM corrections WHERE incident_id = ? ORDER BY id",
                              (incident_id,)).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]), "previous": json.loads(r["previous"])} for r in rows]

    def add_comparison_layer(self, name: str, source_format: str, geojson: dict, who: str, vertices: int = 0) -> int:
        with self.transaction() as db:
            return db.execute(
                "INSERT INTO comparison_layers (name, source_format, features, geojson, who, created_at, vertices) "
                "VALUES (?,?,?,?,?,?,?)",
                (name, source_format, len(geojson["features"]), json.dumps(geojson), who, _now(), vertices)).lastrowid

    def comparison_vertices(self) -> int:
        """Vertices of every comparison layer together (what each page load draws)."""
        with self.connect() as db:
            return db.execute("SELECT coalesce(sum(vertices), 0) FROM comparison_layers").fetchone()[0]

    def comparison_layers(self) -> list[dict]:
        with self.connect() as db:
            rows = db.execute("SELECT id, name, source_format, features, who, created_at FROM comparison_layers ORDER BY id")
            return [dict(r) for r in rows]

    def comparison_layer(self, layer_id: int) -> str | None:
        with self.connect() as db:
            row = db.execute("SELECT geojson FROM comparison_layers WHERE id = ?", (layer_id,)).fetchone()
        return row[0] if row else None
