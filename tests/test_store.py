"""The store on its own (no spaCy), each engine in turn (a temporary SQLite file, a schema of the
run's PostgreSQL server): what a query selects, in which order and page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.dedupe import MergePolicy
from store import open_store
from store.query import IncidentQuery
from tests.test_schema import record


@pytest.fixture
def store(database):
    s = open_store(database)
    s.init()
    rows = [record(place="A", fatalities=5, date="2024-03-02"), record(place="B", fatalities=None, date="2024-03-01"),
            record(place="C", fatalities=12, date=None), record(place="D", fatalities=5, date="2024-03-03",
                                                                category="attack")]
    s.add_article("one text", None, None, None, rows)
    yield s
    getattr(s, "close", lambda: None)()


def places(store, **query) -> list[str]:
    return [r["place"] for r in store.incidents(IncidentQuery(**query), details=False)]


def test_incidents_come_oldest_first_unless_asked(store):
    assert places(store) == ["A", "B", "C", "D"]


def test_sorted_by_a_column_empty_values_last_ties_by_id_the_same_way(store):
    assert places(store, order_by="fatalities") == ["A", "D", "C", "B"]
    # (ties newest first in a descending sort: an index on the column then serves it alone)
    assert places(store, order_by="fatalities", descending=True) == ["C", "D", "A", "B"]
    assert places(store, order_by="date", descending=True) == ["D", "A", "B", "C"]


def test_a_page_of_the_sorted_incidents(store):
    assert places(store, order_by="fatalities", descending=True, limit=2, offset=1) == ["D", "A"]
    assert places(store, categories=("strike",), order_by="date", limit=10) == ["B", "A", "C"]


def test_sorted_by_the_number_of_reports_as_articles_come_and_go(store):
    # a second report of A's event, and a third of it that is then deleted
    second, _ = store.add_article("another text", None, None, None, [record(place="A2", date="2024-03-02")], MergePolicy())
    third, _ = store.add_article("a third text", None, None, None, [record(place="A3", date="2024-03-02")], MergePolicy())
    assert places(store, order_by="sources", descending=True)[0] == "A"
    assert [r["sources"] for r in store.incidents(IncidentQuery(order_by="sources", descending=True))][:2] == [3, 1]
    store.delete_article(third)
    assert [r["sources"] for r in store.incidents(IncidentQuery(order_by="sources", descending=True))][:2] == [2, 1]
    store.delete_article(second)
    assert {r["sources"] for r in store.incidents()} == {1}


@pytest.mark.sqlite_only
def test_a_store_made_before_reports_were_counted_counts_them_when_opened(store):
    with store.connect() as db:
        db.executescript("DROP TRIGGER incident_sources_added; DROP TRIGGER incident_sources_removed; "
                         "DROP INDEX incidents_sources; "
                         "ALTER TABLE incidents DROP COLUMN sources;")
    store.init()
    assert [r["sources"] for r in store.incidents()] == [1, 1, 1, 1]
    store.add_article("another text", None, None, None, [record(place="A2", date="2024-03-02")], MergePolicy())
    assert places(store, order_by="sources", descending=True)[0] == "A"


def test_only_table_columns_order_incidents(store):
    with pytest.raises(ValueError):
        store.incidents(IncidentQuery(order_by="lat; DROP TABLE incidents"))


def test_each_store_implements_the_interface_the_application_uses(store):
    import inspect

    from store.base import IncidentStore

    assert isinstance(store, IncidentStore)
    for name, declared in inspect.getmembers(IncidentStore, inspect.isfunction):
        if not name.startswith("_"):
            assert list(inspect.signature(getattr(store, name)).parameters) == \
                list(inspect.signature(declared).parameters)[1:], name


@pytest.mark.sqlite_only
def test_a_store_made_before_full_text_search_is_indexed_when_opened(store):
    with store.connect() as db:
        db.executescript("DROP TRIGGER incidents_fts_insert; DROP TRIGGER incidents_fts_delete; "
                         "DROP TRIGGER incidents_fts_update; DROP TABLE incidents_fts;")
    store.init()
    assert places(store, text="B") == ["B"]
    assert places(store, text="nowhere") == []


def test_a_bounding_box_and_words_select_on_either_engine(store):
    store.add_article("two text", None, None, None, [
        record(place="Ārbīl east", lat=36.19, lon=44.01, date="2024-03-05", sentence="Drones struck a depot."),
        record(place="Across the line", lat=60.0, lon=179.5, date="2024-03-06")])
    assert places(store, bbox=(43.0, 35.0, 45.0, 37.0)) == ["Ārbīl east"]
    assert places(store, bbox=(179.0, 59.0, -179.0, 61.0)) == ["Across the line"]  # across the antimeridian
    assert places(store, text="arbil") == ["Ārbīl east"]  # accents aside, a word's start
    assert places(store, text="depot drone") == ["Ārbīl east"]  # every word, in any order
    assert places(store, text="depot tank") == []


@pytest.mark.slow
def test_a_database_server_that_goes_down_is_a_503_not_a_trace(pipeline, postgres, tmp_path):
    import tempfile

    from app import create_app
    from store import pg_local
    from tests.conftest import GAZETTEER, free_port

    folder = Path(tempfile.mkdtemp(prefix="incident-map-pg-"))
    url = pg_local.start(folder, free_port())  # a server of its own, to stop
    app = create_app({"TESTING": True, "DATABASE": url, "GAZETTEER": str(GAZETTEER)})
    app.extensions["incident_map"].use_pipeline(pipeline)
    store = app.extensions["incident_map"].store
    store.wait_s = 1
    client = app.test_client()
    try:
        assert client.get("/layers/all.geojson").status_code == 200
        pg_local.stop(folder)
        for _ in range(2):  # the pooled connection, broken; then none to be had
            r = client.get("/layers/all.geojson")
            assert r.status_code == 503 and "unavailable" in r.get_json()["error"]
        r = client.post("/api/articles", json={"text": "Gunmen attacked a checkpoint in Mosul on Monday."})
        assert r.status_code == 503 and "nothing was stored" in r.get_json()["error"]
    finally:
        store.close()
        pg_local.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def test_counts_per_grid_cell_add_up_and_sit_where_the_incidents_are(store):
    store.add_article("three text", None, None, None, [
        record(place="E", lat=33.0, lon=44.0, category="attack", fatalities=2, date="2024-03-02"),
        record(place="F", lat=34.0, lon=45.0, category="strike", fatalities=None, date="2024-03-04"),
        record(place="G", lat=-33.9, lon=-70.6, category="attack", fatalities=1, date=None)])
    query = IncidentQuery(bbox=(40.0, 30.0, 50.0, 40.0))
    (cell,) = store.grid(query, 10.0)  # E and F share the cell from 40 E, 30 N
    assert cell == {"count": 2, "lat": 33.5, "lon": 44.5, "fatalities": 2, "by_category": {"attack": 1, "strike": 1}}
    assert [c["count"] for c in store.grid(query, 0.5)] == [1, 1]
    everywhere = store.grid(IncidentQuery(), 10.0)
    assert sum(c["count"] for c in everywhere) == store.count(IncidentQuery()) == 7
    assert max(everywhere, key=lambda c: c["count"])["lat"] == 49.99  # the four at Kharkiv first
    assert store.day_counts(IncidentQuery(categories=("attack",))) == {"2024-03-02": 1, "2024-03-03": 1}


def test_remembered_totals_last_until_any_write_even_another_process_s(database):
    from store.cached import CachedStore

    inner = open_store(database)
    inner.init()
    inner.add_article("first text", None, None, None, [record()])
    asked = []
    summary = inner.summary
    inner.summary = lambda *a: asked.append(a) or summary(*a)
    store = CachedStore(inner)
    assert store.summary()["incidents"] == store.summary()["incidents"] == 1 and len(asked) == 1
    store.summary()["by_category"].clear()  # a caller's copy: what is kept stays whole
    assert store.summary()["by_category"] == {"strike": 1}
    other = open_store(database)  # another process's store, writing
    other.add_article("second text", None, None, None, [record(place="Z")])
    assert store.summary()["incidents"] == 2 and len(asked) == 2
    for s in (inner, other):
        getattr(s, "close", lambda: None)()


def test_a_coarser_grid_is_the_finer_one_merged(store):
    from service.views import WHOLE_GRID_ZOOM, _whole_grid, cell_degrees

    store.add_article("grid text", None, None, None, [
        record(place=str(k), lat=30 + k * 0.7, lon=40 + k * 1.1, category=("attack", "strike")[k % 2],
               fatalities=k) for k in range(12)])
    def cells(grid):  # (means to 1 m: the merged ones are means of rounded means)
        return sorted((c["count"], round(c["lat"], 4), round(c["lon"], 4), c["fatalities"], c["by_category"])
                      for c in grid)

    for zoom in range(0, WHOLE_GRID_ZOOM):
        assert cells(_whole_grid(store, IncidentQuery(), zoom)) == cells(store.grid(IncidentQuery(), cell_degrees(zoom)))


def test_a_slow_total_is_answered_as_it_stood_while_it_is_computed_again(database):
    import time

    from store.cached import CachedStore

    inner = open_store(database)
    inner.init()
    inner.add_article("first text", None, None, None, [record()])
    summary = inner.summary
    inner.summary = lambda *a: time.sleep(0.6) or summary(*a)  # as over millions of incidents
    store = CachedStore(inner)
    assert store.summary()["incidents"] == 1
    inner.add_article("second text", None, None, None, [record(place="Z")])
    started = time.monotonic()
    assert store.summary()["incidents"] == 1 and time.monotonic() - started < 0.5  # no wait: as it stood
    for _ in range(50):  # computed again meanwhile
        if store.summary()["incidents"] == 2:
            break
        time.sleep(0.1)
    assert store.summary()["incidents"] == 2
    store.stale_s = 0  # never older than that: the reader waits for the exact total
    inner.add_article("third text", None, None, None, [record(place="Y")])
    assert store.summary()["incidents"] == 3
    getattr(inner, "close", lambda: None)()


def test_a_slow_total_is_kept_for_the_next_start_until_a_write(database):
    import time

    from store.cached import CachedStore

    inner = open_store(database)
    inner.init()
    inner.add_article("first text", None, None, None, [record()])
    summary = inner.summary
    calls = []
    inner.summary = lambda *a: calls.append(1) or time.sleep(0.6) or summary(*a)  # as over millions of incidents
    first = CachedStore(inner).summary()
    assert first["incidents"] == 1 and len(calls) == 1
    restarted = CachedStore(inner)  # a new process over the same store: nothing computed
    started = time.monotonic()
    assert restarted.summary() == first and len(calls) == 1 and time.monotonic() - started < 0.5
    inner.add_article("second text", None, None, None, [record(place="Z")])
    assert CachedStore(inner).summary()["incidents"] == 2 and len(calls) == 2  # a write: computed again
    getattr(inner, "close", lambda: None)()


def test_the_map_totals_warmed_after_an_ingest_are_there_for_the_server(database):
    import time

    from service import views
    from store.cached import CachedStore

    inner = open_store(database)
    inner.init()
    inner.add_article("first text", None, None, None, [record()])
    slow = {}
    for name in ("summary", "facets", "grid"):  # as over millions of incidents
        real = getattr(inner, name)
        setattr(inner, name, lambda *a, _real=real, _name=name: slow.setdefault(_name, []).append(1)
                or time.sleep(0.55) or _real(*a))
    views.warm(CachedStore(inner))  # what flask ingest does last
    server = CachedStore(inner)  # then the server starts
    started = time.monotonic()
    server.summary(IncidentQuery()), server.facets(), server.grid(IncidentQuery(), views.cell_degrees(views.WHOLE_GRID_ZOOM))
    assert time.monotonic() - started < 0.5 and {k: len(v) for k, v in slow.items()} == {"summary": 1, "facets": 1, "grid": 1}
    getattr(inner, "close", lambda: None)()
