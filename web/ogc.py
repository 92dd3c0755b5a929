"""OGC API - Features, Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) under /ogc.

Collections are the incident layers (all, strikes, attacks, clashes, others); items are
incidents as GeoJSON features. Besides the standard ``bbox``, ``datetime``, ``limit`` and
``offset``, items take the page's filters (category, sub_type, actor, q, country, min_confidence,
status); any other parameter is a 400, as the standard requires. JSON or HTML by ``f=json|html``
or the Accept header.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from geo.export import FORMATS
from geo.frames import (ALL, LAYERS, PROPERTIES, TITLES, category_of_layer, incidents_frame, layer_names,
                        to_geojson)
from service.errors import Invalid, NotFound
from service.filters import parse_bbox, parse_float, parse_int
from store.query import IncidentQuery

from .filters import query_from_args
from .services import services


bp = Blueprint("ogc", __name__, url_prefix="/ogc")

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = FORMATS["geojson"].mimetype
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
DEFAULT_LIMIT, MAX_LIMIT = 10, 10_000
ITEM_FILTERS = ("category", "sub_type", "actor", "q", "country", "min_confidence", "status")


def _check_params(allowed: set[str]) -> None:
    unknown = sorted(set(request.args) - allowed - {"f"})
    if unknown:
        raise Invalid(f"unknown query parameter {unknown[0][:40]!r}; this resource takes: "
                      f"{', '.join(sorted(allowed | {'f'}))}")


def _html_wanted() -> bool:
    f = request.args.get("f")
    if f is not None:
        if f not in ("json", "html"):
            raise Invalid("'f' must be 'json' or 'html'")
        return f == "html"
    best = request.accept_mimetypes.best_match(["application/json", GEOJSON, "text/html"])
    return best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]


def _url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _links(endpoint: str, json_type: str = "application/json", **values) -> list[dict]:
    """self + alternate links for a resource offered as JSON and HTML."""
    html = _html_wanted()
    return [
        {"href": _url(endpoint, f="html" if html else "json", **values), "rel": "self",
         "type": "text/html" if html else json_type, "title": "this document"},
        {"href": _url(endpoint, f="json" if html else "html", **values), "rel": "alternate",
         "type": json_type if html else "text/html", "title": "this document as " + ("JSON" if html else "HTML")},
    ]


def _respond(body: dict, kind: str, json_type: str = "application/json", **page):
    """``body`` as JSON of ``json_type``, or as the HTML page of ``kind`` (``page``: its extras)."""
    if _html_wanted():
        return render_template("ogc.html", body=body, kind=kind, **page)
    response = jsonify(body)
    response.mimetype = json_type
    return response


@bp.get("/")
def landing():
    _check_params(set())
    body = {
        "title": "incident-map",
        "description": "Strikes, attacks and other incidents read from news text, as OGC API - Features.",
        "links": [
            *_links("ogc.landing"),
            {"href": _url("ogc.openapi"), "rel": "service-desc", "type": OPENAPI, "title": "API definition (OpenAPI 3.0)"},
            {"href": _url("ogc.openapi", f="html"), "rel": "service-doc", "type": "text/html", "title": "API documentation"},
            {"href": _url("ogc.conformance"), "rel": "conformance", "type": "application/json",
             "title": "conformance classes implemented"},
            {"href": _url("ogc.collections"), "rel": "data", "type": "application/json", "title": "incident layers"},
        ],
    }
    return _respond(body, "landing")


@bp.get("/conformance")
def conformance():
    _check_params(set())
    return _respond({"links": _links("ogc.conformance"), "conformsTo": CONFORMANCE}, "conformance")


def _collection(name: str) -> dict:
    query = IncidentQuery(categories=(category_of_layer(name),) if name != ALL else ())
    extent = services().store.extent(query)
    bbox = extent["bbox"] or [-180.0, -90.0, 180.0, 90.0]
    first, last = extent["dates"]
    return {
        "id": name,
        "title": TITLES[name],
        "description": f"{TITLES[name]} read from news reports (rejected and summary records excluded).",
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {
            "spatial": {"bbox": [bbox], "crs": CRS84},
            "temporal": {"interval": [[f"{first}T00:00:00Z" if first else None, f"{last}T23:59:59Z" if last else None]],
                         "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"},
        },
        "links": [
            {"href": _url("ogc.items", name=name, f="json"), "rel": "items", "type": GEOJSON, "title": "incidents as GeoJSON"},
            {"href": _url("ogc.items", name=name, f="html"), "rel": "items", "type": "text/html", "title": "incidents as HTML"},
            {"href": _url("ogc.collection", name=name, f="json"), "rel": "self", "type": "application/json",
             "title": "this collection"},
            *[{"href": _url("layers.layer_file", name=name, ext=f.ext), "rel": "enclosure", "type": f.mimetype,
               "title": f"download as {f.title}"} for f in FORMATS.values() if f.ext != "geojson"],
        ],
    }


def _layer_or_404(name: str) -> None:
    if name not in layer_names():
        raise NotFound(f"no collection {name[:60]!r}; collections: {', '.join(layer_names())}")


@bp.get("/collections")
def collections():
    _check_params(set())
    body = {"links": _links("ogc.collections"), "collections": [_collection(name) for name in layer_names()]}
    return _respond(body, "collections")


@bp.get("/collections/<name>")
def collection(name: str):
    _layer_or_404(name)
    _check_params(set())
    body = _collection(name)
    body["links"] = [*_links("ogc.collection", name=name), *[l for l in body["links"] if l["rel"] != "self"]]
    return _respond(body, "collection")


def parse_datetime(value: str) -> tuple[dt.date | None, dt.date | None]:
    """An RFC 3339 date-time or an interval ("a/b", "../b", "a/..") -> (first day, last day)."""

    def instant(text: str) -> dt.date:
        text = text.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00")).date()
        except ValueError:
            raise Invalid(f"'datetime' is not an RFC 3339 date-time or interval: {value[:60]!r}") from None

    if "/" in value:
        start, _, end = value.partition("/")
        if "/" in end:
            raise Invalid("'datetime' interval has more than two ends")
        first = None if start in ("", "..") else instant(start)
        last = None if end in ("", "..") else instant(end)
        if first is None and last is None:
            raise Invalid("'datetime' interval needs at least one end")
        if first and last and first > last:
            raise Invalid("'datetime' interval ends before it starts")
        return first, last
    day = instant(value)
    return day, day


def _items_query(name: str) -> tuple[IncidentQuery, int, int]:
    _check_params({"bbox", "bbox-crs", "datetime", "limit", "offset", *ITEM_FILTERS})
    filters = request.args.copy()
    filters.pop("bbox", None)  # OGC's bbox may have six numbers: read below
    query = query_from_args(filters, category_of_layer(name))
    if request.args.get("bbox-crs", CRS84) != CRS84:
        raise Invalid(f"'bbox-crs' must be {CRS84}")
    bbox = request.args.get("bbox")
    if bbox is not None:
        parts = bbox.split(",")
        if len(parts) == 6:  # with heights: minlon,minlat,minh,maxlon,maxlat,maxh
            heights = [parse_float(parts[k], "bbox") for k in (2, 5)]
            if heights[0] > heights[1]:
                raise Invalid("'bbox' heights must be given lowest first (minlon,minlat,minh,maxlon,maxlat,maxh)")
            bbox = ",".join(parts[0:2] + parts[3:5])
        query = replace(query, bbox=parse_bbox(bbox))
    if request.args.get("datetime"):
        first, last = parse_datetime(request.args["datetime"])
        query = replace(query, since=first, until=last)
    limit = parse_int(request.args["limit"], "limit", 1, MAX_LIMIT) if "limit" in request.args else DEFAULT_LIMIT
    offset = parse_int(request.args["offset"], "offset", 0, 10**9) if "offset" in request.args else 0
    return query, limit, offset


@bp.get("/collections/<name>/items")
def items(name: str):
    _layer_or_404(name)
    query, limit, offset = _items_query(name)
    store = services().store
    matched = store.count(query)
    records = store.incidents(replace(query, limit=limit, offset=offset), details=False)
    collection = to_geojson(incidents_frame(records))
    args = {k: v for k, v in request.args.items() if k not in ("offset", "f")}
    html = _html_wanted()
    links = _links("ogc.items", GEOJSON, name=name, offset=offset, **args)
    page_type = "text/html" if html else GEOJSON
    fmt = "html" if html else "json"
    if offset + limit < matched:
        links.append({"href": _url("ogc.items", name=name, f=fmt, offset=offset + limit, **{**args, "limit": limit}),
                      "rel": "next", "type": page_type, "title": "next page"})
    if offset > 0:
        links.append({"href": _url("ogc.items", name=name, f=fmt, offset=max(offset - limit, 0), **{**args, "limit": limit}),
                      "rel": "prev", "type": page_type, "title": "previous page"})
    links.append({"href": _url("ogc.collection", name=name), "rel": "collection", "type": "application/json",
                  "title": "the collection"})
    body = {
        "type": "FeatureCollection",
        "features": collection["features"],
        "links": links,
        "timeStamp": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "numberMatched": matched,
        "numberReturned": len(collection["features"]),
    }
    return _respond(body, "items", GEOJSON, name=name, title=TITLES[name], properties=PROPERTIES)


@bp.get("/collections/<name>/items/<feature_id>")
def item(name: str, feature_id: str):
    _layer_or_404(name)
    _check_params(set())
    if not feature_id.isdigit() or len(feature_id) > 18:
        raise NotFound(f"no feature {feature_id[:40]!r} in {name}")
    query = IncidentQuery(ids=(int(feature_id),), status="all",
                          categories=(category_of_layer(name),) if name != ALL else ())
    records = services().store.incidents(query, details=False)
    if not records:
        raise NotFound(f"no feature {feature_id} in {name}")
    feature = to_geojson(incidents_frame(records))["features"][0]
    feature["links"] = [
        *_links("ogc.item", GEOJSON, name=name, feature_id=feature_id),
        {"href": _url("ogc.collection", name=name), "rel": "collection", "type": "application/json", "title": "the collection"},
        {"href": _url("pages.article", article_id=records[0]["article_id"]), "rel": "related", "type": "text/html",
         "title": "the article it was read from"},
    ]
    return _respond(feature, "item", GEOJSON, name=name, title=TITLES[name])


@bp.get("/api")
def openapi():
    _check_params(set())
    doc = openapi_document(_url("ogc.landing").rstrip("/"))
    if _html_wanted():
        return render_template("ogc.html", body=doc, kind="openapi")
    return Response(jsonify(doc).get_data(), mimetype="application/vnd.oai.openapi+json;version=3.0")


def openapi_document(server: str) -> dict:
    """The OpenAPI 3.0 definition of these endpoints."""
    def param(name, schema, description, where="query", required=False, **extra):
        return {"name": name, "in": where, "required": required, "schema": schema, "description": description, **extra}

    f = param("f", {"type": "string", "enum": ["json", "html"]}, "response format")
    layer = param("collectionId", {"type": "string", "enum": layer_names()}, "layer", where="path", required=True)
    item_params = [
        layer, f,
        param("bbox", {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
              "minlon,minlat,maxlon,maxlat (CRS84)", style="form", explode=False),
        param("bbox-crs", {"type": "string", "format": "uri"}, "CRS of bbox (only CRS84)"),
        param("datetime", {"type": "string"}, "RFC 3339 date-time or interval (a/b, ../b, a/..)"),
        param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "page size"),
        param("offset", {"type": "integer", "minimum": 0, "default": 0}, "features to skip"),
        param("category", {"type": "string"}, "categories, comma-separated: " + ", ".join(LAYERS)),
        param("sub_type", {"type": "string"}, "ACLED sub-event types, comma-separated"),
        param("actor", {"type": "string"}, "part of an actor's name"),
        param("q", {"type": "string"}, "words of the place, the actors or the evidence sentence (full-text search)"),
        param("country", {"type": "string"}, "ISO 3166-1 alpha-2 codes, comma-separated"),
        param("min_confidence", {"type": "number", "minimum": 0, "maximum": 1}, "lowest confidence"),
        param("status", {"type": "string", "enum": ["active", "rejected", "all"]}, "review status"),
    ]

    def op(summary, params, ctype="application/json"):
        return {"get": {"summary": summary, "parameters": params, "responses": {
            "200": {"description": "OK", "content": {ctype: {}, "text/html": {}}},
            "400": {"description": "bad query parameter"}, "404": {"description": "not found"}}}}

    return {
        "openapi": "3.0.3",
        "info": {"title": "incident-map OGC API - Features", "version": "1.0.0"},
        "servers": [{"url": server}],
        "paths": {
            "/": op("landing page", [f]),
            "/conformance": op("conformance classes", [f]),
            "/api": op("this definition", [f], OPENAPI),
            "/collections": op("incident layers", [f]),
            "/collections/{collectionId}": op("one layer", [layer, f]),
            "/collections/{collectionId}/items": op("incidents of a layer", item_params, GEOJSON),
            "/collections/{collectionId}/items/{featureId}": op(
                "one incident", [layer, param("featureId", {"type": "string"}, "incident id", where="path", required=True), f],
                GEOJSON),
        },
    }
