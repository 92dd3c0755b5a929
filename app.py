"""incident-map: news text -> incidents -> GeoDataFrames -> a Folium map and GeoJSON layers.

Run with ``flask --app app run`` (``make run`` sets everything up first); ``flask --app app --help``
lists the commands (ingest, geoparse, extract, load-samples, gazetteer build, init-db).
"""

from __future__ import annotations

import gzip
import logging
import secrets
import sqlite3
from pathlib import Path

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from service.core import Services
from service.settings import Settings
from service.validate import check_json_depth
from store import is_postgres
from web import access, api, cli, compare, feeds, layers, ogc, pages, review, vendor
from web.errors import KNOWN, message_of, status_of

log = logging.getLogger("incident_map")

# Paths whose errors are answered in JSON; the map page answers in HTML.
_JSON_PREFIXES = ("/api/", "/layers", "/basemap/", "/healthz", "/ogc")
_GZIP_TYPES = {"application/json", "application/geo+json", "text/csv", "text/html", "application/atom+xml",
               "application/vnd.google-earth.kml+xml", "application/vnd.oai.openapi+json"}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(Settings.from_env(app.instance_path).flask_config())
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or access.secret_key(app.instance_path)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")

    services = Services(app.config)
    services.store.init()
    app.extensions["incident_map"] = services

    # Ids in paths are SQLite integers: a larger number matches no route (404), it does not overflow.
    app.url_map.converters["int"] = StoreId

    @app.before_request
    def shallow_json():
        if request.is_json and request.content_length:
            check_json_depth(request.get_data(cache=True))

    for bp in (api.bp, feeds.bp, layers.bp, pages.bp, review.bp, compare.bp, ogc.bp, vendor.bp, access.bp):
        app.register_blueprint(bp)
    access.register(app)
    cli.register(app)
    _register_errors(app)
    _register_security_headers(app)
    _register_compression(app)
    return app


class StoreId(IntegerConverter):
    """``<int:...>`` that matches only what a SQLite integer can hold."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _register_compression(app: Flask) -> None:
    """gzip for text bodies over ~1.4 KB when the client accepts it: GeoJSON layers shrink ~8x,
    which is most of the map's page weight with many incidents."""

    @app.after_request
    def compress(response):
        if (response.direct_passthrough or response.status_code < 200 or response.status_code >= 300
                or "gzip" not in request.headers.get("Accept-Encoding", "")
                or response.mimetype not in _GZIP_TYPES or "Content-Encoding" in response.headers):
            return response
        data = response.get_data()
        if len(data) < 1400:  # about one packet: smaller bodies gain nothing
            return response
        response.set_data(gzip.compress(data, compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        if response.get_etag()[0]:  # a different body: a different entity tag
            response.set_etag(response.get_etag()[0] + "-gz")
        return response


def _register_security_headers(app: Flask) -> None:
    """A Content-Security-Policy under which article text can never run: scripts only from this
    app or with this response's nonce (the map's own inline script), no plugins, no framing."""

    @app.before_request
    def make_nonce():
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.context_processor
    def nonce():
        return {"csp_nonce": g.get("csp_nonce", "")}

    @app.after_request
    def headers(response):
        # OpenStreetMap's tiles may be shown: the page's base-map switcher offers them (they are
        # requested only when someone picks them, or when INCIDENT_MAP_TILES=osm makes them the default).
        tiles = " https://*.tile.openstreetmap.org"
        response.headers.setdefault("Content-Security-Policy", (
            f"default-src 'self'; script-src 'self' 'nonce-{g.get('csp_nonce', '')}'; "
            # Leaflet and the layer control write style attributes; styles cannot run code.
            f"style-src 'self' 'unsafe-inline'; img-src 'self' data:{tiles}; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _wants_json() -> bool:
    return request.path.startswith(_JSON_PREFIXES) or request.is_json


def _register_errors(app: Flask) -> None:
    def known(exc: Exception):
        status, message = status_of(exc), message_of(exc)
        if _wants_json():
            return jsonify(error=message), status
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}

    for kind in KNOWN:  # each with its status (web/errors.py)
        app.register_error_handler(kind, known)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            message = exc.description or exc.name
            if exc.code == 413:
                message = f"request body too large (limit {app.config['MAX_CONTENT_LENGTH']:,} bytes)"
            return jsonify(error=message), exc.code
        return exc

    @app.errorhandler(sqlite3.OperationalError)
    def store_unavailable(exc: sqlite3.OperationalError):
        text = str(exc).lower()
        if "disk is full" in text or "disk i/o" in text:
            status, message = 507, "the server's disk is full; nothing was stored"
        elif "locked" in text or "busy" in text:
            status, message = 503, "the store is busy; nothing was stored, try again"
        else:
            return unexpected(exc)
        log.error("store: %s on %s %s", exc, request.method, request.path)
        if _wants_json():
            return jsonify(error=message), status
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}

    if is_postgres(app.config["DATABASE"]):
        import psycopg

        @app.errorhandler(psycopg.OperationalError)
        def server_unavailable(exc: psycopg.OperationalError):
            # the team store's server is down, restarting or out of disk
            full = isinstance(exc, psycopg.errors.DiskFull)
            status = 507 if full else 503
            message = ("the store's disk is full; nothing was stored" if full
                       else "the store's database server is unavailable; nothing was stored, try again")
            log.error("store: %s on %s %s", exc, request.method, request.path)
            if _wants_json():
                return jsonify(error=message), status
            return message, status, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # Log the traceback for the operator; the client gets a clear message, never the trace.
        log.exception("unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return jsonify(error="internal error; the server log has the details"), 500
        return "Internal error; the server log has the details.", 500, {"Content-Type": "text/plain; charset=utf-8"}
