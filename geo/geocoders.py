"""geopy interfaces: our offline gazetteer as a geopy geocoder, and geopy's online geocoders as
an opt-in fallback that can never break or stall the offline path."""

from __future__ import annotations

import logging
import threading
import time

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .gazetteer import Gazetteer, Place
from .resolver import PlaceResolver

log = logging.getLogger(__name__)


class OfflineGeocoder(Geocoder):
    """``geocode("Baghdad")`` from the local gazetteer, no network: usable wherever geopy is."""

    def __init__(self, gazetteer: Gazetteer, **kwargs):
        super().__init__(**kwargs)
        self.resolver = PlaceResolver(gazetteer)

    def geocode(self, query: str, *, exactly_one: bool = True, context: str = "", **_ignored):
        resolution = self.resolver.resolve(query, context)
        if resolution is None:
            return None
        places = [resolution.place, *resolution.alternatives]
        locations = [_location(p) for p in places]
        return locations[0] if exactly_one else locations


def _location(p: Place) -> Location:
    address = ", ".join(x for x in (p.name, p.country) if x)
    return Location(address, (p.lat, p.lon), {"name": p.name, "kind": p.kind, "country": p.country,
                                              "geonameid": p.geonameid, "source": p.source})


class OnlineFallback:
    """Asks an online geopy geocoder for names the gazetteer lacks.

    Rate-limited (Nominatim's policy: one request a second), cached, with a short timeout; any
    failure returns None so the offline result stands.
    """

    def __init__(self, geocoder: Geocoder, min_interval_s: float = 1.0, timeout_s: float = 5.0):
        self.geocoder = geocoder
        self.min_interval_s = min_interval_s
        self.timeout_s = timeout_s
        self._cache: dict[str, Place | None] = {}
        self._lock = threading.Lock()
        self._last = 0.0

    def place(self, name: str) -> Place | None:
        with self._lock:
            if name in self._cache:
                return self._cache[name]
            wait = self._last + self.min_interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            try:
                loc = self.geocoder.geocode(name, exactly_one=True, timeout=self.timeout_s)
            except Exception as exc:  # any geopy or network error: offline result stands
                log.warning("online geocoder failed for %r: %s", name, exc)
                loc = None
            place = None
            if loc is not None:
                place = Place(id=-1, name=name, kind="city", feature_class="P", feature_code="PPL",
                              country=None, admin1=None, lat=loc.latitude, lon=loc.longitude, population=0,
                              geonameid=None, source=f"online: {type(self.geocoder).__name__}")
            self._cache[name] = place
            return place


def online_fallback(name: str, user_agent: str) -> OnlineFallback | None:
    """The configured online geocoder ("" = none, "nominatim")."""
    if not name:
        return None
    if name == "nominatim":
        from geopy.geocoders import Nominatim

        return OnlineFallback(Nominatim(user_agent=user_agent))
    raise ValueError(f"unknown online geocoder {name!r} (supported: nominatim)")
