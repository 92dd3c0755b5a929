"""Incident records as GeoDataFrames (EPSG:4326), and layers as RFC 7946 GeoJSON.

A layer is the plural of a category (``strike`` -> ``strikes``); ``all`` holds every category.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .schema import ALL, BY_NAME, CATEGORY_LAYERS, MAP_PROPERTIES, PROPERTIES

# Map categories and their layers (the layer is the category's plural), in legend order.
LAYERS = {c: layer.name for c, layer in CATEGORY_LAYERS.items()}
TITLES = {ALL: "All incidents", **{layer.name: layer.title for layer in CATEGORY_LAYERS.values()}}


def layer_names() -> list[str]:
    return [ALL, *LAYERS.values()]


def category_of_layer(layer: str) -> str | None:
    """``strikes`` -> ``strike``; ``all`` -> None. KeyError for names that are not layers."""
    if layer == ALL:
        return None
    for category, name in LAYERS.items():
        if name == layer:
            return category
    raise KeyError(layer)


def incidents_frame(records: list[dict], properties: list[str] = PROPERTIES) -> gpd.GeoDataFrame:
    """One row per incident, point geometry from lon/lat, integer columns kept integer."""
    frame = pd.DataFrame.from_records(records, columns=[*properties, "lat", "lon"])
    for name in frame.columns:
        kind = BY_NAME[name].kind if name in BY_NAME else None
        if kind is int:
            frame[name] = pd.array(frame[name], dtype="Int64")
        elif kind is float:
            frame[name] = frame[name].astype(float)
        elif kind is bool:
            frame[name] = frame[name].astype(bool)
    geometry = gpd.points_from_xy(frame.pop("lon").astype(float), frame.pop("lat").astype(float))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def to_geojson(frame: gpd.GeoDataFrame, ids: bool = True) -> dict:
    """RFC 7946: WGS 84 lon/lat, no ``crs`` member, the incident id as the feature id."""
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    if len(frame) and (frame.geom_type == "Point").all():
        return _points_geojson(frame, ids)
    collection = frame.to_geo_dict(na="null", drop_id=True)
    collection.pop("crs", None)
    if ids:
        for feature in collection["features"]:
            feature["id"] = feature["properties"]["id"]
    return collection


def _plain(values: list) -> list:
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in values]


def _points_geojson(frame: gpd.GeoDataFrame, ids: bool) -> dict:
    """Points written column by column: ~10x faster than geopandas' row-wise to_json for the
    tens of thousands of incidents a map layer can hold, with the same output."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    values = [_plain(frame[c].tolist()) for c in columns]
    xs, ys = frame.geometry.x.tolist(), frame.geometry.y.tolist()
    features = []
    for i, row in enumerate(zip(*values) if columns else ([()] * len(frame))):
        properties = dict(zip(columns, row))
        feature = {"type": "Feature", "properties": properties,
                   "geometry": {"type": "Point", "coordinates": [xs[i], ys[i]]}}
        if ids:
            feature["id"] = properties["id"]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}
