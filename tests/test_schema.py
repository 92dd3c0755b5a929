"""The incident record is declared once (geo.schema): the store's table, the downloads, the table
view and the checks on a correction follow from it. Fast: no spaCy, no gazetteer."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from geo import schema
from geo.frames import incidents_frame
from store.db import Store


def record(**values) -> dict:
    base = {"category": "strike", "sub_type": "Air/drone strike", "date": "2024-03-11", "date_precision": 1,
            "place": "Kharkiv", "place_resolved": "Kharkiv", "country": "UA", "admin1": "Kharkivska oblast",
            "geo_precision": 1, "lat": 49.99, "lon": 36.23, "geonameid": 706483, "feature_class": "P", "actor1": "Russia", "actor2": None,
            "fatalities": 3, "injured": None, "sentence": "Missiles hit Kharkiv.", "confidence": 0.8,
            "aggregate": False, "outlet": "example.org", "evidence": {"trigger": [0, 8]}}
    return {**base, **values}


def test_every_field_read_from_an_article_is_a_column_and_comes_back(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    store.init()
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(incidents)")}
    assert set(schema.COLUMNS) <= columns
    store.add_article("Missiles hit Kharkiv.", None, None, dt.date(2024, 3, 11), [record()])
    (stored,) = store.incidents()
    assert {k: stored[k] for k in schema.COLUMNS} == {k: record()[k] for k in schema.COLUMNS}
    assert stored["evidence"] == {"trigger": [0, 8]}  # what has no column of its own is kept too


def test_a_store_made_before_a_field_existed_gets_its_column(tmp_path):
    path = tmp_path / "old.sqlite"
    store = Store(path)
    store.init()
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE incidents DROP COLUMN outlet")  # as stores made before the outlet was read
    Store(path).init()
    Store(path).add_article("Missiles hit Kharkiv.", None, None, None, [record()])
    assert Store(path).incidents()[0]["outlet"] == "example.org"


def test_downloads_type_each_property_as_declared():
    frame = incidents_frame([{**record(), "id": 1, "article_id": 1, "sources": 1, "reviewed": 0, "status": "active",
                              "source_url": None}])
    assert list(frame.columns[:-1]) == schema.PROPERTIES
    assert str(frame["fatalities"].dtype) == "Int64" and frame["reviewed"].dtype == bool
    assert frame["confidence"].dtype == float


@pytest.mark.parametrize("name, value, message", [
    ("category", "airstrike", "'category' must be one of strike, attack, clash, other"),
    ("fatalities", -1, "'fatalities' must be a whole number from 0 to 1000000, or null"),
    ("fatalities", True, "'fatalities' must be a whole number"),
    ("actor1", "x" * 201, "'actor1' is longer than 200 characters"),
    ("actor1", 5, "'actor1' must be a string or null"),
    ("lat", 91, "'lat' must be from -90 to 90"),
    ("lon", float("nan"), "'lon' must be a number"),
    ("date_precision", 5, "'date_precision' must be 1 (day), 2 (week), 3 (month) or 4 (year)"),
    ("status", None, "'status' must be 'active' or 'rejected'"),
])
def test_a_correction_outside_a_fields_bounds_is_refused_with_why(name, value, message):
    with pytest.raises(schema.InvalidValue, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        schema.BY_NAME[name].edit.check(name, value)


def test_a_correction_within_bounds_is_taken_cleaned():
    assert schema.BY_NAME["actor1"].edit.check("actor1", "  Wagner Group ") == "Wagner Group"
    assert schema.BY_NAME["actor2"].edit.check("actor2", "") is None
    assert schema.BY_NAME["fatalities"].edit.check("fatalities", None) is None
    assert schema.BY_NAME["lat"].edit.check("lat", 36.1234567) == 36.123457


def test_every_category_has_a_layer_and_a_colour():
    from extract.lexicon import CATEGORIES
    assert list(schema.CATEGORY_LAYERS) == list(CATEGORIES)
    assert len({layer.colour for layer in schema.CATEGORY_LAYERS.values()}) == len(CATEGORIES)
