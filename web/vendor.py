"""Leaflet and Leaflet.markercluster served from their xstatic packages, and Leaflet.heat from the
copy folium ships (its templates folder): no CDN, no copy in the repo."""

from __future__ import annotations

from pathlib import Path

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from flask import Blueprint, send_from_directory

FOLIUM_TEMPLATES = Path(folium.__file__).parent / "templates"

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str):
    # send_from_directory refuses paths that leave the directory.
    return send_from_directory(xstatic.pkg.leaflet.BASE_DIR, filename, max_age=86400)


@bp.get("/vendor/markercluster/<path:filename>")
def markercluster(filename: str):
    return send_from_directory(xstatic.pkg.leaflet_markercluster.BASE_DIR, filename, max_age=86400)


@bp.get("/vendor/leaflet-heat.js")
def leaflet_heat():
    return send_from_directory(FOLIUM_TEMPLATES, "leaflet_heat.min.js", max_age=86400, mimetype="text/javascript")
