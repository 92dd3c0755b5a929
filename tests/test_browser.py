"""The map page in a real headless Chromium, with every request outside the app blocked."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.request import urlopen

import pytest

CHROMIUM = os.environ.get("INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "instance" / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}; `apt-get install chromium` to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    outside = []

    def only_our_app(route):
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_our_app)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    pg.outside_requests = outside
    pg.js_errors = errors
    yield pg
    context.close()


def load(page, url):
    page.goto(url)
    # A locator, not wait_for_function: the page's CSP forbids evaluating strings.
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)


def test_map_shows_every_incident_offline(page, live_server):
    load(page, live_server + "/")
    assert page.evaluate("typeof L") == "object"
    expected = json.load(urlopen(live_server + "/layers/all.geojson"))["features"]
    assert len(expected) >= 5
    assert page.locator("path.incident-marker").count() == len(expected)
    control = page.locator(".leaflet-control-layers")
    assert control.count() == 1
    for label in ("Strikes", "Attacks", "Country outlines"):
        assert control.get_by_text(label, exact=False).count() >= 1
    assert page.locator(".legend li").count() >= 2
    assert page.js_errors == []
    assert page.outside_requests == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"))


def test_popup_shows_the_incident(page, live_server):
    load(page, live_server + "/")
    # Tower 22 lies in north-east Jordan; open its popup through Leaflet itself.
    page.evaluate("""() => {
        const map = window.incidentMap.map;
        map.eachLayer(l => { if (l.feature && l.feature.properties.place_resolved === 'Tower 22') l.openPopup(); });
    }""")
    popup = page.locator(".incident-popup")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert "attack" in text and "2024-01-28" in text and "Tower 22" in text and "JO" in text
    assert "Killed" in text and "3" in text


def test_toggling_a_layer_hides_its_markers(page, live_server):
    load(page, live_server + "/")
    before = page.locator("path.incident-strike").count()
    assert before > 0
    page.locator(".leaflet-control-layers label", has_text="Strikes").locator("input").uncheck()
    assert page.locator("path.incident-strike").count() == 0
    assert page.locator("path.incident-attack").count() > 0


def test_form_ingest_puts_markers_on_the_map(page, live_server):
    load(page, live_server + "/")
    before = page.locator("path.incident-marker").count()
    page.fill("textarea[name=text]", "Gunmen attacked a police checkpoint in Kirkuk on Sunday, killing four officers.")
    page.fill("input[name=published]", "2023-09-18")
    with page.expect_navigation(url="**/?added=*"):
        page.click("button[type=submit]")
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    assert "added: 1 incident" in page.locator(".notice").inner_text()
    assert page.locator("path.incident-marker").count() == before + 1


def test_article_markup_never_runs(page, live_server):
    hostile = {
        "title": "<img src=x onerror=alert(1)>",
        "url": "https://example.org/<script>alert(2)</script>",
        "published": "2023-09-18",
        "text": ("<script>alert(3)</script> Gunmen attacked a checkpoint in Kirkuk on Sunday "
                 "</script><img src=x onerror=\"document.body.dataset.pwned=1\"> killing four officers. `${alert(4)}`"),
    }
    import urllib.request

    req = urllib.request.Request(live_server + "/api/articles", data=json.dumps(hostile).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as r:
        assert r.status == 201
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    load(page, live_server + "/")
    page.evaluate("""() => window.incidentMap.map.eachLayer(l => {
        if (l.feature && l.feature.properties.place_resolved === 'Kirkuk') l.openPopup(); })""")
    page.locator(".incident-popup").wait_for(timeout=5000)
    assert "onerror" in page.locator(".incident-popup").inner_text()  # shown as text
    assert dialogs == []
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator(".incident-popup img, .incident-popup script").count() == 0
