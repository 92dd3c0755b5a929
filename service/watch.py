"""Watch areas: a named area (a bbox, or a polygon drawn on the map) with the layers' filters;
the incidents stored after it was saved that fall inside it are listed as its hits and, when it
has a webhook, POSTed there as a GeoJSON FeatureCollection.

Finding hits and posting them run in the watcher (``service/watcher.py``), never inside an
ingest: a slow or failing receiver cannot hold up reading the news. A post that fails is tried
again later and later (``retry_s``); its error is in the area's status. Webhook URLs go through
the same address checks as every fetch (``service.fetch``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import replace
from typing import Callable, Mapping
from urllib.parse import urlsplit

from shapely.geometry import Point, box, mapping, shape
from shapely.validation import explain_validity

from geo.frames import incidents_frame, to_geojson
from geo.schema import PROPERTIES
from store.query import IncidentQuery
from store.records import stamp

from .errors import AppError, Invalid, NotFound
from .feeds import utcnow
from .fetch import post_json
from .filters import FILTER_PARAMS, LayerFilters, parse_bbox
from .sources import check_url, reachable

log = logging.getLogger("incident_map.watch")

# The layers' filters an area keeps: its own geometry stands for the bbox, its creation for added_since.
AREA_FILTERS = tuple(p for p in FILTER_PARAMS if p not in ("bbox", "added_since"))
MAX_VERTICES = 2000
MAX_NAME = 100
RETRY_FIRST_S = 30
RETRY_MOST_S = 3600
POST_MOST = 100  # incidents in one webhook post


def retry_s(attempts: int) -> int:
    """Seconds before a post that failed ``attempts`` times is tried again."""
    return min(RETRY_FIRST_S * 2 ** min(attempts - 1, 20), RETRY_MOST_S)


def area_geometry(raw) -> dict:
    """A GeoJSON Polygon from a bbox ("w,s,e,n" or [w, s, e, n]) or a GeoJSON Polygon."""
    if isinstance(raw, (list, tuple)) and len(raw) == 4:
        raw = ",".join(str(v) for v in raw)
    if isinstance(raw, str):
        west, south, east, north = parse_bbox(raw, "bbox")
        if west >= east or south >= north:
            raise Invalid("'bbox' must have west < east and south < north (an area across the antimeridian is "
                          "saved as two)")
        return mapping(box(west, south, east, north))
    if not isinstance(raw, dict) or raw.get("type") != "Polygon":
        raise Invalid("'geometry' must be a GeoJSON Polygon (or give a 'bbox')")
    try:
        polygon = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError):
        raise Invalid("'geometry' is not a readable GeoJSON Polygon") from None
    if len(polygon.exterior.coords) + sum(len(r.coords) for r in polygon.interiors) > MAX_VERTICES:
        raise Invalid(f"'geometry' has more than {MAX_VERTICES} vertices")
    west, south, east, north = polygon.bounds
    if not (-180 <= west and east <= 180 and -90 <= south and north <= 90):
        raise Invalid("'geometry' is outside -180..180 longitude, -90..90 latitude")
    if polygon.is_empty or not polygon.is_valid:
        raise Invalid(f"'geometry' is not a valid polygon ({explain_validity(polygon)[:80]})")
    return mapping(polygon)


def _shown(area: dict) -> dict:
    """An area as readers see it: with its bounding box, and its webhook's host only (a webhook
    URL often carries the receiver's secret in its path)."""
    webhook = area["webhook"]
    if webhook:
        parts = urlsplit(webhook)
        webhook = f"{parts.scheme}://{parts.netloc}/…" if parts.path.strip("/") or parts.query else webhook
    return {**area, "webhook": webhook, "bbox": list(shape(area["geometry"]).bounds)}


def _plain(geometry: dict) -> dict:
    return json.loads(json.dumps(geometry))  # (shapely's mapping holds tuples)


