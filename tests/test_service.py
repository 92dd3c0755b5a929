"""The map service's HTTP side: filters, downloads in every format, review, uploads, URLs,
comparison layers, the table and the article page."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import geopandas as gpd
import pandas as pd
import pytest

# Three short reports of our own: an attack in Iraq, a strike and a clash in Syria.
ARTICLES = [
    {"title": "Rocket attack on Erbil airport", "published": "2023-05-10",
     "text": "Militants fired three rockets at Erbil airport in northern Iraq on Tuesday, wounding two "
             "contractors, the Kurdistan Region's security council said."},
    {"title": "Israeli strike hits Homs", "published": "2024-03-02",
     "text": "An Israeli air strike hit a weapons depot near Homs in western Syria on Friday, killing four "
             "fighters, a war monitor said."},
    {"title": "Six soldiers killed in Deir ez-Zor clashes", "published": "2024-02-14",
     "text": "Islamic State fighters clashed with Syrian army troops near Deir ez-Zor on Monday, leaving six "
             "soldiers dead, a monitor said."},
]


@pytest.fixture
def stocked(client):
    ids = {}
    for art in ARTICLES:
        r = client.post("/api/articles", json=art)
        assert r.status_code == 201
        (incident,) = r.get_json()["incidents"]
        ids[incident["category"]] = incident["id"]
    return ids


def feature_ids(client, url: str) -> set[int]:
    r = client.get(url)
    assert r.status_code == 200, r.get_data(as_text=True)
    return {f["id"] for f in r.get_json()["features"]}


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
    assert r.headers["Content-Disposition"] == 'attachment; filename="all-acled.csv"'


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


# ---- review ----------------------------------------------------------------------------------

def test_a_correction_is_recorded_with_who_and_when(client, stocked):
    incident = stocked["strike"]
    r = client.patch(f"/api/incidents/{incident}", json={"fatalities": 5, "actor2": "Hezbollah", "who": "Dana"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["fatalities"] == 5 and body["actor2"] == "Hezbollah" and body["reviewed"] is True
    fields = {c["field"]: c for c in body["corrections"]}
    assert fields["fatalities"]["previous"] == 4 and fields["fatalities"]["value"] == 5
    assert fields["actor2"]["who"] == "Dana (local)" and fields["actor2"]["at"].startswith("20")
    # every view shows the corrected values
    (feature,) = client.get("/layers/strikes.geojson").get_json()["features"]
    assert feature["properties"]["fatalities"] == 5
    assert feature_ids(client, "/layers/all.geojson?actor=hezbollah") == {incident}


def test_picking_another_candidate_moves_the_incident(client, stocked):
    incident = client.get(f"/api/incidents/{stocked['strike']}").get_json()
    assert incident["alternatives"], "Homs has other gazetteer candidates"
    index = next(i for i, a in enumerate(incident["alternatives"]) if a["kind"] == "admin1")
    body = client.patch(f"/api/incidents/{incident['id']}", json={"candidate": index}).get_json()
    chosen = incident["alternatives"][index]
    assert (body["lat"], body["lon"], body["place_resolved"]) == (chosen["lat"], chosen["lon"], chosen["name"])
    assert body["geo_precision"] == 3


def test_moving_an_incident_on_the_map(client, stocked):
    body = client.patch(f"/api/incidents/{stocked['clash']}", json={"lat": 35.33, "lon": 40.14}).get_json()
    assert (body["lat"], body["lon"]) == (35.33, 40.14)
    assert feature_ids(client, "/layers/all.geojson?bbox=40.1,35.3,40.2,35.4") == {stocked["clash"]}


def test_rejected_incidents_leave_the_layers(client, stocked):
    incident = stocked["attack"]
    assert client.post(f"/api/incidents/{incident}/reject").status_code == 200
    assert incident not in feature_ids(client, "/layers/all.geojson")
    assert feature_ids(client, "/layers/all.geojson?status=rejected") == {incident}
    assert incident in feature_ids(client, "/layers/all.geojson?status=all")
    counts = {layer["name"]: layer["count"] for layer in client.get("/layers").get_json()}
    assert counts["attacks"] == 0
    restored = client.patch(f"/api/incidents/{incident}", json={"status": "active"})
    assert restored.get_json()["status"] == "active"
    assert incident in feature_ids(client, "/layers/all.geojson")


def test_corrections_survive_reingesting_and_other_reports(client, stocked):
    """A second outlet's report of the same strike merges into the stored incident, but the
    analyst's corrected toll stands (the new report says five were killed)."""
    incident = stocked["strike"]
    client.patch(f"/api/incidents/{incident}", json={"fatalities": 3, "date": "2024-03-01"})
    again = client.post("/api/articles", json=ARTICLES[1])
    assert again.status_code == 200 and again.get_json()["created"] is False
    other = {"title": "Strike near Homs kills five", "published": "2024-03-02",
             "text": "An Israeli air strike on a weapons depot near Homs, Syria, on Friday killed five fighters, "
                     "a monitoring group said."}
    r = client.post("/api/articles", json=other)
    assert r.status_code == 201
    merged = client.get(f"/api/incidents/{incident}").get_json()
    assert merged["sources"] == 2, "the second report is a source of the same incident"
    assert merged["fatalities"] == 3, "the analyst's toll is not overwritten"


