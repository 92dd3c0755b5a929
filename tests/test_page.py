"""The map page as HTML: offline assets, layers, the ingest form."""

from __future__ import annotations

import re


def csrf(client) -> str:
    """The form's CSRF token, as a browser gets it: from the page."""
    html = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_page_uses_only_local_assets(client):
    html = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    assert all(u.startswith("/") or u == "data:," for u in urls), [u for u in urls if not u.startswith("/")]
    assert "/vendor/leaflet/leaflet.js" in urls


def test_page_has_layers_legend_and_downloads(client):
    html = client.get("/").get_data(as_text=True)
    for name in ("strikes", "attacks"):
        assert f'href="/layers/{name}.geojson"' in html
    assert 'href="/layers/all.geojson"' in html
    assert "Legend" in html
    assert "L.control.layers" in html


def test_form_adds_article_and_redirects(client):
    r = client.post("/", data={"text": "Gunmen attacked a police checkpoint in Kirkuk on Sunday, killing four officers.",
                               "title": "Checkpoint attack", "published": "2023-09-18", "csrf_token": csrf(client)})
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "added: 1 incident on the map" in page
    layers = {layer["name"]: layer["count"] for layer in client.get("/layers").get_json()}
    assert layers["attacks"] == 1


def test_form_errors_are_shown_and_keep_the_text(client):
    r = client.post("/", data={"text": "Some text", "published": "not a date", "csrf_token": csrf(client)})
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert "not a date" in page and "Some text" in page


def test_markup_in_form_errors_is_escaped(client):
    r = client.post("/", data={"text": "<script>alert(1)</script>", "published": "<b>x</b>", "csrf_token": csrf(client)})
    page = r.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_country_filter_names_countries(client, stocked):
    page = client.get("/?country=SY").get_data(as_text=True)
    assert '<option value="SY" selected>Syria</option>' in page
    assert '<option value="IQ" >Iraq</option>' in page
    assert page.index(">Iraq<") < page.index(">Syria<")  # by name
    assert "most in Syria (2)" in " ".join(client.get("/").get_data(as_text=True).split())  # the tolls' line too
