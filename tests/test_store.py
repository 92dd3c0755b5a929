"""The store on its own (a temporary SQLite file, no spaCy): what a query selects, in which order
and page."""

from __future__ import annotations

import pytest

from store.db import Store
from store.query import IncidentQuery
from tests.test_schema import record


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.sqlite")
    s.init()
    rows = [record(place="A", fatalities=5, date="2024-03-02"), record(place="B", fatalities=None, date="2024-03-01"),
            record(place="C", fatalities=12, date=None), record(place="D", fatalities=5, date="2024-03-03",
                                                                category="attack")]
    s.add_article("one text", None, None, None, rows)
    return s


def places(store, **query) -> list[str]:
    return [r["place"] for r in store.incidents(IncidentQuery(**query), details=False)]


def test_incidents_come_oldest_first_unless_asked(store):
    assert places(store) == ["A", "B", "C", "D"]


def test_sorted_by_a_column_empty_values_last_ties_by_id(store):
    assert places(store, order_by="fatalities") == ["A", "D", "C", "B"]
    assert places(store, order_by="fatalities", descending=True) == ["C", "A", "D", "B"]
    assert places(store, order_by="date", descending=True) == ["D", "A", "B", "C"]


def test_a_page_of_the_sorted_incidents(store):
    assert places(store, order_by="fatalities", descending=True, limit=2, offset=1) == ["A", "D"]
    assert places(store, categories=("strike",), order_by="date", limit=10) == ["B", "A", "C"]


def test_only_table_columns_order_incidents(store):
    with pytest.raises(ValueError):
        store.incidents(IncidentQuery(order_by="lat; DROP TABLE incidents"))


def test_the_sqlite_store_implements_the_interface_the_application_uses(store):
    import inspect

    from store.base import IncidentStore

    assert isinstance(store, IncidentStore)
    for name, declared in inspect.getmembers(IncidentStore, inspect.isfunction):
        if not name.startswith("_"):
            assert list(inspect.signature(getattr(store, name)).parameters) == \
                list(inspect.signature(declared).parameters)[1:], name


def test_a_store_made_before_full_text_search_is_indexed_when_opened(store):
    with store.connect() as db:
        db.executescript("DROP TRIGGER incidents_fts_insert; DROP TRIGGER incidents_fts_delete; "
                         "DROP TRIGGER incidents_fts_update; DROP TABLE incidents_fts;")
    store.init()
    assert places(store, text="B") == ["B"]
    assert places(store, text="nowhere") == []
