"""The store's tables, and the columns added to stores made before them."""

from __future__ import annotations

from geo.schema import FIELDS

# What full-text search reads of an incident (store.query.IncidentQuery.text): its place, its
# actors and every sentence that reports it (the first in its column, the others in its details).
# The index keeps its own copy, kept in step by triggers.
FTS_COLUMNS = ("place", "place_resolved", "actor1", "actor2", "sentence")
_FTS = ", ".join(FTS_COLUMNS)


def _fts_values(row: str) -> str:
    sentences = (f"{row}.sentence || ' ' || coalesce((SELECT group_concat(value, ' ') "
                 f"FROM json_each({row}.details, '$.sentences')), '')")
    return ", ".join(sentences if c == "sentence" else f"{row}.{c}" for c in FTS_COLUMNS)


# Run last in every write transaction (store.db, store.pg).
BUMP_VERSION = "UPDATE store_version SET version = version + 1"

# Run after the schema whenever a store is opened: counts the reports of incidents stored before
# the count was kept (each has one at least, so 0 is "not counted"; the index finds them at once).
COUNT_SOURCES = ("UPDATE incidents SET sources = (SELECT count(*) FROM incident_sources s "
                 "WHERE s.incident_id = incidents.id) WHERE sources = 0")

FTS_REBUILD = f"INSERT INTO incidents_fts(rowid, {_FTS}) SELECT i.id, {_fts_values('i')} FROM incidents i"

