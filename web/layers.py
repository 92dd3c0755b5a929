"""Incident layers as files (GeoJSON, GeoPackage, CSV, KML, GeoParquet) with the page's filters,
imported comparison layers, and the offline base layer of country outlines."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from geo.export import FORMATS, write
from geo.frames import ALL, LAYERS, MAP_PROPERTIES, PROPERTIES, TITLES, category_of_layer, incidents_frame, layer_names
from service.errors import Invalid, NotFound
from service.filters import filename_part

from .filters import filter_args, map_view, query_from_args
from .services import services


bp = Blueprint("layers", __name__)


def layer_urls(name: str, args: dict) -> dict[str, str]:
    return {ext: url_for("layers.layer_file", name=name, ext=ext, **args) for ext in FORMATS}


@bp.get("/layers")
def list_layers():
    query = query_from_args(request.args)
    counts = services().store.category_counts(query)
    args = filter_args(request.args)
    out = [{"name": ALL, "title": TITLES[ALL], "count": sum(counts.values())}]
    for category, name in LAYERS.items():
        out.append({"name": name, "title": TITLES[name], "category": category, "count": counts.get(category, 0)})
    for layer in out:
        layer["files"] = layer_urls(layer["name"], args)
        layer["geojson"] = layer["files"]["geojson"]
    return jsonify(out)


def layer_query(name: str):
    if name not in layer_names():
        raise NotFound(f"no layer named {name[:60]!r}; layers: {', '.join(layer_names())}")
    return query_from_args(request.args, category_of_layer(name))


@bp.get("/layers/<name>.<ext>")
def layer_file(name: str, ext: str):
    if ext not in FORMATS:
        raise NotFound(f"no format {ext[:20]!r}; formats: {', '.join(FORMATS)}")
    query = layer_query(name)
    columns = request.args.get("columns", "default")
    if columns not in ("default", "acled"):
        raise Invalid("'columns' must be 'default' or 'acled' (CSV only)")
    properties = request.args.get("properties", "all")
    if properties not in ("all", "map"):
        raise Invalid("'properties' must be 'all' or 'map' (the few the map draws with)")
    compact = properties == "map"
    store = services().store
    records = store.points(query, MAP_PROPERTIES) if compact else store.incidents(query, details=False)
    frame = incidents_frame(records, MAP_PROPERTIES if compact else PROPERTIES)
    body = write(frame, ext, name, columns)
    stem = "_".join(filter(None, (name, filename_part(filter_args(request.args)))))
    suffix = "-acled" if columns == "acled" else ""
    response = Response(body, mimetype=FORMATS[ext].mimetype)
    disposition = "inline" if ext == "geojson" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{stem}{suffix}.{ext}"'
    response.headers["X-Feature-Count"] = str(len(frame))
    return response


@bp.get("/layers/compare")
def comparison_layers():
    layers = services().store.comparison_layers()
    for layer in layers:
        layer["geojson"] = url_for("layers.comparison_layer", layer_id=layer["id"])
    return jsonify(layers)


@bp.get("/layers/compare/<int:layer_id>.geojson")
def comparison_layer(layer_id: int):
    data = services().store.comparison_layer(layer_id)
    if data is None:
        raise NotFound(f"no comparison layer {layer_id}")
    return Response(data, mimetype="application/geo+json")


@bp.get("/basemap/labels.json")
def labels():
    """Place names for the offline base map's view: ``bbox`` (minlon,minlat,maxlon,maxlat) and
    ``zoom`` (0-20) -> [{name, kind, lat, lon, population}], larger places first."""
    bbox, zoom = map_view(request.args)
    response = jsonify(services().gazetteer().labels(bbox, zoom))
    response.cache_control.max_age = 86400  # they change only with the gazetteer
    return response


@bp.get("/basemap/countries.geojson")
def countries():
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = Response(services().country_outlines_gzip(), mimetype="application/geo+json")
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    else:
        response = Response(services().country_outlines(), mimetype="application/geo+json")
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)
