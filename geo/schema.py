"""The incident record, declared once: each field with its type, whether the store keeps it in a
column of its own, where it is shown, and how an analyst may correct it; and the map categories
with their layer names and colours.

Everything else derives from here: the store's table and migrations (``store.db``), the
GeoDataFrame properties of downloads and the OGC API (``geo.frames``), the map's marker fields,
the table view's columns (``web``) and the checks on a correction (``service.review``). Adding a field to incidents
read from articles: a line here and the code that reads it (``geo.locate.LocatedIncident`` and its
source in ``extract``).
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.lexicon import CATEGORIES, SUB_TYPES


class InvalidValue(ValueError):
    """A value an analyst sent for a field that the field does not take (the message says why)."""


@dataclass(frozen=True)
class Edit:
    """How an analyst may set a field: ``text`` up to ``high`` characters; ``count`` a whole
    number 0..``high``; ``number`` in [``low``, ``high``]; ``choice`` one of ``choices``; ``date``
    an ISO date (checked where dates from requests are). None clears a field unless ``required``."""

    kind: str
    high: float = 0
    low: float = 0
    choices: tuple = ()
    message: str = ""  # the error for a choice outside ``choices``
    required: bool = False

    def check(self, name: str, value):
        if value is None and not self.required and self.kind != "choice":
            return None
        if self.kind == "text":
            if not isinstance(value, str):
                raise InvalidValue(f"'{name}' must be a string" + ("" if self.required else " or null"))
            value = value.strip()
            if len(value) > self.high:
                raise InvalidValue(f"'{name}' is longer than {int(self.high)} characters")
            if not value and self.required:
                raise InvalidValue(f"'{name}' must not be empty")
            return value or None
        if self.kind == "count":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= self.high:
                raise InvalidValue(f"'{name}' must be a whole number from 0 to {int(self.high)}, or null")
            return value
        if self.kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
                    float("inf"), float("-inf")):
                raise InvalidValue(f"'{name}' must be a number")
            if not self.low <= value <= self.high:
                raise InvalidValue(f"'{name}' must be from {self.low:g} to {self.high:g}")
            return round(float(value), 6)
        if self.kind == "choice":
            if isinstance(value, bool) or value not in self.choices:
                raise InvalidValue(self.message or f"'{name}' must be one of {', '.join(map(str, self.choices))}")
            return value
        raise InvalidValue(f"'{name}' cannot be set here")


@dataclass(frozen=True)
class Field:
    name: str
    kind: type  # str, int, float or bool: how downloads type the column
    sql: str  # the column's type in the incidents table; "" where the store computes the value
    read: bool = True  # read from an article (False: given by the store: id, status, sources ...)
    output: bool = True  # a property of every download and OGC API feature
    on_map: bool = False  # one of the few properties the map's markers carry
    in_table: int = 0  # its place among the table view's columns (0: not shown)
    correctable: bool = False  # the store may change it after reading (a correction, a chosen place)
    edit: Edit | None = None  # set directly by an analyst's correction, and how


_COUNT = Edit("count", high=10**6)
_ACTOR = Edit("text", high=200)

# In the order downloads write them. lat/lon are the geometry, not properties.
FIELDS: tuple[Field, ...] = (
    Field("id", int, "", read=False, on_map=True, in_table=1),
    Field("category", str, "TEXT NOT NULL", on_map=True, in_table=3, correctable=True,
          edit=Edit("choice", choices=CATEGORIES, message=f"'category' must be one of {', '.join(CATEGORIES)}")),
    Field("sub_type", str, "TEXT", on_map=True, in_table=4, correctable=True,
          edit=Edit("choice", choices=(*SUB_TYPES, None),
                    message="'sub_type' must be null or one of: " + "; ".join(SUB_TYPES))),
    Field("date", str, "TEXT", on_map=True, in_table=2, correctable=True, edit=Edit("date")),
    Field("date_precision", int, "INTEGER", correctable=True,
          edit=Edit("choice", choices=(1, 2, 3, 4),
                    message="'date_precision' must be 1 (day), 2 (week), 3 (month) or 4 (year)")),
    Field("place", str, "TEXT", in_table=5),
    Field("place_resolved", str, "TEXT", in_table=6, correctable=True, edit=Edit("text", high=200, required=True)),
    Field("country", str, "TEXT", in_table=7, correctable=True),
    Field("admin1", str, "TEXT", correctable=True),  # the state or province it is in (ACLED's admin1)
    Field("geo_precision", int, "INTEGER", on_map=True, correctable=True,
          edit=Edit("choice", choices=(1, 2, 3),
                    message="'geo_precision' must be 1 (the place), 2 (near it) or 3 (its region)")),
    Field("actor1", str, "TEXT", in_table=8, correctable=True, edit=_ACTOR),
    Field("actor2", str, "TEXT", in_table=9, correctable=True, edit=_ACTOR),
    Field("fatalities", int, "INTEGER", on_map=True, in_table=10, correctable=True, edit=_COUNT),
    Field("injured", int, "INTEGER", in_table=11, correctable=True, edit=_COUNT),
    Field("sentence", str, "TEXT"),
    Field("article_id", int, "", read=False, in_table=15),
    Field("source_url", str, "", read=False),
    Field("outlet", str, "TEXT"),  # who published the report: "reuters.com", or the wire "AP"
    Field("confidence", float, "REAL", on_map=True, in_table=12),
    Field("geonameid", int, "INTEGER", correctable=True),
    Field("feature_class", str, "TEXT", correctable=True),
    Field("sources", int, "", read=False, in_table=13),
    Field("status", str, "", read=False, in_table=14, correctable=True,
          edit=Edit("choice", choices=("active", "rejected"), message="'status' must be 'active' or 'rejected'")),
    Field("reviewed", bool, "", read=False),
    Field("lat", float, "REAL NOT NULL", output=False, correctable=True, edit=Edit("number", low=-90, high=90)),
    Field("lon", float, "REAL NOT NULL", output=False, correctable=True, edit=Edit("number", low=-180, high=180)),
    Field("aggregate", bool, "INTEGER NOT NULL DEFAULT 0", output=False),
)
BY_NAME = {f.name: f for f in FIELDS}

# Derived views of the record.
PROPERTIES = [f.name for f in FIELDS if f.output]  # feature properties: the interface other tools rely on
MAP_PROPERTIES = [f.name for f in FIELDS if f.on_map]  # the popup fetches the rest
TABLE_COLUMNS = [f.name for f in sorted(FIELDS, key=lambda f: f.in_table) if f.in_table]
COLUMNS = [f.name for f in FIELDS if f.read and f.sql]  # the incidents table's columns read from articles
CORRECTABLE = {f.name: f.kind for f in FIELDS if f.correctable}
EDITABLE = [f.name for f in FIELDS if f.edit is not None]


@dataclass(frozen=True)
class Layer:
    category: str  # "strike"
    name: str  # "strikes": the layer's name in URLs and downloads
    title: str  # "Strikes"
    colour: str  # its markers' colour


# One layer per category, in legend order; "all" holds every category.
_STYLE = {"strike": ("strikes", "#c0392b"), "attack": ("attacks", "#e67e22"), "clash": ("clashes", "#8e44ad"),
          "other": ("others", "#34495e")}
assert tuple(_STYLE) == CATEGORIES, "every category needs a layer name and a colour"
CATEGORY_LAYERS: dict[str, Layer] = {c: Layer(c, name, name.capitalize(), colour) for c, (name, colour) in _STYLE.items()}
ALL = "all"