# The tables, in SQL both engines read (store/pg.py turns the types into PostgreSQL's).
TABLES = """
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
    sources INTEGER NOT NULL DEFAULT 0,  -- articles that report it (its incident_sources rows, counted by triggers)
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
-- one number that every write transaction raises: what readers cache is good while it stands
CREATE TABLE IF NOT EXISTS store_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO store_version VALUES (1, 0) ON CONFLICT DO NOTHING;
-- sign-in sessions ended by signing out: their cookies are refused from then on
CREATE TABLE IF NOT EXISTS revoked_sessions (
    sid TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
-- totals that took long to compute, kept with the store's version (store/kept.py, store/cached.py)
CREATE TABLE IF NOT EXISTS kept_totals (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    value TEXT NOT NULL,  -- JSON
    took REAL NOT NULL
);
-- feed subscriptions (service/feeds.py): what is polled, when next, and how it went
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    interval_s INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    next_poll_at TEXT NOT NULL,
    etag TEXT,  -- the last answer's validators, sent back to be told "not modified"
    last_modified TEXT,
    last_polled_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    last_error_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,  -- in a row: the back-off's exponent
    notice TEXT,  -- what the last good poll left out (items over the cap)
    items_seen INTEGER NOT NULL DEFAULT 0,
    articles_added INTEGER NOT NULL DEFAULT 0,
    incidents_found INTEGER NOT NULL DEFAULT 0
);
-- every item page fetched or tried, whichever feed listed it: no page is fetched twice
CREATE TABLE IF NOT EXISTS feed_items (
    url TEXT PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    fetched_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    error TEXT
);
-- named areas whose new incidents are listed and posted to a webhook (service/watch.py)
CREATE TABLE IF NOT EXISTS watch_areas (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    geometry TEXT NOT NULL,  -- a GeoJSON Polygon (a bbox is kept as its polygon)
    filters TEXT NOT NULL DEFAULT '{}',  -- the layers' filter parameters
    webhook TEXT,
    created_at TEXT NOT NULL,
    after_incident INTEGER NOT NULL DEFAULT 0,  -- the newest incident when it was saved: only later ones are its news
    delivered INTEGER NOT NULL DEFAULT 0,
    last_delivery_at TEXT,
    last_error TEXT,
    last_error_at TEXT
);
CREATE TABLE IF NOT EXISTS watch_hits (
    area_id INTEGER NOT NULL REFERENCES watch_areas(id) ON DELETE CASCADE,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    found_at TEXT NOT NULL,
    delivered_at TEXT,  -- NULL: not yet posted (or the area has no webhook)
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT,
    PRIMARY KEY (area_id, incident_id)
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS corrections_incident ON corrections(incident_id);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents(date);
CREATE INDEX IF NOT EXISTS incident_sources_article ON incident_sources(article_id);
CREATE INDEX IF NOT EXISTS incidents_category ON incidents(category);
CREATE INDEX IF NOT EXISTS incidents_article ON incidents(article_id);
CREATE INDEX IF NOT EXISTS articles_created ON articles(created_at);
-- the table view's sorts besides date and category (indexed above), so that a sorted page of millions
-- is read from an index, not sorted whole: where, how deadly, who, how, how sure, how many reports
-- (not "status": nearly every incident is active)
CREATE INDEX IF NOT EXISTS incidents_place ON incidents(place_resolved);
CREATE INDEX IF NOT EXISTS incidents_fatalities ON incidents(fatalities);
CREATE INDEX IF NOT EXISTS incidents_injured ON incidents(injured);
CREATE INDEX IF NOT EXISTS incidents_country ON incidents(country);
CREATE INDEX IF NOT EXISTS incidents_place_written ON incidents(place);
CREATE INDEX IF NOT EXISTS incidents_actor1 ON incidents(actor1);
CREATE INDEX IF NOT EXISTS incidents_actor2 ON incidents(actor2);
CREATE INDEX IF NOT EXISTS incidents_sub_type ON incidents(sub_type);
CREATE INDEX IF NOT EXISTS incidents_confidence ON incidents(confidence);
CREATE INDEX IF NOT EXISTS incidents_sources ON incidents(sources);
CREATE INDEX IF NOT EXISTS watch_hits_pending ON watch_hits(next_try_at) WHERE delivered_at IS NULL;
-- what the map's counts and grid read, so a store of millions answers them from an index alone:
-- totals and days (by date), and the view's cells (by longitude). (Not led by status: nearly
-- every incident is active, and an index led by it sends SQLite row by row through all of them.)
CREATE INDEX IF NOT EXISTS incidents_totals ON incidents(date, category, country, fatalities, injured, status, aggregate);
CREATE INDEX IF NOT EXISTS incidents_points ON incidents(lon, lat, date, category, fatalities, status, aggregate);
"""
SCHEMA = TABLES + """
-- full-text search over the words people look for: the place, the actors, the sentences
CREATE VIRTUAL TABLE IF NOT EXISTS incidents_fts USING fts5(
    """ + _FTS + """, tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS incidents_fts_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incidents_fts(rowid, """ + _FTS + """) VALUES (new.id, """ + _fts_values("new") + """);
END;
CREATE TRIGGER IF NOT EXISTS incidents_fts_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.id;
END;
CREATE TRIGGER IF NOT EXISTS incidents_fts_update AFTER UPDATE OF """ + _FTS + """, details ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.id;
    INSERT INTO incidents_fts(rowid, """ + _FTS + """) VALUES (new.id, """ + _fts_values("new") + """);
END;
-- the number of reports, kept on the incident so that the table sorts by it from an index
CREATE TRIGGER IF NOT EXISTS incident_sources_added AFTER INSERT ON incident_sources BEGIN
    UPDATE incidents SET sources = sources + 1 WHERE id = new.incident_id;
END;
CREATE TRIGGER IF NOT EXISTS incident_sources_removed AFTER DELETE ON incident_sources BEGIN
    UPDATE incidents SET sources = sources - 1 WHERE id = old.incident_id;
END;
""" + INDEXES


# Columns added after the first release, for stores created before them: (table, column, DDL).
# Incident fields declared later than a store was made get their column on opening it (NULL in
# the old rows, as a reading before the field existed gave nothing for it).
MIGRATIONS = [
    ("articles", "places", "TEXT NOT NULL DEFAULT '[]'"),
    ("incidents", "status", "TEXT NOT NULL DEFAULT 'active'"),
    ("comparison_layers", "vertices", "INTEGER NOT NULL DEFAULT 0"),
    ("incidents", "sources", "INTEGER NOT NULL DEFAULT 0"),
    *(("incidents", f.name, f.sql.replace(" NOT NULL", "")) for f in FIELDS if f.read and f.sql),
]
