"""One incident, one record across articles: is a newly read incident one already stored?

Several outlets report the same strike; each article is read on its own, then each of its
incidents is compared with the stored ones of the same category. Two records are the same event
when their dates can be the same day (a day either way for day-precise dates: announcements in
US Eastern time fall on the next local day) and their places agree: within 25 km for towns and
sites, the same country, province or sea when both are that coarse; a country-level report and a
town are not merged. The stored record keeps the more precise date, the larger
toll, and the actors it lacked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from extract.model import DateMention

from .gazetteer import distance_km

NEAR_KM = 25.0


def _interval(record: dict) -> tuple[dt.date, dt.date] | None:
    if not record.get("date"):
        return None
    date = dt.date.fromisoformat(str(record["date"]))
    lo, hi = DateMention(date, record.get("date_precision") or 1, "").interval()
    if (record.get("date_precision") or 1) == 1:
        lo, hi = lo - dt.timedelta(days=1), hi + dt.timedelta(days=1)
    return lo, hi


def same_event(stored: dict, new: dict) -> bool:
    if stored["category"] != new["category"] or stored.get("aggregate") or new.get("aggregate"):
        return False
    a, b = _interval(stored), _interval(new)
    if a is None or b is None or a[0] > b[1] or b[0] > a[1]:
        return False
    coarse = stored["geo_precision"] == 3, new["geo_precision"] == 3
    if not any(coarse):
        return distance_km(stored["lat"], stored["lon"], new["lat"], new["lon"]) <= NEAR_KM
    if not all(coarse):
        return False  # "strikes across Yemen" and "a strike in Hodeidah" may be many events, not one
    # the same country, province, region or sea
    return (stored.get("place_resolved"), stored.get("country")) == (new.get("place_resolved"), new.get("country"))


_PLACE_FIELDS = ("place", "place_resolved", "country", "geo_precision", "lat", "lon", "geonameid", "feature_class")


def merged_fields(stored: dict, new: dict) -> dict:
    """Column updates that fold ``new`` into ``stored``."""
    updates = {}
    if new["geo_precision"] < stored["geo_precision"]:  # "near Mosul" -> "in Mosul"
        updates.update({k: new.get(k) for k in _PLACE_FIELDS})
    if new.get("date_precision") and new["date_precision"] < (stored.get("date_precision") or 9):
        updates.update(date=new["date"], date_precision=new["date_precision"])
    for toll in ("fatalities", "injured"):
        if new.get(toll) is not None and (stored.get(toll) is None or new[toll] > stored[toll]):
            updates[toll] = new[toll]
    for role in ("actor1", "actor2"):
        if not stored.get(role) and new.get(role):
            updates[role] = new[role]
    if new.get("confidence") is not None:
        updates["confidence"] = round(min(0.95, max(stored.get("confidence") or 0, new["confidence"]) + 0.05), 2)
    return updates


@dataclass(frozen=True)
class MergePolicy:
    """The rules the store follows when it takes in a reading: which stored incidents may be the
    same event as a new one, when they are, what the new report adds, and which stored incident of
    an article a new reading of that article replaces. The store keeps the transaction; the
    decisions are here."""

    window_days: int = 31  # stored incidents this many days either side of a new one's date are candidates

    def candidates(self, new: dict) -> tuple[str, str, str] | None:
        """(category, first day, last day) of the stored incidents that may be ``new``; None: look no
        further (a summary, or an undated report, is never merged across articles)."""
        if new.get("aggregate") or not new.get("date"):
            return None
        day = dt.date.fromisoformat(str(new["date"]))
        span = dt.timedelta(days=self.window_days)
        return new["category"], (day - span).isoformat(), (day + span).isoformat()

    def same_event(self, stored: dict, new: dict) -> bool:
        return same_event(stored, new)

    def merged_fields(self, stored: dict, new: dict) -> dict:
        return merged_fields(stored, new)

    def same_reading(self, old: dict, new: dict) -> bool:
        """An article's stored incident (as first read) and one of its new reading are one record:
        the same event, or the same summary of the same place."""
        return old["category"] == new["category"] and (same_event(old, new) or bool(
            old["aggregate"] and new.get("aggregate") and old["place_resolved"] == new.get("place_resolved")))
