"""Comparison layers: uploads of other tools' incident layers, checked with precise errors."""

from __future__ import annotations

from flask import Blueprint, request, url_for

from geo.compare import UnreadableLayer, UnsupportedLayer, comparison_layer, vertices
from service.errors import Invalid, NotFound, TooLarge, Unsupported

from .review import reviewer
from .services import services


bp = Blueprint("compare", __name__)

MAX_UPLOAD = 50 * 1024 * 1024
# Vertices of all comparison layers together: every page load draws them all.
MAX_TOTAL_VERTICES = 300_000


def layer_from_upload(filename: str, data: bytes, name: str | None) -> tuple[str, str, dict]:
    if len(data) > MAX_UPLOAD:
        raise TooLarge(f"the file is larger than {MAX_UPLOAD:,} bytes")
    if not data.strip():
        raise Invalid("the file is empty")
    try:
        source_format, collection = comparison_layer(filename, data)
    except UnsupportedLayer as exc:
        raise Unsupported(f"{filename[:80]!r}: {exc}") from None
    except UnreadableLayer as exc:
        raise Invalid(f"{filename[:80]!r}: {exc}") from None
    label = (name or "").strip()[:80] or filename.rsplit("/", 1)[-1][:80]
    return label, source_format, collection


def import_comparison_layer() -> dict:
    """Store the uploaded file of this request as a comparison layer."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Invalid("send a GeoJSON or ACLED CSV file as the multipart field 'file'")
    name, source_format, collection = layer_from_upload(upload.filename, upload.read(MAX_UPLOAD + 1),
                                                        request.form.get("name"))
    store = services().store
    drawn = store.comparison_vertices()
    if drawn + vertices(collection) > MAX_TOTAL_VERTICES:
        raise TooLarge(f"the comparison layers would have {drawn + vertices(collection):,} vertices in all; the map "
                       f"draws at most {MAX_TOTAL_VERTICES:,}: delete a layer first")
    layer_id = store.add_comparison_layer(name, source_format, collection, reviewer({}), vertices(collection))
    return {"id": layer_id, "name": name, "format": source_format, "features": len(collection["features"]),
            "geojson": url_for("layers.comparison_layer", layer_id=layer_id)}


@bp.post("/api/comparison-layers")
def post_comparison_layer():
    return import_comparison_layer(), 201


@bp.delete("/api/comparison-layers/<int:layer_id>")
def delete_comparison_layer(layer_id: int):
    if not services().store.delete_comparison_layer(layer_id):
        raise NotFound(f"no comparison layer {layer_id}")
    return {"deleted": layer_id}
