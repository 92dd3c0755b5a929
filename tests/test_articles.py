"""Comparison layers, the table, the article page, reading again and deleting articles."""

from __future__ import annotations

import io
import json

import pytest


def test_import_geojson_and_acled_csv_as_comparison_layers(client):
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"event": "<b>shelling</b>"}, "geometry": {"type": "Point", "coordinates": [36.7, 34.7]}},
        {"type": "Feature", "properties": {"event": "raid"}, "geometry": {"type": "Point", "coordinates": [44.4, 33.3]}}]}
    r = client.post("/api/comparison-layers", data={"file": (io.BytesIO(json.dumps(geojson).encode()), "theirs.geojson"),
                                                    "name": "Their layer"}, content_type="multipart/form-data")
    assert r.status_code == 201, r.get_data(as_text=True)
    assert r.get_json()["features"] == 2
    layer = client.get(r.get_json()["geojson"]).get_json()
    assert len(layer["features"]) == 2 and layer["features"][0]["properties"]["event"] == "<b>shelling</b>"
    csv = ("event_id_cnty,event_date,event_type,sub_event_type,actor1,country,location,latitude,longitude,fatalities\n"
           "SYR1,2024-03-01,Explosions/Remote violence,Air/drone strike,Israel,Syria,Homs,34.73,36.71,4\n"
           "SYR2,2024-03-02,Battles,Armed clash,IS,Syria,Deir ez-Zor,,,0\n")
    r = client.post("/api/comparison-layers", data={"file": (io.BytesIO(csv.encode()), "acled.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 201 and r.get_json()["features"] == 1  # the row without coordinates is left out
    names = [c["name"] for c in client.get("/layers/compare").get_json()]
    assert names == ["Their layer", "acled.csv"]
    assert "Their layer" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("name, content, status", [
    ("a.geojson", b"{not json", 400), ("a.geojson", b'{"type": "Point", "coordinates": [1, 2]}', 400),
    ("a.csv", b"x,y\n1,2\n", 400), ("a.shp", b"\x00\x00", 415), ("a.geojson", b"", 400),
])
def test_bad_imports_are_refused(client, name, content, status):
    r = client.post("/api/comparison-layers", data={"file": (io.BytesIO(content), name)},
                    content_type="multipart/form-data")
    assert r.status_code == status, r.get_data(as_text=True)
    assert client.get("/layers/compare").get_json() == []


def test_table_filters_sorts_and_exports(client, stocked):
    page = client.get("/table?country=SY&sort=fatalities&order=desc").get_data(as_text=True)
    body = page.split("<tbody>")[1]
    assert body.index("Deir ez-Zor") < body.index("Homs")  # six killed before four
    assert "Erbil" not in body
    assert 'href="/layers/all.csv?country=SY"' in page


def test_article_page_marks_places_and_escapes_markup(client):
    hostile = {"title": "<script>alert('t')</script> strike", "published": "2024-03-02",
               "text": "An Israeli air strike hit a depot near Homs on Friday, killing four <img src=x onerror=alert(1)> fighters."}
    article_id = client.post("/api/articles", json=hostile).get_json()["article_id"]
    page = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert '<mark class="place"' in page and ">Homs</mark>" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "onerror=alert(1)&gt;" in page
    assert client.get("/articles/999").status_code == 404


def test_article_page_links_its_source_and_each_incident_on_the_map(client):
    article = {"text": "An Israeli air strike hit a depot near Homs on Friday, killing four fighters.",
               "published": "2024-03-02", "url": "https://news.example.org/homs"}
    body = client.post("/api/articles", json=article).get_json()
    (incident,) = body["incidents"]
    page = client.get(f"/articles/{body['article_id']}").get_data(as_text=True)
    assert '<a class="url" href="https://news.example.org/homs" rel="noopener noreferrer"' in page
    assert f'href="/?incident={incident["id"]}">on the map</a>' in page
    assert " UTC" in page and "T" not in page.split("added ")[1][:16]  # a time people read, not ISO 8601


def test_reprocessing_keeps_corrections_and_ids(app, client, stocked):
    """Re-reading every article (after a pipeline upgrade) updates incidents in place and never
    touches what an analyst corrected or rejected."""
    strike, clash = stocked["strike"], stocked["clash"]
    client.patch(f"/api/incidents/{strike}", json={"category": "attack", "fatalities": 9, "who": "Dana"})
    client.post(f"/api/incidents/{clash}/reject")
    before = {f["id"]: f["properties"] for f in client.get("/layers/all.geojson?status=all").get_json()["features"]}
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reprocess"])
    assert result.exit_code == 0, result.output
    assert "0 removed, 0 added" in result.output and "2 kept" in result.output
    after = {f["id"]: f["properties"] for f in client.get("/layers/all.geojson?status=all").get_json()["features"]}
    assert after == before
    assert runner.invoke(args=["reprocess", "--article", "999"]).exit_code != 0


def test_deleting_an_article_keeps_incidents_other_articles_report(client, stocked):
    other = {"title": "Strike near Homs kills five", "published": "2024-03-02",
             "text": "An Israeli air strike on a weapons depot near Homs, Syria, on Friday killed five fighters, "
                     "a monitoring group said."}
    second = client.post("/api/articles", json=other).get_json()["article_id"]
    first = client.get(f"/api/incidents/{stocked['strike']}").get_json()["article_id"]
    r = client.delete(f"/api/articles/{first}")
    assert r.status_code == 200 and r.get_json()["incidents_removed"] == 0
    moved = client.get(f"/api/incidents/{stocked['strike']}").get_json()
    assert moved["article_id"] == second and moved["sources"] == 1
    erbil_article = client.get(f"/api/incidents/{stocked['attack']}").get_json()["article_id"]
    assert client.delete(f"/api/articles/{erbil_article}").get_json()["incidents_removed"] == 1
    assert client.get(f"/api/incidents/{stocked['attack']}").status_code == 404
    assert client.delete(f"/api/articles/{erbil_article}").status_code == 404
