"""The map page in a real headless Chromium, with every request outside the app blocked."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import quote
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


# The servers of these tests listen on loopback; every other request is blocked and recorded.
LOCAL = "http://127.0.0.1:"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    outside = []

    def only_our_app(route):
        if route.request.url.startswith(LOCAL):
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


def features(live_server, query=""):
    return json.load(urlopen(live_server + "/layers/all.geojson" + query))["features"]


def shown(page) -> int:
    return int(page.locator("body").get_attribute("data-markers"))


def drag_on_the_histogram(page, to: float) -> None:
    """Drag across the time histogram from its first bar to ``to`` (a share of its width)."""
    svg = page.locator("#timeline svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * to, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()


def incident_id(live_server, place):
    return next(f["id"] for f in features(live_server) if f["properties"]["place_resolved"] == place)


def open_popup(page, live_server, place):
    load(page, f"{live_server}/?incident={incident_id(live_server, place)}")
    popup = page.locator(".incident-popup[data-incident]")
    popup.wait_for(timeout=10000)
    return popup


def test_map_shows_every_incident_offline(page, seeded_site):
    load(page, seeded_site + "/")
    assert page.evaluate("typeof L") == "object" and page.evaluate("typeof L.markerClusterGroup") == "function"
    expected = features(seeded_site)
    assert len(expected) >= 5
    assert shown(page) == len(expected)
    # every incident is drawn, alone or inside a numbered cluster (once zoom animations settle)
    drawn = None
    for _ in range(50):
        drawn = page.locator(".incident-marker").count() + sum(int(t) for t in page.locator(".cluster-disc").all_inner_texts())
        if drawn == len(expected):
            break
        page.wait_for_timeout(100)
    assert drawn == len(expected)
    control = page.locator(".leaflet-control-layers")
    assert control.count() == 1
    for label in ("Strikes", "Attacks", "Country outlines"):
        assert control.get_by_text(label, exact=False).count() >= 1
    assert page.locator(".legend li").count() >= 2
    assert page.locator("#timeline rect").count() >= 1
    assert page.js_errors == []
    assert page.outside_requests == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"))


def test_popup_shows_the_incident_with_its_sentence_marked(page, seeded_site):
    popup = open_popup(page, seeded_site, "Tower 22")
    text = popup.inner_text()
    assert "attack" in text and "2024-01-28" in text and "Tower 22" in text and "JO" in text
    assert "Killed" in text and "3" in text
    assert "From: " in text and "published 20" in text  # the report it was read from
    assert popup.locator("blockquote mark.ev-trigger").count() >= 1
    assert popup.locator("blockquote mark").count() >= 2  # the toll and who were hit, too
    link = popup.locator("a", has_text="Article #")
    with page.expect_navigation():
        link.click()
    assert page.locator("#article-text mark.place", has_text="Tower 22").count() >= 1
    assert page.js_errors == []


def test_toggling_a_layer_hides_its_markers(page, seeded_site):
    load(page, seeded_site + "/")
    strikes = page.locator(".incident-strikes, .cluster-strikes")
    assert strikes.count() > 0
    page.locator(".leaflet-control-layers label", has_text="Strikes").locator("input").uncheck()
    assert strikes.count() == 0
    assert page.locator(".incident-attacks, .cluster-attacks").count() > 0
    page.locator(".leaflet-control-layers label", has_text="Strikes").locator("input").check()
    assert strikes.count() > 0


def test_a_filter_changes_the_count_and_the_url(page, seeded_site):
    load(page, seeded_site + "/")
    total = shown(page)
    page.locator("#filters input[name=category][value=attack]").check()
    with page.expect_navigation(url="**/?category=attack"):
        page.locator("#filters button[type=submit]").click()
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    attacks = features(seeded_site, "?category=attack")
    assert 0 < shown(page) == len(attacks) < total
    assert page.locator("#shown-count").inner_text() == str(len(attacks))
    # the download links carry the same filter
    hrefs = page.locator("a.dl").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all("category=attack" in h for h in hrefs)
    load(page, seeded_site + "/?country=NZ")  # a filter nothing matches says so
    assert shown(page) == 0 and page.locator("#timeline .empty", has_text="No incident matches").count() == 1
    # several countries at once, and dates typed as ISO days whatever the browser's locale
    load(page, seeded_site + "/")
    countries = sorted({f["properties"]["country"] for f in features(seeded_site) if f["properties"]["country"]})[:2]
    page.locator("#filters select[name=country]").select_option(countries)
    since = page.locator("#filters input[name=since]")
    assert since.get_attribute("placeholder") == "YYYY-MM-DD"
    since.fill("2024-01-01")
    with page.expect_navigation(url=f"**/?since=2024-01-01&country={countries[0]}&country={countries[1]}"):
        page.locator("#filters button[type=submit]").click()
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    both = features(seeded_site, f"?since=2024-01-01&country={','.join(countries)}")
    assert shown(page) == len(both) and {f["properties"]["country"] for f in both} == set(countries)


def test_words_filter_the_map_and_the_summary_gives_the_tolls(page, seeded_site):
    everything = json.load(urlopen(seeded_site + "/api/summary"))
    load(page, seeded_site + "/")
    summary = page.locator("#toll-summary").inner_text()
    assert f"{everything['fatalities']} killed" in summary and f"{everything['injured']} injured" in summary
    # words of an incident's place, typed in the filter form, narrow the map to it
    place = features(seeded_site)[0]["properties"]["place_resolved"]
    page.locator("#filters input[name=q]").fill(place)
    with page.expect_navigation(url="**/?q=*"):
        page.locator("#filters button[type=submit]").click()
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    matching = features(seeded_site, "?q=" + quote(place))
    assert 0 < shown(page) == len(matching) <= len(features(seeded_site))
    assert page.locator("#toll-summary").inner_text().startswith("Selected")


def test_finding_a_place_moves_the_map_there(page, seeded_site):
    load(page, seeded_site + "/")
    page.locator("#place-search").fill("Kharkiv")
    choice = page.locator("#place-results button", has_text="Kharkiv").first
    choice.wait_for(timeout=10000)
    choice.click()
    # the map flies there: Kharkiv (50.0 N, 36.2 E) ends up at its centre, zoomed in to a town
    page.locator("body[data-flown-to='Kharkiv']").wait_for(state="attached", timeout=10000)
    centre = page.evaluate("() => { const c = window.incidentMap.map.getCenter(); return [c.lat, c.lng, window.incidentMap.map.getZoom()]; }")
    assert abs(centre[0] - 50.0) < 0.2 and abs(centre[1] - 36.23) < 0.2 and centre[2] >= 10
    assert not page.outside_requests  # the gazetteer is ours: nothing asked of the internet
    page.locator("#place-search").fill("Qqqzzx")
    page.locator("#place-results", has_text="No place of that name").wait_for(timeout=10000)


def test_on_a_phone_the_map_is_full_width_and_a_shared_incident_opens_in_view(browser, seeded_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL) else route.abort())
    pg = context.new_page()
    try:
        wanted = next(f for f in features(seeded_site) if f["properties"]["geo_precision"] == 1)
        load(pg, f"{seeded_site}/?incident={wanted['id']}")
        popup = pg.locator(".leaflet-popup")
        popup.wait_for(timeout=10000)
        pane = pg.locator(".map-pane").bounding_box()
        assert pane["width"] == 390 and pane["height"] > 400  # not a strip beside the sidebar
        box = None
        for _ in range(50):  # the map pans the popup into view (an animation): wait until it stays
            pg.wait_for_timeout(150)
            before, box = box, popup.bounding_box()
            if before == box:
                break
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] >= 0
        assert box["y"] + box["height"] <= pane["y"] + pane["height"]
        # the layer list is folded behind its button, clear of the popup's close button
        layers = pg.locator(".leaflet-control-layers")
        assert "leaflet-control-layers-expanded" not in layers.get_attribute("class")
        close = pg.locator(".leaflet-popup-close-button").bounding_box()
        button = layers.bounding_box()
        assert close["y"] >= button["y"] + button["height"] or close["x"] + close["width"] <= button["x"]
        pg.locator(".leaflet-control-layers-toggle").click()
        assert "leaflet-control-layers-expanded" in layers.get_attribute("class")
        # pinch-zoom is allowed
        assert "user-scalable=no" not in pg.locator("meta[name=viewport]").first.get_attribute("content")
        assert pg.locator("meta[name=viewport]").count() == 1
        # the map is the whole screen; the filters and the rest are in a drawer over it
        assert pane["height"] == 844 and not pg.locator("#filters").is_visible()
        pg.locator("#drawer-toggle").click()
        pg.locator("#filters").wait_for(state="visible", timeout=5000)
        pg.wait_for_timeout(300)  # (it slides in)
        drawer = pg.locator("#sidebar").bounding_box()
        assert drawer["x"] == 0 and drawer["width"] <= 360
        pg.screenshot(path=str(ARTIFACTS / "phone-drawer.png"))
        drag_on_the_histogram(pg, 0.6)  # the histogram takes a window dragged by a finger too
        assert pg.locator("#time-label").inner_text() != "All dates" and "window=" in pg.url
        pg.keyboard.press("Escape")
        pg.locator("#filters").wait_for(state="hidden", timeout=5000)
    finally:
        context.close()


def test_the_offline_base_map_names_places_as_text(page, seeded_site):
    load(page, seeded_site + "/")
    labels = page.locator(".place-label span")
    labels.first.wait_for(timeout=10000)
    names = set(labels.all_inner_texts())
    assert "IRAQ" in {n.upper() for n in names}  # countries, as text a screen reader can read
    page.evaluate("() => window.incidentMap.map.setView([33.3, 44.4], 9)")
    page.locator(".place-label-city span", has_text="Baghdad").first.wait_for(timeout=10000)
    assert not page.outside_requests


def test_the_base_map_choice_is_kept_in_the_url(page, seeded_site):
    load(page, seeded_site + "/?basemap=osm")
    osm = page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").locator("input")
    assert osm.is_checked()  # (its tiles are refused here: the test browser is offline)
    page.locator(".leaflet-control-layers-base label", has_text="Offline map").locator("input").check()
    page.wait_for_url("**/?basemap=offline")
    load(page, seeded_site + "/")
    assert page.locator(".leaflet-control-layers-base label", has_text="Offline map").locator("input").is_checked()
    assert not page.outside_requests  # offline by default: no tile is asked for


def test_the_time_slider_hides_later_incidents(page, seeded_site):
    load(page, seeded_site + "/")
    days = sorted({f["properties"]["date"] for f in features(seeded_site) if f["properties"]["date"]})
    assert len(days) >= 2
    slider = page.locator("#time-slider")
    slider.fill("0")  # the first day only
    first_day = sum(1 for f in features(seeded_site) if f["properties"]["date"] == days[0])
    page.locator(f"body[data-markers='{first_day}']").wait_for(state="attached", timeout=5000)
    assert page.locator("#time-label").inner_text() == "Up to " + days[0]
    assert page.locator("#timeline rect.later").count() >= 1
    slider.fill(str(len(days) - 1))
    page.locator(f"body[data-markers='{len(features(seeded_site))}']").wait_for(state="attached", timeout=5000)
    page.locator("#play").click()  # plays from the start to the end
    page.locator("#time-label", has_text="All dates").wait_for(timeout=15000)


def test_a_window_of_time_dragged_on_the_histogram_is_kept_in_the_url(page, seeded_site):
    load(page, seeded_site + "/")
    dated = sorted(f["properties"]["date"] for f in features(seeded_site) if f["properties"]["date"])
    drag_on_the_histogram(page, 0.5)  # from the first bar to the middle: a window from the first day
    label = page.locator("#time-label").inner_text()
    assert label.startswith("Up to ") or " to " in label, label
    end = label.split()[-1]
    inside = sum(1 for d in dated if d <= end)
    page.locator(f"body[data-markers='{inside}']").wait_for(state="attached", timeout=5000)
    assert "window=" in page.url and page.locator("#time-clear").is_visible()
    # a window between two days, from the URL: the same markers after a reload
    frm, to = dated[1], dated[-2]
    load(page, f"{seeded_site}/?window={frm}..{to}")
    expected = sum(1 for d in dated if frm <= d <= to)
    page.locator(f"body[data-markers='{expected}']").wait_for(state="attached", timeout=5000)
    assert page.locator("#time-label").inner_text() == f"{frm} to {to}"
    page.locator("#time-step").select_option("day")
    page.locator("#time-speed").select_option("150")
    page.locator("#play").click()  # the window moves a day at a time to the end
    page.locator("#play[aria-label='Play']").wait_for(timeout=15000)
    assert page.locator("#time-label").inner_text().endswith(dated[-1])
    page.locator("#time-clear").click()
    page.locator(f"body[data-markers='{len(features(seeded_site))}']").wait_for(state="attached", timeout=5000)
    assert "window=" not in page.url and page.locator("#time-label").inner_text() == "All dates"
    assert page.js_errors == []


def test_an_analyst_correction_persists_after_reload(page, live_server):
    popup = open_popup(page, live_server, "Tower 22")
    incident = popup.get_attribute("data-incident")
    popup.locator("button", has_text="Correct").click()
    form = page.locator("form.review")
    form.locator("input[name=fatalities]").fill("4")
    form.locator("input[name=actor2]").fill("US forces")
    form.locator("select[name=sub_type]").select_option("Remote explosive/landmine/IED")
    form.locator("input[name=place_resolved]").fill("Tower 22 outpost")
    form.locator("select[name=geo_precision]").select_option("2")
    form.locator("button[type=submit]").click()
    page.locator(f"body[data-saved='{incident}']").wait_for(state="attached", timeout=10000)
    page.reload()
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    popup = page.locator(".incident-popup[data-incident]")
    popup.wait_for(timeout=10000)
    text = popup.inner_text()
    assert "Killed\n4" in text or "Killed\t4" in text
    assert "US forces" in text and "Reviewed" in text and "last by analyst (local)" in text
    assert "Remote explosive/landmine/IED" in text and "Tower 22 outpost" in text and "near the place" in text
    # the popup takes the change back
    popup.locator("button", has_text="Undo last change").click()
    page.locator("#map-status", has_text="last change undone").wait_for(timeout=10000)
    restored = json.load(urlopen(f"{live_server}/api/incidents/{incident}"))
    assert restored["fatalities"] == 3 and restored["place_resolved"] != "Tower 22 outpost"
    # and the review queue no longer lists it (an analyst has looked at it), the others it does
    page.goto(live_server + "/review")
    listed = page.locator("#review-queue li.queue-item")
    assert incident not in [listed.nth(i).get_attribute("data-incident") for i in range(listed.count())]
    assert listed.count() == len(features(live_server)) - 1


def test_rejecting_removes_the_marker_and_every_count_follows(page, live_server):
    popup = open_popup(page, live_server, "Tower 22")  # an attack
    before = shown(page)
    attacks = int(page.locator('.leaflet-control-layers .count[data-layer="attacks"]').inner_text())
    popup.locator("button", has_text="Reject").click()
    # (generous: on a loaded 2-core runner the reload of every layer can take seconds)
    page.locator(f"body[data-markers='{before - 1}']").wait_for(state="attached", timeout=30000)
    page.locator("#all-count", has_text=str(before - 1)).wait_for(timeout=30000)  # "of N incidents"
    assert page.locator('.leaflet-control-layers .count[data-layer="attacks"]').inner_text() == str(attacks - 1)
    assert page.locator('.legend .count[data-layer="attacks"]').inner_text() == str(attacks - 1)


def test_an_unticked_layer_leaves_the_shown_count(page, seeded_site):
    load(page, seeded_site + "/")
    before = shown(page)
    strikes = int(page.locator('.leaflet-control-layers .count[data-layer="strikes"]').inner_text())
    assert strikes > 0
    page.locator(".leaflet-control-layers label", has_text="Strikes").locator("input").uncheck()
    page.locator(f"body[data-markers='{before - strikes}']").wait_for(state="attached", timeout=5000)
    assert page.locator("#shown-count").inner_text() == str(before - strikes)
    page.locator(".leaflet-control-layers label", has_text="Strikes").locator("input").check()
    page.locator(f"body[data-markers='{before}']").wait_for(state="attached", timeout=5000)


@pytest.mark.parametrize("query", ["", "?country=IQ"])
def test_every_download_link_gives_a_file_geopandas_reads(page, seeded_site, tmp_path, query):
    import geopandas as gpd
    import pandas as pd

    load(page, seeded_site + "/" + query)
    links = page.locator("a.dl")
    assert links.count() == 5 * 5 + 1  # five layers in five formats, and the ACLED CSV
    for i in range(links.count()):
        link = links.nth(i)
        layer, ext = link.get_attribute("data-layer"), link.get_attribute("data-ext")
        link.scroll_into_view_if_needed()  # a click while the sidebar still scrolls can miss
        page.wait_for_timeout(50)
        with page.expect_download() as info:
            link.click()
        path = tmp_path / f"{i}-{info.value.suggested_filename}"
        info.value.save_as(path)
        if ext == "csv":
            frame = pd.read_csv(path)
        elif ext == "parquet":
            frame = gpd.read_parquet(path)
        else:
            frame = gpd.read_file(path) if path.stat().st_size > 0 else []
        category = "" if layer == "all" else ("&" if query else "?") + f"category={layer[:-1] if layer != 'clashes' else 'clash'}"
        expected = len(features(seeded_site, query + category))
        assert len(frame) == expected, (layer, ext)


def test_form_ingest_and_upload_put_markers_on_the_map(page, live_server, tmp_path):
    load(page, live_server + "/")
    before = shown(page)
    page.fill("textarea[name=text]", "Gunmen attacked a police checkpoint in Kirkuk on Sunday, killing four officers.")
    page.fill("input[name=published]", "2023-09-18")
    with page.expect_navigation(url="**/?added=*"):
        page.click("#add-article button[type=submit]")
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    assert "added: 1 incident" in page.locator(".notice").inner_text()
    assert shown(page) == before + 1
    # the map opens on the new incident
    popup = page.locator(".incident-popup[data-incident]")
    popup.wait_for(timeout=10000)
    assert "Kirkuk" in popup.inner_text()
    upload = tmp_path / "report.html"
    upload.write_text("<html><body><article><p>A roadside bomb exploded near a market in Mosul on Monday, "
                      "killing three civilians, police said.</p></article></body></html>")
    page.locator("#add-article input[type=file]").set_input_files(str(upload))
    page.fill("input[name=published]", "2023-10-04")
    with page.expect_navigation(url="**/?added=*"):
        page.click("#add-article button[type=submit]")
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    assert shown(page) == before + 2


def test_adding_an_article_says_it_is_being_read(page, live_server):
    load(page, live_server + "/")
    button = page.locator("#add-article button[type=submit]")
    assert button.is_enabled() and button.inner_text() == "Find incidents"
    # the form's submit event as the browser fires it (a dispatched event sends nothing, so the
    # page stays to be looked at while the article would be read)
    page.evaluate("() => document.getElementById('add-article').dispatchEvent(new Event('submit', { cancelable: true }))")
    assert button.is_disabled() and button.inner_text() == "Reading the article…"
    assert page.locator("#add-article").get_attribute("aria-busy") == "true"


def test_an_implausible_toll_is_flagged_in_the_popup(page, live_server):
    body = json.dumps({"text": "Rebels attacked a market in Kano on Monday, killing 2,500 people.",
                       "published": "2024-03-14"}).encode()
    from urllib.request import Request
    with urlopen(Request(live_server + "/api/articles", data=body, headers={"Content-Type": "application/json"})) as r:
        (incident,) = json.load(r)["incidents"]
    assert incident["flags"]["fatalities"] and incident["field_confidence"]["fatalities"] <= 0.2
    popup = open_popup(page, live_server, "Kano")
    flags = popup.locator("ul.flags")
    assert flags.is_visible() and "the number killed" in flags.inner_text()
    page.wait_for_timeout(300)  # the popup fades in
    page.screenshot(path=str(ARTIFACTS / "flagged-toll.png"))


def test_incidents_of_two_layers_at_one_spot_share_one_cluster(page, live_server):
    from urllib.request import Request
    for text, day in (("An air strike hit a warehouse in Kassala on Monday, killing two guards.", "2024-05-06"),
                      ("Gunmen attacked a bus station in Kassala on Tuesday, wounding five people.", "2024-05-07")):
        body = json.dumps({"text": text, "published": day}).encode()
        with urlopen(Request(live_server + "/api/articles", data=body, headers={"Content-Type": "application/json"})) as r:
            assert {i["category"] for i in json.load(r)["incidents"]} <= {"strike", "attack"}
    load(page, live_server + "/")
    page.evaluate("() => window.incidentMap.map.setView([15.45, 36.4], 7, { animate: false })")
    disc = page.locator(".incident-cluster .cluster-disc[title='1 strikes, 1 attacks']")
    disc.wait_for(timeout=10000)
    assert disc.inner_text() == "2"
    # both at one spot: a click lists them instead of zooming, and each opens its own popup
    disc.click()
    spot = page.locator(".spot-list")
    spot.wait_for(timeout=5000)
    assert spot.locator("h3").inner_text() == "2 incidents here" and spot.locator("li").count() == 2
    spot.locator("button", has_text="2024-05-07").click()
    page.locator(".incident-popup[data-incident]", has_text="Kassala").wait_for(timeout=10000)
    # the heat map follows what is shown
    page.keyboard.press("Escape")
    page.locator(".leaflet-control-layers-overlays label", has_text="Heat map").locator("input").check()
    page.locator("canvas.leaflet-heatmap-layer").wait_for(state="attached", timeout=5000)
    assert page.locator("body").get_attribute("data-heat-points") == page.locator("body").get_attribute("data-markers")
    page.screenshot(path=str(ARTIFACTS / "heat.png"))
    # unticking one layer leaves the other's incident alone, no longer in a cluster
    page.locator(".leaflet-control-layers-overlays label", has_text="Attacks").locator("input").uncheck()
    page.locator(".incident-marker.incident-strikes[title*='2024-05-06']").wait_for(timeout=10000)
    assert page.locator(".incident-marker[title*='2024-05-07']").count() == 0  # the attack is hidden
    assert int(page.locator("body").get_attribute("data-heat-points")) == int(page.locator("body").get_attribute("data-markers"))


def test_a_comparison_layer_is_drawn(page, live_server, tmp_path):
    load(page, live_server + "/")
    theirs = tmp_path / "theirs.geojson"
    theirs.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"note": "<img src=x onerror=alert(5)>"},
         "geometry": {"type": "Point", "coordinates": [44.4, 33.3]}}]}))
    form = page.locator("#import-layer")
    form.locator("input[type=file]").set_input_files(str(theirs))
    form.locator("input[name=name]").fill("<b>Their</b> layer")
    with page.expect_navigation(url="**/?imported=*"):
        form.locator("button[type=submit]").click()
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
    assert page.locator(".comparison-marker").count() == 1
    assert page.locator(".leaflet-control-layers", has_text="Imported: <b>Their</b> layer").count() == 1


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
        body = json.load(r)
        assert r.status == 201
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    popup = open_popup(page, live_server, "Kirkuk")
    assert "onerror" in popup.inner_text()  # shown as text
    assert popup.locator("img, script").count() == 0
    for url, shown_text in ((f"/articles/{body['article_id']}", "onerror"), ("/table", "Kirkuk"),
                            ("/ogc/collections/all/items?f=html", "onerror")):
        page.goto(live_server + url)
        assert shown_text in page.locator("body").inner_text()
        assert page.locator("img[src=x], body script").count() == 0
    assert dialogs == []
    assert page.evaluate("document.body.dataset.pwned") is None


def test_an_analyst_can_move_an_incident_by_dragging(page, live_server):
    popup = open_popup(page, live_server, "Tower 22")
    incident = popup.get_attribute("data-incident")
    before = json.load(urlopen(f"{live_server}/api/incidents/{incident}"))
    popup.locator("button", has_text="Correct").click()
    page.locator("form.review button", has_text="Move on map").click()
    box = page.locator(".incident-marker[title*='2024-01-28']").bounding_box()  # Tower 22's date
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    page.locator(f"body[data-saved='{incident}']").wait_for(state="attached", timeout=10000)
    after = json.load(urlopen(f"{live_server}/api/incidents/{incident}"))
    assert after["lon"] > before["lon"] and after["lat"] < before["lat"]  # east and south, as dragged
    assert {c["field"] for c in after["corrections"]} == {"lat", "lon"}


def disc_total(discs) -> int:
    """The counts of the cluster discs drawn now, read at once: the view is redrawn while a test
    reads it, and a disc read one by one may be gone by the time it is asked for."""
    return sum(int(text.replace(",", "")) for text in discs.all_inner_texts())


def test_a_large_store_is_drawn_view_by_view(browser, tmp_path):
    """Above WHOLE_MAP_MOST the page asks for each view: counts per grid cell where the view holds
    more than VIEW_POINTS_MOST, the incidents once zoomed in; the slider and counts still work."""
    from .conftest import SEED, SEED_PUBLISHED, Server, flask_cli

    flask_cli(tmp_path, "ingest", str(SEED), "--published", SEED_PUBLISHED.isoformat())
    server = Server(tmp_path, env={"INCIDENT_MAP_WHOLE_MAP_MOST": "1", "INCIDENT_MAP_VIEW_POINTS_MOST": "1"})
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.base) else route.abort())
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        everything = features(server.base)
        load(pg, server.base + "/")
        assert pg.locator("body").get_attribute("data-view-mode") == "cells"
        discs = pg.locator(".incident-cluster .cluster-disc")
        assert disc_total(discs) == len(everything)
        assert shown(pg) == len(everything)
        days = sorted({f["properties"]["date"] for f in everything if f["properties"]["date"]})
        pg.locator("#time-slider").fill("0")  # the first day only: the counts come from the server
        first_day = sum(1 for f in everything if f["properties"]["date"] == days[0])
        pg.locator(f"body[data-markers='{first_day}']").wait_for(state="attached", timeout=5000)
        pg.locator("#time-slider").fill(str(len(days) - 1))
        pg.locator(f"body[data-markers='{len(everything)}']").wait_for(state="attached", timeout=5000)
        # an unticked layer leaves the shown count and the cells, and keeps its own count
        strikes = sum(1 for f in everything if f["properties"]["category"] == "strike")
        pg.locator(".leaflet-control-layers label", has_text="Strikes").locator("input").uncheck()
        pg.locator(f"body[data-markers='{len(everything) - strikes}']").wait_for(state="attached", timeout=5000)
        for _ in range(50):  # (the view is asked again after a pause, and drawn when it comes)
            if disc_total(discs) == len(everything) - strikes:
                break
            pg.wait_for_timeout(100)
        assert disc_total(discs) == len(everything) - strikes
        assert pg.locator('.leaflet-control-layers .count[data-layer="strikes"]').inner_text() == str(strikes)
        # a shared incident: the map goes there, draws that view's incidents and opens it
        wanted = next(f for f in everything if f["properties"]["geo_precision"] == 1)
        load(pg, f"{server.base}/?incident={wanted['id']}")
        pg.locator(f".incident-popup[data-incident='{wanted['id']}']").wait_for(timeout=10000)
        assert pg.locator("body").get_attribute("data-view-mode") == "points"
        assert not errors
    finally:
        context.close()
        server.stop()


def test_latest_list_shows_new_incidents_without_reload(page, live_server):
    import urllib.request

    load(page, live_server + "/")
    latest = page.locator("#latest-list li[data-incident]")
    latest.first.wait_for(timeout=10000)
    before = latest.count()
    assert before >= 1 and page.locator("#latest-list li.fresh").count() == 0
    body = json.dumps({"text": "A drone strike hit a fuel depot in Kirkuk, Iraq, on Monday, killing two guards, "
                               "police said.", "published": "2024-06-04"}).encode()
    request = urllib.request.Request(live_server + "/api/articles", data=body,
                                     headers={"Content-Type": "application/json"})
    with urlopen(request) as r:
        (incident,) = json.load(r)["incidents"]
    fresh = page.locator(f"#latest-list li.fresh[data-incident='{incident['id']}']")
    fresh.wait_for(timeout=30000)  # (the list asks every 10 s)
    assert "Kirkuk" in fresh.inner_text() and page.evaluate("performance.navigation.type") == 0
    fresh.locator("a").click()  # not on the map when the page loaded: the layers are read again first
    page.locator(f".incident-popup[data-incident='{incident['id']}']").wait_for(timeout=15000)
    assert page.js_errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "latest.png"))


def test_feeds_page_on_a_laptop_and_a_phone(browser, live_server):
    import urllib.request

    request = urllib.request.Request(live_server + "/api/feeds", data=json.dumps(
        {"url": "https://feeds.example.org/world.rss", "interval": 900}).encode(),
        headers={"Content-Type": "application/json"})
    urlopen(request).close()
    for name, size in (("laptop", {"width": 1400, "height": 860}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=size)
        pg = context.new_page()
        pg.goto(live_server + "/feeds?bbox=42,34.5,45,37&category=strike")
        assert "feeds.example.org/world.rss" in pg.locator("#feed-list").inner_text()
        assert "waiting for its first poll" in pg.locator("#feed-list").inner_text()
        assert pg.locator("#add-area input[name=bbox]").input_value() == "42,34.5,45,37"
        pg.fill("#add-area input[name=name]", "Northern Iraq strikes")
        with pg.expect_navigation():
            pg.click("#add-area button[type=submit]")
        card = pg.locator(".area-card")
        assert "Northern Iraq strikes" in card.inner_text() and "category strike" in card.inner_text()
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"] + 1, f"the page scrolls sideways on a {name}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"feeds-{name}.png"), full_page=True)
        with pg.expect_navigation():
            pg.click(".area-card button")  # (leave the next size a page without it)
        assert pg.locator(".area-card").count() == 0
        context.close()


def test_no_serious_accessibility_violations_on_any_page(browser, seeded_site):
    """axe-core (the npm package's axe.min.js, as the axe-playwright-python wheel ships it) on every
    page people use, at laptop and phone sizes: no serious or critical violation."""
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    found = []
    for size in ({"width": 1400, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(viewport=size, bypass_csp=True)  # (axe is injected as a script)
        pg = context.new_page()
        for path in ("/", f"/?incident={features(seeded_site)[0]['id']}", "/table", "/articles/1", "/feeds",
                     "/review", "/ogc/"):
            pg.goto(seeded_site + path)
            if path.startswith("/?"):
                pg.locator(".incident-popup[data-incident]").wait_for(timeout=15000)
                pg.wait_for_timeout(400)  # (the popup fades in: its colours are faint until then)
            elif path == "/":
                pg.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=30000)
            pg.add_script_tag(content=axe)
            result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            found += [(size["width"], path, v["id"], v["nodes"][0]["target"]) for v in result["violations"]
                      if v["impact"] in ("serious", "critical")]
        context.close()
    assert found == []
