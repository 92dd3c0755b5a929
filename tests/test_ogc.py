"""OGC API - Features Part 1 (OGC 17-069r4): one test per requirement of the Core and GeoJSON
requirement classes (named /req/core/... and /req/geojson/... as in the standard), plus HTML and
OpenAPI 3.0, and a real client (OWSLib, as QGIS-style tools use) against the running server.

No OGC validator can be installed here (the OGC's TEAM Engine suite is a Java web application
not on PyPI, npm or Debian), so these tests play its part.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import ARTICLES

CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"


@pytest.fixture
def stocked(client):
    for art in ARTICLES:
        assert client.post("/api/articles", json=art).status_code == 201
    return client


def rels(links, rel):
    return [link for link in links if link["rel"] == rel]


def get_json(client, url, accept="application/json"):
    r = client.get(url, headers={"Accept": accept})
    assert r.status_code == 200, (url, r.get_data(as_text=True))
    return r


def test_req_core_root_op_and_success(client):
    r = get_json(client, "/ogc/")
    body = r.get_json()
    assert r.mimetype == "application/json"
    assert rels(body["links"], "service-desc") or rels(body["links"], "service-doc")
    assert rels(body["links"], "conformance") and rels(body["links"], "data")
    assert all(link["href"].startswith("http") for link in body["links"])


def test_req_core_api_definition_op_and_success(client):
    href = rels(get_json(client, "/ogc/").get_json()["links"], "service-desc")[0]["href"]
    r = get_json(client, href.replace("http://localhost", ""), accept="application/vnd.oai.openapi+json;version=3.0")
    assert r.mimetype == "application/vnd.oai.openapi+json"
    doc = r.get_json()
    assert doc["openapi"].startswith("3.0")
    assert "/collections/{collectionId}/items" in doc["paths"]


def test_req_core_conformance_op_and_success(client):
    body = get_json(client, "/ogc/conformance").get_json()
    assert {CORE, GEOJSON} <= set(body["conformsTo"])


def test_req_core_http_head_is_answered(client):
    assert client.head("/ogc/collections").status_code == 200


def test_req_core_query_param_unknown(client):
    r = client.get("/ogc/collections/all/items?colour=red")
    assert r.status_code == 400 and "colour" in r.get_json()["error"]
    assert client.get("/ogc/conformance?x=1").status_code == 400


@pytest.mark.parametrize("query", ["limit=0", "limit=10001", "limit=ten", "offset=-1", "bbox=1,2,3",
                                   "bbox=0,0,1,1&bbox-crs=EPSG:3857", "datetime=yesterday", "datetime=../..",
                                   "datetime=2024-03-01/2024-01-01", "f=xml"])
def test_req_core_query_param_invalid(client, query):
    r = client.get("/ogc/collections/all/items?" + query)
    assert r.status_code == 400, query
    assert r.get_json()["error"]


def test_req_core_fc_md_op_success_links_items(stocked):
    body = get_json(stocked, "/ogc/collections").get_json()
    assert rels(body["links"], "self")
    ids = [c["id"] for c in body["collections"]]
    assert ids == ["all", "strikes", "attacks", "clashes", "others"]
    for collection in body["collections"]:
        items = rels(collection["links"], "items")
        assert any(link["type"] == "application/geo+json" for link in items)
        assert collection["title"] and collection["itemType"] == "feature"


def test_req_core_fc_md_extent(stocked):
    (strikes,) = [c for c in get_json(stocked, "/ogc/collections").get_json()["collections"] if c["id"] == "strikes"]
    (bbox,) = strikes["extent"]["spatial"]["bbox"]
    assert bbox[0] <= bbox[2] and bbox[1] <= bbox[3]
    assert abs(bbox[0] - 36.7) < 0.1 and abs(bbox[1] - 34.7) < 0.1  # the one strike: Homs
    (interval,) = strikes["extent"]["temporal"]["interval"]
    assert interval[0].startswith("2024-03-01") and interval[1].startswith("2024-03-01")


def test_req_core_sfc_md_op_and_success(stocked):
    one = get_json(stocked, "/ogc/collections/strikes").get_json()
    assert one["id"] == "strikes" and rels(one["links"], "self") and rels(one["links"], "items")
    assert stocked.get("/ogc/collections/parades").status_code == 404


def test_req_core_fc_op_and_response(stocked):
    r = get_json(stocked, "/ogc/collections/all/items", accept="application/geo+json")
    body = r.get_json()
    assert r.mimetype == "application/geo+json"
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == 3 and body["numberReturned"] == len(body["features"]) == 3
    dt.datetime.fromisoformat(body["timeStamp"].replace("Z", "+00:00"))
    assert rels(body["links"], "self") and rels(body["links"], "alternate")


def test_req_core_fc_limit_definition_and_response_with_next_links(stocked):
    seen = []
    url = "/ogc/collections/all/items?limit=2"
    while url:
        body = get_json(stocked, url, accept="application/geo+json").get_json()
        assert body["numberReturned"] <= 2 and body["numberMatched"] == 3
        seen += [f["id"] for f in body["features"]]
        nxt = rels(body["links"], "next")
        url = nxt[0]["href"].replace("http://localhost", "") if nxt else None
    assert len(seen) == len(set(seen)) == 3
    default = get_json(stocked, "/ogc/collections/all/items").get_json()
    assert default["numberReturned"] <= 10


def test_req_core_fc_bbox_definition_and_response(stocked):
    body = get_json(stocked, "/ogc/collections/all/items?bbox=35,33,39,36").get_json()
    assert [f["properties"]["place_resolved"] for f in body["features"]] == ["Homs"]
    six = get_json(stocked, "/ogc/collections/all/items?bbox=35,33,-100,39,36,100").get_json()
    assert six["numberMatched"] == 1


@pytest.mark.parametrize("value, expect", [
    ("2024-03-01", 1), ("2024-03-01T12:00:00Z", 1), ("2024-01-01/..", 2), ("../2024-01-01", 1),
    ("2024-02-01T00:00:00Z/2024-02-29T23:59:59Z", 1), ("2030-01-01/..", 0),
])
def test_req_core_fc_time_definition_and_response(stocked, value, expect):
    body = get_json(stocked, "/ogc/collections/all/items?datetime=" + value).get_json()
    assert body["numberMatched"] == expect, value


def test_req_core_f_op_success_and_404(stocked):
    first = get_json(stocked, "/ogc/collections/all/items").get_json()["features"][0]
    r = get_json(stocked, f"/ogc/collections/all/items/{first['id']}", accept="application/geo+json")
    feature = r.get_json()
    assert r.mimetype == "application/geo+json"
    assert feature["type"] == "Feature" and feature["id"] == first["id"]
    assert rels(feature["links"], "self") and rels(feature["links"], "collection")
    assert stocked.get("/ogc/collections/all/items/99999").status_code == 404
    assert stocked.get("/ogc/collections/all/items/abc").status_code == 404
    other = "clashes" if feature["properties"]["category"] != "clash" else "strikes"
    assert stocked.get(f"/ogc/collections/{other}/items/{first['id']}").status_code == 404


def test_req_geojson_content(stocked):
    body = get_json(stocked, "/ogc/collections/all/items", accept="application/geo+json").get_json()
    for feature in body["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["id"], int)


def test_filters_of_the_page_work_on_items(stocked):
    body = get_json(stocked, "/ogc/collections/all/items?country=SY&category=clash").get_json()
    assert [f["properties"]["category"] for f in body["features"]] == ["clash"]


@pytest.mark.parametrize("url", ["/ogc/", "/ogc/conformance", "/ogc/collections", "/ogc/collections/all",
                                 "/ogc/collections/all/items", "/ogc/api"])
def test_html_conformance_class(stocked, url):
    by_accept = stocked.get(url, headers={"Accept": "text/html"})
    by_f = stocked.get(url + "?f=html")
    for r in (by_accept, by_f):
        assert r.status_code == 200 and r.mimetype == "text/html"
    assert stocked.get(url + "?f=json", headers={"Accept": "text/html"}).mimetype != "text/html"


def test_a_real_client_reads_the_api(live_server):
    """OWSLib's OGC API - Features client against the running server (the seed is loaded)."""
    from owslib.ogcapi.features import Features

    api = Features(live_server + "/ogc/")
    assert CORE in api.conformance()["conformsTo"]
    assert "strikes" in [c["id"] for c in api.collections()["collections"]]
    items = api.collection_items("all", limit=100)
    assert items["numberMatched"] == len(items["features"]) >= 4
    strikes = api.collection_items("strikes", bbox=[44.2, 33.2, 44.6, 33.5])  # Baghdad, not Iraq's country point (33 N 44 E)
    assert [f["properties"]["place_resolved"] for f in strikes["features"]] == ["Baghdad"]