@pytest.mark.parametrize("payload, fragment", [
    ({}, "send a JSON object"),
    ([1, 2], "send a JSON object"),
    ({"colour": "red"}, "cannot change"),
    ({"category": "parade"}, "'category'"),
    ({"fatalities": -1}, "'fatalities'"),
    ({"fatalities": "many"}, "'fatalities'"),
    ({"fatalities": True}, "'fatalities'"),
    ({"date": "soon"}, "'date'"),
    ({"date": "2999-01-01"}, "future"),
    ({"lat": 10}, "both"),
    ({"lat": 95, "lon": 0}, "'lat'"),
    ({"lat": "x", "lon": 0}, "'lat'"),
    ({"candidate": 99}, "'candidate'"),
    ({"status": "deleted"}, "'status'"),
    ({"actor1": "x" * 201}, "longer"),
    ({"fatalities": 1, "who": 7}, "'who'"),
])
def test_bad_corrections_are_400_and_change_nothing(client, stocked, payload, fragment):
    incident = stocked["strike"]
    before = client.get(f"/api/incidents/{incident}").get_json()
    r = client.patch(f"/api/incidents/{incident}", json=payload)
    assert r.status_code == 400, r.get_json()
    assert fragment in r.get_json()["error"]
    assert client.get(f"/api/incidents/{incident}").get_json() == before


def test_correcting_a_missing_incident_is_404(client):
    assert client.patch("/api/incidents/999", json={"fatalities": 1}).status_code == 404
    assert client.get("/api/incidents/999").status_code == 404


def test_incident_detail_marks_its_sentence(client, stocked):
    body = client.get(f"/api/incidents/{stocked['strike']}").get_json()
    marked = {m["field"]: body["evidence_sentence"][m["start"]:m["end"]] for m in body["sentence_marks"]}
    assert marked["place"] == "Homs"
    assert marked["trigger"] in ("strike", "air strike", "hit")
    # every mark is one of the incident's evidence spans, moved into the sentence
    assert set(marked) <= set(body["evidence"]) and body["evidence_sentence"] in [body["sentence"], *body["sentences"]]


# ---- ingest: files and URLs ------------------------------------------------------------------

HTML_PAGE = """<!doctype html><html><head><title>Drone strike in Kirkuk | Example News</title>
<meta property="article:published_time" content="2024-04-10T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Drone strike hits Kirkuk checkpoint</h1>
<p>A drone strike hit a checkpoint in Kirkuk, Iraq, on Tuesday, killing two police officers, local officials said.</p>
<p>No group has claimed the attack, which came after weeks of calm in the province.</p></article>
<footer>Copyright 2020 Example News. <script>alert(1)</script></footer></body></html>"""


