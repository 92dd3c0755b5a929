"""Leaflet and Leaflet.markercluster served from their xstatic packages: no CDN, no copy in the repo."""

from __future__ import annotations

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from flask import Blueprint, send_from_directory

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str):
    # send_from_directory refuses paths that leave the directory.
    return send_from_directory(xstatic.pkg.leaflet.BASE_DIR, filename, max_age=86400)


@bp.get("/vendor/markercluster/<path:filename>")
def markercluster(filename: str):
    return send_from_directory(xstatic.pkg.leaflet_markercluster.BASE_DIR, filename, max_age=86400)
