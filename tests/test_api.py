"""The HTTP interface: posting articles, layers, GeoJSON, errors."""

from __future__ import annotations

import io
import json
import time

import geopandas as gpd
import pandas as pd
import pytest

ARTICLE = {
    "title": "Rocket attack on Erbil airport",
    "text": ("Militants fired three rockets at Erbil airport in northern Iraq on Tuesday, wounding two "
             "contractors, the Kurdistan Region's security council said."),
    "published": "2023-05-10",
}


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_post_article_returns_incidents(client):
    r = client.post("/api/articles", json=ARTICLE)
    assert r.status_code == 201
    body = r.get_json()
    assert isinstance(body["article_id"], int)
    (incident,) = [i for i in body["incidents"] if not i["aggregate"]]
    assert incident["category"] == "attack"
    assert incident["place_resolved"] == "Erbil Air Base"
    assert incident["date"] == "2023-05-09"  # the Tuesday before a Wednesday publication
    assert incident["injured"] == 2
    assert incident["actor1"] == "Unidentified armed group"  # "militants" names nobody


def test_reposting_the_same_text_adds_nothing(client):
    first = client.post("/api/articles", json=ARTICLE).get_json()
    again = client.post("/api/articles", json={**ARTICLE, "text": "  " + ARTICLE["text"] + "\n"})
    assert again.status_code == 200
    assert again.get_json()["article_id"] == first["article_id"]
    assert again.get_json()["created"] is False
    layers = {layer["name"]: layer["count"] for layer in client.get("/layers").get_json()}
    assert layers["all"] == len([i for i in first["incidents"] if not i["aggregate"]])


def test_layers_list_counts(client):
    client.post("/api/articles", json=ARTICLE)
    layers = {layer["name"]: layer for layer in client.get("/layers").get_json()}
    assert {"all", "strikes", "attacks"} <= set(layers)
    assert layers["attacks"]["count"] == 1 and layers["strikes"]["count"] == 0
    assert layers["attacks"]["geojson"] == "/layers/attacks.geojson"


REQUIRED = {"id", "category", "sub_type", "date", "date_precision", "place", "place_resolved", "country",
            "geo_precision", "actor1", "actor2", "fatalities", "injured", "sentence", "article_id",
            "source_url", "confidence"}


