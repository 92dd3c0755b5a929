"""Query parameters -> an IncidentQuery, with a precise 400 for anything malformed.

The page, the table, the downloads and OGC API Features take the same parameters:
``since``, ``until`` (ISO dates), ``category``, ``sub_type``, ``country`` (comma-separated
lists), ``actor`` (part of a name), ``min_confidence`` (0-1), ``bbox`` (minlon,minlat,maxlon,maxlat)
and ``status`` (active, rejected, all).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace

from werkzeug.datastructures import MultiDict

from geo.frames import LAYERS
from service.errors import Invalid
from store.query import STATUSES, IncidentQuery

FILTER_PARAMS = ("since", "until", "category", "sub_type", "actor", "country", "min_confidence", "bbox", "status")
_MAX_LIST = 50


def parse_day(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"'{name}' must be a date like 2024-02-07, not {value[:40]!r}") from None


def parse_bbox(value: str, name: str = "bbox") -> tuple[float, float, float, float]:
    parts = value.split(",")
    if len(parts) != 4:
        raise Invalid(f"'{name}' must be four numbers: minlon,minlat,maxlon,maxlat")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise Invalid(f"'{name}' must be four numbers: minlon,minlat,maxlon,maxlat") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise Invalid(f"'{name}' values must be finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise Invalid(f"'{name}' is outside -180..180 longitude, -90..90 latitude")
    if south > north:
        raise Invalid(f"'{name}': minlat {south} is north of maxlat {north}")
    return west, south, east, north


def parse_float(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise Invalid(f"'{name}' must be numbers separated by commas") from None
    if not math.isfinite(value):
        raise Invalid(f"'{name}' must be finite numbers")
    return value


def parse_int(value: str, name: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\s*\d+\s*", value):
        raise Invalid(f"'{name}' must be a whole number from {low} to {high}")
    number = int(value)
    if not low <= number <= high:
        raise Invalid(f"'{name}' must be from {low} to {high}, not {number}")
    return number


def _list(args: MultiDict, name: str) -> tuple[str, ...]:
    values = []
    for raw in args.getlist(name):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    if len(values) > _MAX_LIST:
        raise Invalid(f"'{name}' lists more than {_MAX_LIST} values")
    if any(len(v) > 200 for v in values):
        raise Invalid(f"'{name}' values are at most 200 characters")
    return tuple(dict.fromkeys(values))


def query_from_args(args: MultiDict, layer_category: str | None = None) -> IncidentQuery:
    """The incidents a URL asks for. ``layer_category``: the layer's own category (``strikes`` ->
    ``strike``), which a ``category`` parameter can only narrow, never widen."""
    categories = _list(args, "category")
    unknown = [c for c in categories if c not in LAYERS]
    if unknown:
        raise Invalid(f"unknown category {unknown[0]!r}; categories: {', '.join(LAYERS)}")
    if layer_category is not None:
        categories = tuple(c for c in categories if c == layer_category) if categories else (layer_category,)
        if not categories:  # /layers/strikes.geojson?category=attack: nothing can match
            categories = ("\x00none",)
    countries = tuple(c.upper() for c in _list(args, "country"))
    bad = [c for c in countries if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad:
        raise Invalid(f"'country' takes ISO 3166-1 alpha-2 codes like IQ, not {bad[0][:20]!r}")
    query = IncidentQuery(categories=categories, sub_types=_list(args, "sub_type"), countries=countries)
    actor = (args.get("actor") or "").strip()
    if len(actor) > 200:
        raise Invalid("'actor' is at most 200 characters")
    if actor:
        query = replace(query, actor=actor)
    for name in ("since", "until"):
        if args.get(name, "").strip():
            query = replace(query, **{name: parse_day(args[name], name)})
    if query.since and query.until and query.since > query.until:
        raise Invalid(f"'since' {query.since} is after 'until' {query.until}")
    if args.get("min_confidence", "").strip():
        try:
            value = float(args["min_confidence"])
        except ValueError:
            raise Invalid("'min_confidence' must be a number from 0 to 1") from None
        if not 0 <= value <= 1:
            raise Invalid("'min_confidence' must be from 0 to 1")
        query = replace(query, min_confidence=value)
    if args.get("bbox", "").strip():
        query = replace(query, bbox=parse_bbox(args["bbox"]))
    status = args.get("status", "active").strip() or "active"
    if status not in STATUSES:
        raise Invalid(f"'status' must be one of {', '.join(STATUSES)}")
    return replace(query, status=status)


def filter_args(args: MultiDict) -> dict[str, str]:
    """The filter parameters present in a request, to carry into links (downloads, table, map)."""
    return {k: args[k] for k in FILTER_PARAMS if args.get(k, "").strip()}
