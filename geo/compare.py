"""Incident layers from other tools, read for comparison: GeoJSON files and ACLED CSV exports."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import shapely

from .frames import to_geojson

MAX_FEATURES = 200_000
# Vertices a layer may hand every visitor's browser (a polygon of a million vertices sinks the page
# for everyone): more detailed outlines are simplified to fit, and refused if they cannot be.
MAX_VERTICES = 100_000
# ACLED columns kept on imported points (the rest of its 31 columns are not shown).
ACLED_KEEP = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
              "location", "fatalities", "notes", "source"]


class UnreadableLayer(ValueError):
    pass


class UnsupportedLayer(UnreadableLayer):
    """A file of a kind that is no layer we read (not GeoJSON, not an ACLED CSV)."""


def read_geojson(data: bytes) -> gpd.GeoDataFrame:
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableLayer(f"not valid JSON: {exc}") from None
    if not isinstance(parsed, dict) or parsed.get("type") not in ("FeatureCollection", "Feature"):
        raise UnreadableLayer("not a GeoJSON FeatureCollection")
    if parsed["type"] == "Feature":
        parsed = {"type": "FeatureCollection", "features": [parsed]}
    features = parsed.get("features")
    if not isinstance(features, list):
        raise UnreadableLayer("the FeatureCollection has no 'features' list")
    if len(features) > MAX_FEATURES:
        raise UnreadableLayer(f"more than {MAX_FEATURES:,} features")
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except Exception as exc:  # shapely/geopandas raise many types for bad geometry
        raise UnreadableLayer(f"its features cannot be read: {type(exc).__name__}: {str(exc)[:120]}") from None
    return frame


def read_acled_csv(data: bytes) -> gpd.GeoDataFrame:
    try:
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, nrows=MAX_FEATURES + 1)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise UnreadableLayer(f"not a readable CSV file: {str(exc)[:120]}") from None
    columns = {c.lower(): c for c in table.columns}
    if "latitude" not in columns or "longitude" not in columns:
        raise UnreadableLayer("an ACLED CSV needs 'latitude' and 'longitude' columns")
    if len(table) > MAX_FEATURES:
        raise UnreadableLayer(f"more than {MAX_FEATURES:,} rows")
    lat = pd.to_numeric(table[columns["latitude"]], errors="coerce")
    lon = pd.to_numeric(table[columns["longitude"]], errors="coerce")
    good = lat.between(-90, 90) & lon.between(-180, 180)
    if not good.any():
        raise UnreadableLayer("no row has a usable latitude and longitude")
    keep = table.loc[good, [columns[c] for c in ACLED_KEEP if c in columns]]
    return gpd.GeoDataFrame(keep.reset_index(drop=True),
                            geometry=gpd.points_from_xy(lon[good], lat[good]), crs="EPSG:4326")


def comparison_layer(filename: str, data: bytes) -> tuple[str, dict]:
    """(source format, RFC 7946 FeatureCollection) of an uploaded file."""
    name = filename.lower()
    if name.endswith((".geojson", ".json")):
        fmt, frame = "geojson", read_geojson(data)
    elif name.endswith(".csv"):
        fmt, frame = "acled-csv", read_acled_csv(data)
    else:
        raise UnsupportedLayer("import a .geojson file or an ACLED .csv export")
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        raise UnreadableLayer("the file has no features with a geometry")
    frame = _within_vertex_cap(frame)
    collection = to_geojson(frame, ids=False)
    return fmt, collection


def vertices(frame_or_collection) -> int:
    """How many coordinate pairs a layer draws."""
    geometry = frame_or_collection.geometry if hasattr(frame_or_collection, "geometry") else \
        gpd.GeoDataFrame.from_features(frame_or_collection["features"]).geometry
    return int(shapely.get_num_coordinates(geometry.values).sum())


def _within_vertex_cap(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lines and outlines simplified (Douglas-Peucker, 100 m, doubling) until the layer has at most
    MAX_VERTICES vertices; points are what they are."""
    tolerance = 0.001
    while vertices(frame) > MAX_VERTICES:
        if tolerance > 0.1:
            raise UnreadableLayer(f"more than {MAX_VERTICES:,} vertices even simplified to {tolerance / 2:g}°: "
                                  "too detailed to draw for everyone; split or simplify it")
        frame = frame.set_geometry(frame.geometry.simplify(tolerance, preserve_topology=True))
        tolerance *= 2
    return frame