class Watches:
    """Watch areas over a store: saving them, finding their new incidents, posting them."""

    def __init__(self, store, config: Mapping, clock: Callable[[], dt.datetime] = utcnow,
                 post: Callable[..., int] = post_json):
        self.store = store
        self.config = config
        self.clock = clock
        self.post = post

    def add(self, payload: Mapping) -> dict:
        if not isinstance(payload, Mapping):
            raise Invalid("send a JSON object with 'name' and 'bbox' or 'geometry'")
        name = payload.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise Invalid(f"'name' must be text of 1 to {MAX_NAME} characters")
        if ("bbox" in payload) == ("geometry" in payload):
            raise Invalid("give either 'bbox' (minlon,minlat,maxlon,maxlat) or 'geometry' (a GeoJSON Polygon)")
        geometry = _plain(area_geometry(payload.get("bbox", payload.get("geometry"))))
        filters = payload.get("filters") or {}
        if not isinstance(filters, Mapping):
            raise Invalid("'filters' must be an object of the layers' filter parameters")
        unknown = [k for k in filters if k not in AREA_FILTERS]
        if unknown:
            raise Invalid(f"'filters' cannot take {str(unknown[0])[:40]!r}; it takes " + ", ".join(AREA_FILTERS))
        params = {k: [v] if isinstance(v, str) else list(v) if isinstance(v, (list, tuple)) else [str(v)]
                  for k, v in filters.items()}
        LayerFilters.from_params(params)  # (says what is wrong with one)
        webhook = payload.get("webhook") or None
        if webhook is not None:
            webhook = check_url(webhook, "webhook")
        return _shown(self.store.add_watch_area(name.strip(), geometry, params, webhook))

    def list(self) -> list[dict]:
        return [_shown(a) for a in self.store.watch_areas()]

    def get(self, area_id: int) -> dict:
        area = self.store.watch_area(area_id)
        if area is None:
            raise NotFound(f"no watch area {area_id}")
        return _shown(area)

    def remove(self, area_id: int) -> None:
        if not self.store.delete_watch_area(area_id):
            raise NotFound(f"no watch area {area_id}")

    def incidents(self, area_id: int, limit: int = 100) -> list[dict]:
        """The area's incidents, newest found first, each with when it was found and posted."""
        self.get(area_id)
        hits = self.store.watch_hits(area_id, limit)
        records = {r["id"]: r for r in self.store.incidents(IncidentQuery.of(h["incident_id"] for h in hits),
                                                            details=False)} if hits else {}
        return [{**records[h["incident_id"]], **{k: h[k] for k in ("found_at", "delivered_at")}}
                for h in hits if h["incident_id"] in records]

    # -- the watcher's work --------------------------------------------------------------------
    def find_new(self) -> int:
        """Record, for every area, the incidents stored since it was saved that fall inside it and
        match its filters. Returns how many were new."""
        found = 0
        at = stamp(self.clock())
        for area in self.store.watch_areas():
            polygon = shape(area["geometry"])
            filters = LayerFilters.from_params(area["filters"]).to_query()
            query = replace(filters, bbox=polygon.bounds, added_since=area["created_at"])
            known = self.store.watch_hit_ids(area["id"])
            inside = [r["id"] for r in self.store.points(query, ["id"])
                      if r["id"] > area["after_incident"] and r["id"] not in known and r["lat"] is not None
                      and polygon.covers(Point(r["lon"], r["lat"]))]
            if inside:
                found += self.store.add_watch_hits(area["id"], inside, at)
        return found

    def deliver(self) -> int:
        """Post the hits that are due to their areas' webhooks. Returns how many were delivered."""
        now = self.clock()
        delivered = 0
        for area_id, incident_ids in self.store.due_deliveries(stamp(now), POST_MOST).items():
            area = self.store.watch_area(area_id)
            if area is None or not area["webhook"]:
                continue
            records = self.store.incidents(IncidentQuery.of(incident_ids), details=False)
            body = {"area": {"id": area["id"], "name": area["name"]},
                    **to_geojson(incidents_frame(records, PROPERTIES))}
            error = None
            try:
                code = self.post(area["webhook"], json.dumps(body, default=str).encode(),
                                 user_agent=self.config["USER_AGENT"], allowed=reachable(self.config))
                if not 200 <= code < 300:
                    error = f"the webhook answered HTTP {code}"
            except AppError as exc:
                error = exc.message
            except Exception:
                log.exception("posting to the webhook of watch area %s", area_id)
                error = "internal error while posting; the server log has the details"
            if error is None:
                delivered += len(incident_ids)
                self.store.delivery_done(area_id, incident_ids, stamp(now), None, None)
            else:
                attempts = self.store.hit_attempts(area_id, incident_ids) + 1
                retry = stamp(now + dt.timedelta(seconds=retry_s(attempts)))
                log.warning("watch area %s: %s (again at %s)", area_id, error, retry)
                self.store.delivery_done(area_id, incident_ids, stamp(now), error, retry)
        return delivered
