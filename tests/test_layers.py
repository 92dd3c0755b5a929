"""Layers over HTTP: filters, downloads in every format read back, the map's lean properties."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import pytest

from tests.conftest import feature_ids


@pytest.mark.parametrize("query, expect", [
    ("", {"attack", "strike", "clash"}),
    ("?category=strike", {"strike"}),
    ("?category=strike,clash", {"strike", "clash"}),
    ("?country=sy", {"strike", "clash"}),
    ("?since=2024-01-01", {"strike", "clash"}),
    ("?until=2024-02-12", {"attack", "clash"}),
    ("?since=2024-02-12&until=2024-02-12", {"clash"}),
    ("?actor=islamic", {"clash"}),
    ("?sub_type=Air/drone%20strike", {"strike"}),
    ("?bbox=35,33,39,36", {"strike"}),  # western Syria only
    ("?min_confidence=0.99", set()),
    # full-text: words of the place, the actors or the sentence, each the start of a word
    ("?q=homs", {"strike"}),
    ("?q=weapons%20dep", {"strike"}),
    ("?q=rockets%20contractors", {"attack"}),
    ("?q=syrian%20army", {"clash"}),
    ("?q=homs%20rockets", set()),
    ('?q=%22%20OR%20*%20NEAR(', set()),  # FTS5's own syntax is read as words, never as a query
])
def test_filters_select_incidents(client, stocked, query, expect):
    assert feature_ids(client, "/layers/all.geojson" + query) == {stocked[c] for c in expect}


def test_a_layer_filter_only_narrows(client, stocked):
    assert feature_ids(client, "/layers/strikes.geojson?category=clash") == set()
    assert feature_ids(client, "/layers/strikes.geojson?country=SY") == {stocked["strike"]}


def test_bbox_across_the_antimeridian(client, stocked):
    assert feature_ids(client, "/layers/all.geojson?bbox=170,-90,-170,90") == set()
    assert feature_ids(client, "/layers/all.geojson?bbox=30,-90,-170,90") == set(stocked.values())


@pytest.mark.parametrize("ext", ["geojson", "gpkg", "csv", "kml", "parquet"])
@pytest.mark.parametrize("query", ["", "?country=SY"])
def test_every_download_reads_back_with_the_same_features(client, stocked, tmp_path, ext, query):
    r = client.get(f"/layers/all.{ext}{query}")
    assert r.status_code == 200
    expected = len(feature_ids(client, "/layers/all.geojson" + query))
    assert int(r.headers["X-Feature-Count"]) == expected
    path = tmp_path / f"all.{ext}"
    path.write_bytes(r.data)
    if ext == "csv":
        frame = pd.read_csv(path)
        assert {"lat", "lon", "category", "date", "fatalities"} <= set(frame.columns)
    elif ext == "parquet":
        frame = gpd.read_parquet(path)
        assert frame.crs.to_epsg() == 4326
    else:
        frame = gpd.read_file(path)
        assert frame.crs.to_epsg() == 4326
    assert len(frame) == expected
    if ext != "csv":
        assert set(frame.geometry.geom_type) <= {"Point"}
        strike = frame[frame["category"] == "strike"] if "category" in frame else frame
        assert len(strike) == 1 and abs(strike.geometry.iloc[0].x - 36.7) < 0.5  # Homs


def test_acled_csv_has_acled_columns(client, stocked):
    r = client.get("/layers/all.csv?columns=acled&category=strike")
    frame = pd.read_csv(io.BytesIO(r.data))
    assert list(frame.columns)[:7] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                                       "event_type", "sub_event_type"]
    row = frame.iloc[0]
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["country"] == "Syria" and row["iso"] == 760 and row["fatalities"] == 4
    assert row["admin1"] == "Ḩimş"  # the governorate Homs lies in, from the gazetteer (its ISO 3166-2 name)
    # named after the layer and its filters, so that two downloads of one layer differ
    assert r.headers["Content-Disposition"] == 'attachment; filename="all_category-strike-acled.csv"'


def test_acled_csv_fills_inter_codes_and_civilian_targeting(client):
    for text in ("Islamic State gunmen attacked a village near Kirkuk, Iraq, on Monday, killing five villagers, "
                 "police said.",
                 "An Israeli air strike hit a weapons depot near Homs, Syria, on Friday, killing three fighters, a "
                 "monitor said.",
                 "Nigerian troops clashed with Boko Haram fighters near Maiduguri on Sunday, leaving four soldiers "
                 "dead, the army said."):
        assert client.post("/api/articles", json={"text": text, "published": "2024-06-10"}).status_code == 201
    rows = {r["location"]: r for r in pd.read_csv(io.BytesIO(client.get("/layers/all.csv?columns=acled").data))
            .to_dict("records")}
    village = rows["Kirkuk"]
    assert (village["inter1"], village["inter2"], village["interaction"]) == (2, 7, 27)
    assert village["actor2"] == "Civilians (Iraq)" and village["civilian_targeting"] == "Civilian targeting"
    depot = rows["Homs"]  # a state's forces abroad: ACLED's external forces; no civilians named
    assert depot["inter1"] == 8 and pd.isna(depot["civilian_targeting"])
    clash = rows["Maiduguri"]
    assert {clash["inter1"], clash["inter2"]} == {1, 2} and clash["interaction"] == 12


def test_download_names_carry_the_filters_safely(client, stocked):
    r = client.get("/layers/strikes.gpkg?since=2024-01-01&country=IQ,SY&actor=../../etc")
    assert r.headers["Content-Disposition"] == 'attachment; filename="strikes_since-2024-01-01_country-IQ_SY_actor-.._.._etc.gpkg"'
    assert client.get("/layers/all.kml").headers["Content-Disposition"] == 'attachment; filename="all.kml"'


def test_empty_layers_download_in_every_format(client, tmp_path):
    for ext in ("gpkg", "kml", "parquet", "csv", "geojson"):
        r = client.get(f"/layers/clashes.{ext}")
        assert r.status_code == 200 and r.headers["X-Feature-Count"] == "0", ext


@pytest.mark.parametrize("url, fragment", [
    ("/layers/all.geojson?bbox=1,2,3", "four numbers"),
    ("/layers/all.geojson?bbox=a,b,c,d", "four numbers"),
    ("/layers/all.geojson?bbox=0,10,5,5", "north of"),
    ("/layers/all.geojson?bbox=0,0,500,5", "outside"),
    ("/layers/all.geojson?bbox=nan,0,1,1", "finite"),
    ("/layers/all.geojson?since=yesterday", "'since' must be a date"),
    ("/layers/all.geojson?until=2024-13-01", "'until' must be a date"),
    ("/layers/all.geojson?since=2024-03-01&until=2024-01-01", "after"),
    ("/layers/all.geojson?category=parade", "unknown category"),
    ("/layers/all.geojson?country=Syria", "alpha-2"),
    ("/layers/all.geojson?min_confidence=2", "from 0 to 1"),
    ("/layers/all.geojson?min_confidence=high", "number"),
    ("/layers/all.geojson?status=maybe", "'status'"),
    ("/layers/all.csv?columns=everything", "'columns'"),
    ("/layers/all.geojson?properties=some", "'properties'"),
])
def test_malformed_filters_are_400(client, stocked, url, fragment):
    r = client.get(url)
    assert r.status_code == 400
    assert fragment in r.get_json()["error"]


def test_unknown_format_is_404(client):
    r = client.get("/layers/all.shp")
    assert r.status_code == 404 and "formats" in r.get_json()["error"]


def test_map_properties_are_few(client, stocked):
    feature = client.get("/layers/all.geojson?properties=map").get_json()["features"][0]
    assert set(feature["properties"]) == {"id", "category", "sub_type", "date", "geo_precision", "fatalities",
                                          "confidence"}


def test_large_layers_are_gzipped(client, stocked):
    r = client.get("/layers/all.geojson", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"
    import gzip
    assert json.loads(gzip.decompress(r.data))["type"] == "FeatureCollection"


def test_full_text_search_follows_corrections_and_deletions(client, stocked):
    strike = stocked["strike"]
    assert feature_ids(client, "/layers/all.geojson?q=hezbollah") == set()
    client.patch(f"/api/incidents/{strike}", json={"actor2": "Hezbollah"})
    assert feature_ids(client, "/layers/all.geojson?q=hezbollah") == {strike}
    article = client.get(f"/api/incidents/{strike}").get_json()["article_id"]
    client.delete(f"/api/articles/{article}")
    assert feature_ids(client, "/layers/all.geojson?q=hezbollah") == set()


def test_the_same_text_search_in_the_table_and_the_ogc_api(client, stocked):
    assert "Homs" in client.get("/table?q=depot").get_data(as_text=True)
    assert "Erbil" not in client.get("/table?q=depot").get_data(as_text=True)
    body = client.get("/ogc/collections/all/items?q=depot&f=json").get_json()
    assert [f["id"] for f in body["features"]] == [stocked["strike"]]


def test_summary_counts_what_the_filters_select(client, stocked):
    everything = client.get("/api/summary").get_json()
    assert everything == {"incidents": 3, "fatalities": 10, "injured": 2,
                          "by_category": {"attack": 1, "clash": 1, "strike": 1}, "by_country": {"SY": 2, "IQ": 1}}
    syria = client.get("/api/summary?country=SY").get_json()
    assert (syria["incidents"], syria["fatalities"], syria["injured"]) == (2, 10, 0)
    assert client.get("/api/summary?since=2030-01-01").get_json()["incidents"] == 0
    assert client.get("/api/summary?since=never").status_code == 400



def test_base_map_names_grow_finer_as_the_view_zooms_in(client):
    world = client.get("/basemap/labels.json?bbox=-180,-85,180,85&zoom=2").get_json()
    assert {"Iraq", "Yemen"} <= {p["name"] for p in world} and {p["kind"] for p in world} == {"country"}
    region = {p["name"]: p["kind"] for p in client.get("/basemap/labels.json?bbox=30,10,55,40&zoom=5").get_json()}
    assert region.get("Baghdad") == "city" and region.get("Red Sea") == "sea"
    assert "Fallujah" not in region and "Al Fallūjah" not in region  # a town of 200,000: closer in
    close = {p["name"] for p in client.get("/basemap/labels.json?bbox=43.3,32.9,44.8,33.9&zoom=9").get_json()}
    assert "Al Fallūjah" in close
    r = client.get("/basemap/labels.json?bbox=-180,-85,180,85&zoom=2")
    assert r.headers["Cache-Control"] == "max-age=86400"


@pytest.mark.parametrize("query, fragment", [
    ("", "'bbox' and 'zoom' are required"),
    ("?bbox=1,2,3&zoom=3", "'bbox' must be four numbers"),
    ("?bbox=0,0,10,10&zoom=99", "'zoom' must be from 0 to 20"),
])
def test_base_map_names_refuse_a_malformed_view(client, query, fragment):
    r = client.get("/basemap/labels.json" + query)
    assert r.status_code == 400 and fragment in r.get_json()["error"]


def test_a_view_sends_its_incidents_or_their_counts_per_cell(client, app, stocked):
    world = client.get("/api/view?bbox=-180,-90,180,90&zoom=3").get_json()
    assert world["mode"] == "points" and world["matched"] == 3
    assert {f["properties"]["category"] for f in world["features"]} == {"attack", "strike", "clash"}
    syria = client.get("/api/view?bbox=35,33,42,37&zoom=6&category=strike").get_json()
    assert [f["id"] for f in syria["features"]] == [stocked["strike"]]
    closer = client.get("/api/view?bbox=35,33,42,37&zoom=10&category=strike").get_json()  # (counted, not cut from the grid)
    assert [f["id"] for f in closer["features"]] == [stocked["strike"]] and closer["matched"] == 1
    app.config["VIEW_POINTS_MOST"] = 1  # a view holding more than that gets counts per cell
    cells = client.get("/api/view?bbox=-180,-90,180,90&zoom=2").get_json()
    assert cells["mode"] == "cells" and sum(f["properties"]["count"] for f in cells["features"]) == 3
    assert client.get("/api/days").get_json() == {"2023-05-09": 1, "2024-02-12": 1, "2024-03-01": 1}
    r = client.get("/api/view?bbox=-180,-90,180,90")
    assert r.status_code == 400 and "zoom" in r.get_json()["error"]
