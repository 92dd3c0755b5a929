"""The first acceptance case: the seed article, ingested with its publication date."""

from __future__ import annotations

import pytest

from geo.gazetteer import distance_km

from .conftest import SEED_PUBLISHED


@pytest.fixture
def seed_incidents(client, seed_text):
    r = client.post("/api/articles", json={"text": seed_text, "published": SEED_PUBLISHED.isoformat()})
    assert r.status_code == 201, r.get_json()
    return [i for i in r.get_json()["incidents"] if not i["aggregate"]]


def near(incident, lat, lon, km):
    return distance_km(incident["lat"], incident["lon"], lat, lon) <= km


def test_drone_strike_in_baghdad(seed_incidents):
    hits = [i for i in seed_incidents if i["category"] == "strike" and near(i, 33.34, 44.40, 30)]
    assert len(hits) == 1, seed_incidents
    strike = hits[0]
    assert strike["date"] == "2024-02-07"
    assert strike["actor2"] == "Kataib Hezbollah"
    assert strike["actor1"] == "United States"
    assert strike["fatalities"] == 3
    assert strike["sub_type"] == "Air/drone strike"


def test_attack_on_tower_22(seed_incidents):
    hits = [i for i in seed_incidents if near(i, 33.32, 38.69, 15)]
    assert len(hits) == 1, seed_incidents
    attack = hits[0]
    assert attack["category"] == "attack"
    assert attack["country"] == "JO"
    assert attack["date"] == "2024-01-28"
    assert attack["fatalities"] == 3
    assert attack["geo_precision"] == 1
    assert "Tower 22" in attack["sentence"]


@pytest.mark.parametrize("country", ["SY", "IQ"])
def test_country_level_strikes(seed_incidents, country):
    hits = [i for i in seed_incidents if i["country"] == country and i["geo_precision"] == 3 and i["category"] == "strike"]
    assert hits, seed_incidents


def test_attack_at_sea_in_the_red_sea(seed_incidents):
    hits = [i for i in seed_incidents if i["place_resolved"] == "Red Sea"]
    assert len(hits) == 1
    assert hits[0]["country"] is None and hits[0]["geo_precision"] == 3
    assert hits[0]["actor1"] == "Houthis"
    assert 12 <= hits[0]["lat"] <= 28 and 33 <= hits[0]["lon"] <= 44  # the Red Sea basin


def test_background_summaries_are_not_drawn(client, seed_incidents):
    # "more than 160 times since Oct. 17" is stored as an aggregate but not shown as an event.
    layer = client.get("/layers/all.geojson").get_json()
    assert len(layer["features"]) == len(seed_incidents)
    assert all(not f["properties"].get("aggregate") for f in layer["features"])
