"""Incident layers as GeoJSON, and the offline base layer of country outlines."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from geo.frames import ALL, LAYERS, category_of_layer, incidents_frame, layer_names, to_geojson

from .services import services
from .validate import BadInput

bp = Blueprint("layers", __name__)


@bp.get("/layers")
def list_layers():
    counts = services().store.category_counts()
    out = [{"name": ALL, "title": "All incidents", "count": sum(counts.values()),
            "geojson": url_for("layers.layer_geojson", name=ALL)}]
    for category, name in LAYERS.items():
        out.append({"name": name, "title": name.capitalize(), "category": category,
                    "count": counts.get(category, 0), "geojson": url_for("layers.layer_geojson", name=name)})
    return jsonify(out)


@bp.get("/layers/<name>.geojson")
def layer_geojson(name: str):
    if name not in layer_names():
        raise BadInput(f"no layer named {name[:60]!r}; layers: {', '.join(layer_names())}", 404)
    records = services().store.incidents(category=category_of_layer(name))
    response = jsonify(to_geojson(incidents_frame(records)))
    response.mimetype = "application/geo+json"
    response.headers["Content-Disposition"] = f'inline; filename="{name}.geojson"'
    return response


@bp.get("/basemap/countries.geojson")
def countries():
    response = Response(services().country_outlines(), mimetype="application/geo+json")
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)
