"""geopy interfaces: our offline gazetteer as a geopy geocoder, and geopy's online geocoders as
an opt-in fallback that can never break or stall the offline path."""

from __future__ import annotations

import logging
from functools import lru_cache, partial

from geopy.extra.rate_limiter import RateLimiter
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

    Rate-limited by geopy's RateLimiter (Nominatim's policy: one request a second; thread-safe),
    answers kept in a bounded cache, a short timeout; any failure returns None so the offline
    result stands.
    """

    def __init__(self, geocoder: Geocoder, min_interval_s: float = 1.0, timeout_s: float = 5.0,
                 cache_size: int = 10_000):
        self.geocoder = geocoder
        self._geocode = RateLimiter(partial(geocoder.geocode, exactly_one=True, timeout=timeout_s),
                                    min_delay_seconds=min_interval_s, max_retries=0, swallow_exceptions=True)
        self.place = lru_cache(maxsize=cache_size)(self._place)  # one cache per geocoder, bounded

    def _place(self, name: str) -> Place | None:
        try:
            loc = self._geocode(name)
        except Exception as exc:  # anything the rate limiter does not swallow: the offline result stands
            log.warning("online geocoder failed for %r: %s", name, exc)
            return None
        if loc is None:
            return None
        return Place(id=-1, name=name, kind="city", feature_class="P", feature_code="PPL", country=None,
                     admin1=None, lat=loc.latitude, lon=loc.longitude, population=0, geonameid=None,
                     source=f"online: {type(self.geocoder).__name__}")


def online_fallback(name: str, user_agent: str) -> OnlineFallback | None:
    """The configured online geocoder ("" = none, "nominatim")."""
    if not name:
        return None
    if name == "nominatim":
        from geopy.geocoders import Nominatim

        return OnlineFallback(Nominatim(user_agent=user_agent))
    raise ValueError(f"unknown online geocoder {name!r} (supported: nominatim)")
