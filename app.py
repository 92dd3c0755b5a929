"""incident-map: news text -> incidents -> GeoDataFrames -> a Folium map and GeoJSON layers.

Run with ``flask --app app run`` (``make run`` sets everything up first); ``flask --app app --help``
lists the commands (ingest, geoparse, extract, load-samples, gazetteer build, init-db).
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from web import api, cli, layers, pages, vendor
from web.config import settings_from_env
from web.services import Services
from web.validate import BadInput

log = logging.getLogger("incident_map")

# Paths whose errors are answered in JSON; the map page answers in HTML.
_JSON_PREFIXES = ("/api/", "/layers", "/basemap/", "/healthz")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(settings_from_env(app.instance_path))
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    services = Services(app)
    services.store.init()
    app.extensions["incident_map"] = services

    for bp in (api.bp, layers.bp, pages.bp, vendor.bp):
        app.register_blueprint(bp)
    cli.register(app)
    _register_errors(app)
    return app


def _wants_json() -> bool:
    return request.path.startswith(_JSON_PREFIXES) or request.is_json


def _register_errors(app: Flask) -> None:
    @app.errorhandler(BadInput)
    def bad_input(exc: BadInput):
        if _wants_json():
            return jsonify(error=exc.message), exc.status
        return exc.message, exc.status, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            message = exc.description or exc.name
            if exc.code == 413:
                message = f"request body too large (limit {app.config['MAX_CONTENT_LENGTH']:,} bytes)"
            return jsonify(error=message), exc.code
        return exc

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # Log the traceback for the operator; the client gets a clear message, never the trace.
        log.exception("unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return jsonify(error="internal error; the server log has the details"), 500
        return "Internal error; the server log has the details.", 500, {"Content-Type": "text/plain; charset=utf-8"}
