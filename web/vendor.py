"""Leaflet served from the xstatic-leaflet package: no CDN, no copy in the repo."""

from __future__ import annotations

import xstatic.pkg.leaflet
from flask import Blueprint, send_from_directory

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str):
    # send_from_directory refuses paths that leave the directory.
    return send_from_directory(xstatic.pkg.leaflet.BASE_DIR, filename, max_age=86400)
