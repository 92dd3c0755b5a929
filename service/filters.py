"""The filters a map view, a download or an OGC API request may carry, as one pydantic model, and
the IncidentQuery they ask for. No web framework here: parameters come in as a mapping of each
name to its list of values (a URL may repeat one: ``?category=strike&category=attack``).

The page, the table, the downloads and OGC API Features take the same parameters:
``since``, ``until`` (ISO dates), ``added_since`` (an ISO time: incidents stored since), ``category``, ``sub_type``, ``country`` (comma-separated
lists), ``actor`` (part of a name), ``q`` (words of the place, the actors or the sentence: full-text
search), ``min_confidence`` (0-1), ``bbox`` (minlon,minlat,maxlon,maxlat) and ``status`` (active,
rejected, all). Every message says which parameter is wrong and how.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from geo.frames import LAYERS
from store.query import STATUSES, IncidentQuery
from store.records import stamp

from .errors import Invalid

_MAX_LIST = 50
_MAX_TEXT = 200


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


def parse_time(value: str, name: str) -> str:
    """An ISO date or date and time (UTC unless it says otherwise) as the store writes times."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"'{name}' must be a time like 2024-02-07T09:30:00Z or a date, not {value[:40]!r}") from None
    return stamp(moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc))


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


def _last(value) -> str:
    """A single-valued parameter's text: the first given, as Flask's ``args.get`` reads it."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


class LayerFilters(BaseModel):
    """Checked filter parameters. Built with :meth:`from_params`; ``to_query`` gives the store's query."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    since: dt.date | None = None
    until: dt.date | None = None
    category: tuple[str, ...] = ()
    sub_type: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    actor: str | None = None
    q: str | None = None
    min_confidence: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    status: str = "active"
    added_since: str | None = None  # first stored at or after this time ("new since my last look")

    @field_validator("category", "sub_type", "country", mode="before")
    @classmethod
    def _list(cls, raw, info):
        values = []
        for item in raw if isinstance(raw, (list, tuple)) else [raw]:
            values.extend(v.strip() for v in str(item).split(",") if v.strip())
        name = info.field_name
        if len(values) > _MAX_LIST:
            raise ValueError(f"'{name}' lists more than {_MAX_LIST} values")
        if any(len(v) > _MAX_TEXT for v in values):
            raise ValueError(f"'{name}' values are at most {_MAX_TEXT} characters")
        if name == "category":
            unknown = [c for c in values if c not in LAYERS]
            if unknown:
                raise ValueError(f"unknown category {unknown[0]!r}; categories: {', '.join(LAYERS)}")
        if name == "country":
            values = [c.upper() for c in values]
            bad = [c for c in values if not re.fullmatch(r"[A-Z]{2}", c)]
            if bad:
                raise ValueError(f"'country' takes ISO 3166-1 alpha-2 codes like IQ, not {bad[0][:20]!r}")
        return tuple(dict.fromkeys(values))

    @field_validator("since", "until", mode="before")
    @classmethod
    def _day(cls, raw, info):
        text = _last(raw)
        return parse_day(text, info.field_name) if text else None

    @field_validator("added_since", mode="before")
    @classmethod
    def _time(cls, raw, info):
        text = _last(raw)
        return parse_time(text, info.field_name) if text else None

    @field_validator("actor", "q", mode="before")
    @classmethod
    def _text(cls, raw, info):
        text = _last(raw)
        if len(text) > _MAX_TEXT:
            raise ValueError(f"'{info.field_name}' is at most {_MAX_TEXT} characters")
        return text or None

    @field_validator("min_confidence", mode="before")
    @classmethod
    def _confidence(cls, raw):
        text = _last(raw)
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValueError("'min_confidence' must be a number from 0 to 1") from None
        if not 0 <= value <= 1:
            raise ValueError("'min_confidence' must be from 0 to 1")
        return value

    @field_validator("bbox", mode="before")
    @classmethod
    def _bbox(cls, raw):
        text = _last(raw)
        return parse_bbox(text) if text else None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, raw):
        status = _last(raw) or "active"
        if status not in STATUSES:
            raise ValueError(f"'status' must be one of {', '.join(STATUSES)}")
        return status

    @model_validator(mode="after")
    def _ordered(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"'since' {self.since} is after 'until' {self.until}")
        return self

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> "LayerFilters":
        """Check a request's parameters (each name with its list of values); an ``Invalid`` with
        the first problem's message otherwise (the one a user must fix first, in field order)."""
        present = {name: values for name, values in params.items() if name in cls.model_fields}
        try:
            return cls.model_validate(present)
        except ValidationError as exc:
            raise Invalid(_message(exc)) from None

    def to_query(self, layer_category: str | None = None) -> IncidentQuery:
        """The incidents asked for. ``layer_category``: the layer's own category (``strikes`` ->
        ``strike``), which a ``category`` parameter can only narrow, never widen."""
        categories = self.category
        if layer_category is not None:
            categories = tuple(c for c in categories if c == layer_category) if categories else (layer_category,)
            if not categories:  # /layers/strikes.geojson?category=attack: nothing can match
                categories = ("\x00none",)
        return IncidentQuery(categories=categories, sub_types=self.sub_type, countries=self.country,
                             actor=self.actor, text=self.q, since=self.since, until=self.until,
                             min_confidence=self.min_confidence, bbox=self.bbox, status=self.status,
                             added_since=self.added_since)


FILTER_PARAMS = tuple(LayerFilters.model_fields)
# the filters that take several values (repeated or comma-separated): category, sub_type, country
LIST_PARAMS = tuple(name for name, f in LayerFilters.model_fields.items() if f.annotation == tuple[str, ...])


def _message(exc: ValidationError) -> str:
    """Our own message from a validator, without pydantic's 'Value error, ' before it. (An
    ``Invalid`` raised by a parse helper inside a validator is not a ValueError: pydantic lets it
    through as it is.)"""
    error = exc.errors()[0]
    cause = (error.get("ctx") or {}).get("error")
    return str(cause) if cause is not None else f"'{'.'.join(map(str, error['loc']))}': {error['msg']}"


def query_from_params(params: Mapping[str, Sequence[str]], layer_category: str | None = None) -> IncidentQuery:
    return LayerFilters.from_params(params).to_query(layer_category)


_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def filename_part(args: Mapping[str, str], most: int = 120) -> str:
    """The filters of a download as part of its file name ("since-2024-02-01_country-IQ"): each
    present filter, in the declared order, with anything but letters, digits, dots and hyphens
    made an underscore; cut at ``most`` characters."""
    parts = [f"{name}-{_UNSAFE.sub('_', str(args[name]).strip()).strip('_')}" for name in FILTER_PARAMS
             if str(args.get(name, "")).strip()]
    return "_".join(parts)[:most].rstrip("_-")