@pytest.mark.parametrize("layer", ["all", "attacks", "strikes"])
def test_geojson_is_rfc7946_and_round_trips(client, tmp_path, layer, seed_text):
    client.post("/api/articles", json={"text": seed_text, "published": "2024-02-07"})
    client.post("/api/articles", json=ARTICLE)
    r = client.get(f"/layers/{layer}.geojson")
    assert r.status_code == 200 and r.mimetype == "application/geo+json"
    data = r.get_json()
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert data["features"]
    for f in data["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert REQUIRED <= set(f["properties"])
        assert f["id"] == f["properties"]["id"]
        if layer != "all":
            assert f["properties"]["category"] + "s" == layer
    # lon/lat order: the Baghdad strike lies east of 40 E and north of 30 N
    baghdad = [f for f in data["features"] if f["properties"]["place_resolved"] == "Baghdad"]
    if layer in ("all", "strikes"):
        assert baghdad and baghdad[0]["geometry"]["coordinates"][0] > 40
    path = tmp_path / f"{layer}.geojson"
    path.write_bytes(r.data)
    frame = gpd.read_file(path)
    assert len(frame) == len(data["features"])
    assert frame.crs.to_epsg() == 4326
    assert set(frame["category"]) <= {"strike", "attack", "clash", "other"}


@pytest.mark.parametrize("payload, status, fragment", [
    ({"text": ""}, 400, "empty"),
    ({"text": "   \n\t "}, 400, "empty"),
    ({}, 400, "'text' is required"),
    ({"text": 42}, 400, "must be a string"),
    ([1, 2], 400, "JSON object"),
    ({"text": "A strike hit Mosul.", "published": "yesterday"}, 400, "not a date"),
    ({"text": "A strike hit Mosul.", "published": "2999-01-01"}, 400, "future"),
    ({"text": "A strike hit Mosul.", "url": "javascript:alert(1)"}, 400, "http(s) URL"),
    ({"text": "A strike hit Mosul.", "title": ["x"]}, 400, "'title' must be a string"),
])
def test_bad_articles_get_clear_errors_and_store_nothing(client, payload, status, fragment):
    r = client.post("/api/articles", json=payload)
    assert r.status_code == status
    assert fragment in r.get_json()["error"]
    assert client.get("/layers").get_json()[0]["count"] == 0


def test_not_json_is_415(client):
    r = client.post("/api/articles", data="text=hello", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415 and "JSON" in r.get_json()["error"]


def test_broken_json_is_400(client):
    r = client.post("/api/articles", data="{not json", content_type="application/json")
    assert r.status_code == 400 and "not valid JSON" in r.get_json()["error"]


def test_text_over_the_limit_is_413(app, client):
    app.config["MAX_TEXT_BYTES"] = 1000
    r = client.post("/api/articles", json={"text": "word " * 400})
    assert r.status_code == 413 and "limit" in r.get_json()["error"]


def test_body_over_max_content_length_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    r = client.post("/api/articles", data=json.dumps({"text": "x" * 5000}), content_type="application/json")
    assert r.status_code == 413 and "too large" in r.get_json()["error"]


def test_text_without_incidents_is_201_with_empty_list(client):
    r = client.post("/api/articles", json={"text": "The committee met on Tuesday to discuss the budget."})
    assert r.status_code == 201 and r.get_json()["incidents"] == []


@pytest.mark.parametrize("path", ["/layers/nothing.geojson", "/layers/..%2Fapp.py.geojson", "/layers/../app.py.geojson"])
def test_unknown_layers_are_404_json(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "error" in r.get_json()


def test_country_outlines(client):
    data = client.get("/basemap/countries.geojson").get_json()
    assert len(data["features"]) > 200
    iso = {f["properties"]["iso2"] for f in data["features"]}
    assert {"IQ", "SY", "JO", "YE", "US"} <= iso


def test_leaflet_is_served_locally(client):
    r = client.get("/vendor/leaflet/leaflet.js")
    assert r.status_code == 200 and b"Leaflet" in r.data[:2000]
    assert client.get("/vendor/leaflet/../../../../etc/passwd").status_code == 404


@pytest.mark.slow  # (spaCy reads 130 KB: five seconds the fast loop can do without)
def test_a_long_article_is_read_in_the_background_in_pieces(client):
    # ~130 KB: read as a job (202 and its URL), in seven pieces for spaCy; the incident sits in the
    # last one and keeps true offsets.
    filler = "\n".join(f"Residents of the district held meeting number {n} about water prices." for n in range(1800))
    text = filler + "\nMilitants fired rockets at Erbil airport on Tuesday, wounding two guards.\n"
    r = client.post("/api/articles", json={"text": text, "published": "2023-05-10"})
    assert r.status_code == 202 and r.headers["Location"] == r.get_json()["job_url"]
    deadline = time.monotonic() + 120
    while (job := client.get(r.get_json()["job_url"]).get_json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert job["status"] == "done" and job["created"]
    (incident,) = [i for i in job["incidents"] if not i["aggregate"]]
    assert incident["place_resolved"] == "Erbil Air Base" and incident["injured"] == 2
    assert text[incident["place_start"]:incident["place_end"]] == incident["place"]
    assert incident["sentence"].startswith("Militants fired rockets")


def test_two_outlets_reporting_one_event_make_one_incident(client):
    first = {"text": "Militants fired rockets at Erbil airport on Tuesday, wounding two contractors, officials said.",
             "published": "2023-05-10", "url": "https://news.example.org/erbil-rockets"}
    second = {"text": ("A rocket attack by militants hit Erbil airport late on Tuesday. Three contractors were "
                       "wounded, the region's interior ministry said on Wednesday."),
              "published": "2023-05-10", "url": "https://other.example.net/erbil"}
    a = client.post("/api/articles", json=first).get_json()
    b = client.post("/api/articles", json=second).get_json()
    assert a["article_id"] != b["article_id"]
    features = client.get("/layers/attacks.geojson").get_json()["features"]
    assert len(features) == 1
    props = features[0]["properties"]
    assert props["sources"] == 2 and props["injured"] == 3  # the larger toll of the two reports
    assert [i["id"] for i in b["incidents"]] == [props["id"]]  # the second article points at the same incident


def test_different_days_or_places_stay_apart(client):
    base = "Militants fired rockets at {place} on {day}, wounding two contractors."
    for place, day in (("Erbil airport", "Tuesday"), ("Erbil airport", "Saturday"), ("Basra", "Tuesday")):
        client.post("/api/articles", json={"text": base.format(place=place, day=day), "published": "2023-05-10"})
    assert len(client.get("/layers/attacks.geojson").get_json()["features"]) == 3


def test_bytes_that_are_not_utf8_are_400(client):
    r = client.post("/api/articles", data=b'{"text": "caf\xe9 \xff\xfe strike in Mosul"}', content_type="application/json")
    assert r.status_code == 400 and "error" in r.get_json()
    assert client.get("/layers").get_json()[0]["count"] == 0


def test_who_published_a_report_is_in_every_download(client):
    """The outlet: the site an article came from, else the wire service its dateline credits."""
    client.post("/api/articles", json={
        "text": "Militants fired rockets at Erbil airport on Tuesday, wounding two contractors, officials said.",
        "published": "2023-05-10", "url": "https://www.news.example.org/erbil-rockets"})
    client.post("/api/articles", json={
        "text": "BASRA, Iraq (AP) — Gunmen attacked a police checkpoint in Basra on Monday, killing two officers.",
        "published": "2023-05-10"})
    features = client.get("/layers/all.geojson").get_json()["features"]
    assert sorted(f["properties"]["outlet"] for f in features) == ["AP", "news.example.org"]
    frame = pd.read_csv(io.BytesIO(client.get("/layers/all.csv?columns=acled").data))
    assert sorted(frame["source"]) == ["AP", "news.example.org"]


def test_places_are_found_offline_by_the_start_of_their_name(client):
    found = client.get("/api/places?q=kharkiv").get_json()
    assert found[0]["name"] == "Kharkiv" and found[0]["country"] == "UA" and found[0]["kind"] == "city"
    assert set(found[0]) == {"name", "country", "lat", "lon", "geonameid", "kind"}
    # the place of that very name before longer ones, a country before towns of its name
    assert client.get("/api/places?q=Jordan").get_json()[0]["kind"] == "country"
    assert len(client.get("/api/places?q=Al&limit=3").get_json()) == 3


@pytest.mark.parametrize("url, fragment", [
    ("/api/places", "'q' is required"),
    ("/api/places?q=%20", "'q' is required"),
    ("/api/places?q=" + "x" * 101, "at most 100"),
    ("/api/places?q=Homs&limit=0", "'limit'"),
    ("/api/places?q=Homs&limit=many", "'limit'"),
])
def test_place_search_says_what_is_wrong(client, url, fragment):
    r = client.get(url)
    assert r.status_code == 400 and fragment in r.get_json()["error"]
