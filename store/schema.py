"""The store's tables, and the columns added to stores made before them."""

from __future__ import annotations

from geo.schema import FIELDS

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


# Columns added after the first release, for stores created before them: (table, column, DDL).
# Incident fields declared later than a store was made get their column on opening it (NULL in
# the old rows, as a reading before the field existed gave nothing for it).
MIGRATIONS = [
    ("articles", "places", "TEXT NOT NULL DEFAULT '[]'"),
    ("incidents", "status", "TEXT NOT NULL DEFAULT 'active'"),
    ("comparison_layers", "vertices", "INTEGER NOT NULL DEFAULT 0"),
    *(("incidents", f.name, f.sql.replace(" NOT NULL", "")) for f in FIELDS if f.read and f.sql),
]