def test_html_upload_is_reduced_to_its_article(client):
    data = {"file": (io.BytesIO(HTML_PAGE.encode()), "kirkuk.html")}
    r = client.post("/api/articles", data=data, content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    (incident,) = body["incidents"]
    assert incident["place_resolved"] == "Kirkuk" and incident["date"] == "2024-04-09"  # Tuesday before publication
    page = client.get(f"/articles/{body['article_id']}").get_data(as_text=True)
    assert "Home" not in page.split("article-text")[1] and "alert(1)" not in page


def test_text_upload(client):
    data = {"file": (io.BytesIO(ARTICLES[0]["text"].encode()), "erbil.txt"), "published": "2023-05-10"}
    r = client.post("/api/articles", data=data, content_type="multipart/form-data")
    assert r.status_code == 201 and r.get_json()["incidents"][0]["date"] == "2023-05-09"


@pytest.mark.parametrize("name, content, status, fragment", [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", 415, ".txt or .html"),
    ("report.txt", b"\x00\x01\x02binary", 415, "binary"),
    ("report.txt", "Rockets hit Erbil".encode("utf-16"), 415, "binary"),
    ("report.txt", b"Rockets hit Erbil \xff\xfe today", 400, "not UTF-8"),
    ("report.txt", b"   \n", 400, "empty"),
    ("page.html", b"<html><body><script>var a = 1;</script></body></html>", 422, "no article text"),
])
def test_bad_uploads_are_refused_and_store_nothing(client, name, content, status, fragment):
    r = client.post("/api/articles", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert r.status_code == status, r.get_json()
    assert fragment in r.get_json()["error"]
    assert client.get("/layers").get_json()[0]["count"] == 0


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/news")
            self.end_headers()
            return
        if self.path == "/image":
            body, ctype = b"\x89PNG", "image/png"
        else:
            body, ctype = HTML_PAGE.encode(), "text/html; charset=utf-8"
        self.send_response(200 if self.path in ("/news", "/image") else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def news_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_url_is_fetched_when_asked(app, client, news_site):
    app.config["FETCH_PRIVATE"] = True  # the test site is on loopback
    r = client.post("/api/articles", json={"url": news_site + "/moved", "fetch": True})
    assert r.status_code == 201, r.get_json()
    (incident,) = r.get_json()["incidents"]
    assert incident["place_resolved"] == "Kirkuk" and incident["source_url"] == news_site + "/moved"


def test_a_url_is_not_fetched_unless_asked(client, news_site):
    r = client.post("/api/articles", json={"url": news_site + "/news"})
    assert r.status_code == 400 and "'text'" in r.get_json()["error"]


@pytest.mark.parametrize("path, status, fragment", [("/missing", 502, "HTTP 404"), ("/image", 415, "image/png")])
def test_bad_urls_get_clear_errors(app, client, news_site, path, status, fragment):
    app.config["FETCH_PRIVATE"] = True
    r = client.post("/api/articles", json={"url": news_site + path, "fetch": True})
    assert r.status_code == status and fragment in r.get_json()["error"]


def test_private_addresses_are_not_fetched_by_default(client, news_site):
    r = client.post("/api/articles", json={"url": news_site + "/news", "fetch": True})
    assert r.status_code == 502 and "not allowed" in r.get_json()["error"]
    assert client.get("/layers").get_json()[0]["count"] == 0


def test_offline_fetch_is_a_clear_error(client):
    r = client.post("/api/articles", json={"url": "http://no-such-host.invalid/news", "fetch": True})
    error = r.get_json()["error"]
    assert r.status_code == 502 and "offline" in error


# ---- comparison layers, table, article page ---------------------------------------------------

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
