"""Finding gazetteer places by name, for the page's place box and for moving an incident to any
place an analyst picks (``service.review``)."""

from __future__ import annotations

from geo.gazetteer import Gazetteer, Place

from .errors import Invalid

MAX_QUERY = 100
MAX_RESULTS = 50


def as_json(place: Place) -> dict:
    return {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon,
            "geonameid": place.geonameid, "kind": place.kind}


def search(gazetteer: Gazetteer, q, limit=10) -> list[dict]:
    """Places whose name starts with ``q``, best first (``Gazetteer.search`` says in which order)."""
    if not isinstance(q, str) or not q.strip():
        raise Invalid("'q' is required: the start of a place name")
    if len(q) > MAX_QUERY:
        raise Invalid(f"'q' is at most {MAX_QUERY} characters")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
        raise Invalid(f"'limit' must be a whole number from 1 to {MAX_RESULTS}")
    return [as_json(p) for p in gazetteer.search(q, limit)]
