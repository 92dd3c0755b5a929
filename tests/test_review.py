"""Review over HTTP: corrections recorded with who and when, candidates, moves, rejections,
and corrections that survive new readings and other outlets' reports."""

from __future__ import annotations

import pytest

from tests.conftest import ARTICLES, feature_ids


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


def test_any_gazetteer_place_can_be_chosen_by_its_geonames_id(client, stocked):
    incident = stocked["strike"]
    (aleppo,) = [p for p in client.get("/api/places?q=Aleppo").get_json() if p["kind"] == "city"][:1]
    body = client.patch(f"/api/incidents/{incident}", json={"geonameid": aleppo["geonameid"]}).get_json()
    assert (body["place_resolved"], body["country"], body["geonameid"]) == ("Aleppo", "SY", aleppo["geonameid"])
    assert body["admin1"] == "Ḩalab"  # its governorate follows it
    feature = client.get(f"/ogc/collections/all/items/{incident}?f=json").get_json()
    assert feature["geometry"]["coordinates"] == [round(aleppo["lon"], 6), round(aleppo["lat"], 6)]
    assert feature["properties"]["geo_precision"] == 1
    # a province chosen is drawn as a region
    (province,) = [p for p in client.get("/api/places?q=Idlib").get_json() if p["kind"] == "admin1"][:1]
    body = client.patch(f"/api/incidents/{incident}", json={"geonameid": province["geonameid"]}).get_json()
    assert body["geo_precision"] == 3


@pytest.mark.parametrize("payload, fragment", [
    ({"geonameid": 987654321}, "no place of the gazetteer"),
    ({"geonameid": "Aleppo"}, "'geonameid' must be a GeoNames id"),
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


def test_the_place_name_precision_and_sub_type_are_corrected_within_their_vocabulary(client, stocked):
    incident = stocked["strike"]
    r = client.patch(f"/api/incidents/{incident}", json={"place_resolved": "Homs industrial zone", "geo_precision": 2,
                                                         "sub_type": "Shelling/artillery/missile attack"})
    assert r.status_code == 200, r.get_json()
    (feature,) = [f for f in client.get("/layers/strikes.geojson").get_json()["features"] if f["id"] == incident]
    assert feature["properties"]["place_resolved"] == "Homs industrial zone"
    assert feature["properties"]["geo_precision"] == 2
    assert feature["properties"]["sub_type"] == "Shelling/artillery/missile attack"
    for payload, message in (({"sub_type": "Airstrike"}, "'sub_type' must be null or one of"),
                             ({"geo_precision": 4}, "'geo_precision' must be 1"),
                             ({"place_resolved": " "}, "'place_resolved' must not be empty")):
        r = client.patch(f"/api/incidents/{incident}", json=payload)
        assert r.status_code == 400 and r.get_json()["error"].startswith(message)
    assert client.get(f"/api/incidents/{incident}").get_json()["sub_type"] == "Shelling/artillery/missile attack"


def test_undo_takes_back_the_last_change_then_the_one_before(client, stocked):
    incident = stocked["strike"]
    client.patch(f"/api/incidents/{incident}", json={"fatalities": 5, "who": "Dana"})
    client.patch(f"/api/incidents/{incident}", json={"category": "attack", "actor1": "Hezbollah", "who": "Omar"})
    r = client.post(f"/api/incidents/{incident}/undo", json={"who": "Omar"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert (body["category"], body["actor1"], body["fatalities"]) == ("strike", "Israel", 5)
    assert body["corrections"][-1]["who"] == "Omar (local) (undo)"  # the history keeps both
    body = client.post(f"/api/incidents/{incident}/undo").get_json()
    assert body["fatalities"] == 4 and body["category"] == "strike"
    assert feature_ids(client, "/layers/strikes.geojson?actor=israel") == {incident}
    r = client.post(f"/api/incidents/{incident}/undo")
    assert r.status_code == 404 and "no change to undo" in r.get_json()["error"]
    assert client.post("/api/incidents/999999/undo").status_code == 404


def test_the_review_queue_puts_flagged_and_doubtful_incidents_first(client, stocked):
    r = client.post("/api/articles", json={"text": "Gunmen attacked a market in Kano on Monday, killing 40000 "
                                                   "traders, police said.", "published": "2024-05-07"})
    flagged = next(i["id"] for i in r.get_json()["incidents"] if i["flags"])
    page = client.get("/review").get_data(as_text=True)
    ids = [int(x.split('"')[0]) for x in page.split('data-incident="')[1:]]
    assert ids[0] == flagged and set(ids) == {*stocked.values(), flagged}
    client.patch(f"/api/incidents/{flagged}", json={"fatalities": 40})  # checked: leaves the queue
    page = client.get("/review?category=clash").get_data(as_text=True)
    assert [int(x.split('"')[0]) for x in page.split('data-incident="')[1:]] == [stocked["clash"]]
    assert "1 incident no analyst has checked" in page
