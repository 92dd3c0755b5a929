"""What the map draws for one view of a large store: the incidents themselves when the view holds
few enough for the browser to cluster, else counts per grid cell computed by the store, so a
page over millions of incidents moves as little data as a page over a few thousand."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from geo.export import write
from geo.frames import incidents_frame
from geo.schema import MAP_PROPERTIES
from store.base import IncidentStore
from store.query import IncidentQuery

# Grid cells per 256-pixel tile's width: cells of about 64 pixels, the size of a cluster disc's reach.
CELLS_PER_TILE = 4


def cell_degrees(zoom: int) -> float:
    return 360 / 2 ** zoom / CELLS_PER_TILE


# Up to this zoom a view's cells are cut from the grid of all its filters' incidents, which the
# store keeps (store/cached.py), so panning or zooming out over a continent costs no new count.
WHOLE_GRID_ZOOM = 6


def _inside(cell: dict, bbox: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bbox
    across = cell["lon"] >= west or cell["lon"] <= east  # (the box crosses the antimeridian)
    return south <= cell["lat"] <= north and (west <= cell["lon"] <= east if west <= east else across)


def _whole_grid(store: IncidentStore, query: IncidentQuery, zoom: int) -> list[dict]:
    """The cells of every incident the filters match at ``zoom`` (<= WHOLE_GRID_ZOOM), merged from
    the finest of those grids, which the store computes once: the grids nest (each cell of a zoom
    is four of the next, from the same corner), and a cell's incidents' mean lies in its cell."""
    finest = store.grid(replace(query, bbox=None), cell_degrees(WHOLE_GRID_ZOOM))
    if zoom == WHOLE_GRID_ZOOM:
        return finest
    size = cell_degrees(zoom)
    merged: dict[tuple[int, int], dict] = {}
    for c in finest:
        m = merged.setdefault((int((c["lon"] + 180) // size), int((c["lat"] + 90) // size)),
                              {"count": 0, "lat": 0.0, "lon": 0.0, "fatalities": 0, "by_category": {}})
        m["count"] += c["count"]
        m["lat"] += c["lat"] * c["count"]
        m["lon"] += c["lon"] * c["count"]
        m["fatalities"] += c["fatalities"]
        for category, n in c["by_category"].items():
            m["by_category"][category] = m["by_category"].get(category, 0) + n
    for m in merged.values():
        m["lat"], m["lon"] = round(m["lat"] / m["count"], 5), round(m["lon"] / m["count"], 5)
    return sorted(merged.values(), key=lambda m: -m["count"])


def map_view(store: IncidentStore, query: IncidentQuery, zoom: int, points_most: int) -> dict:
    """A GeoJSON FeatureCollection for the view ``query.bbox`` at ``zoom``, with ``mode``:
    "points" (the incidents, with the map's few properties, when there are at most ``points_most``;
    the browser clusters 5,000 markers in about 0.2 s) or "cells" (one point per grid cell
    holding incidents, with ``count``, ``fatalities`` and ``by_category``), and ``matched``: how
    many incidents the view holds."""
    cells = None
    if zoom <= WHOLE_GRID_ZOOM and query.bbox is not None:
        cells = [c for c in _whole_grid(store, query, zoom) if _inside(c, query.bbox)]
        matched = sum(c["count"] for c in cells)  # (of the cells whose incidents' mean is in the view)
    else:
        matched = store.count(query)
    if matched <= points_most:
        frame = incidents_frame(store.points(replace(query, limit=None, offset=0), MAP_PROPERTIES), MAP_PROPERTIES)
        collection = json.loads(write(frame, "geojson", "view"))
        mode = "points"
    else:
        collection = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [c["lon"], c["lat"]]},
             "properties": {k: c[k] for k in ("count", "fatalities", "by_category")}}
            for c in (cells if cells is not None else store.grid(query, cell_degrees(zoom)))]}
        mode = "cells"
    return {"type": "FeatureCollection", "mode": mode, "matched": matched, "features": collection["features"]}


def warm(store: IncidentStore) -> None:
    """Compute what the unfiltered map page asks for first (its totals, filter values, timeline
    and world grid), so that the store keeps those that are slow (``store/cached.py``): run after
    a batch ingest and when a server starts, the first visitor of a store of millions does not
    wait for them. A failure (the store is down) is logged: then the first visitor computes them."""
    everything = IncidentQuery()
    try:
        store.summary(everything)
        store.facets()
        store.count(everything)
        store.day_counts(everything)
        store.grid(everything, cell_degrees(WHOLE_GRID_ZOOM))
    except Exception as exc:
        logging.getLogger("incident_map").warning("the map's totals were not computed ahead: %s", exc)
