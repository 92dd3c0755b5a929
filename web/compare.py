"""Uploads of comparison layers: checked, with precise errors."""

from __future__ import annotations

from geo.compare import UnreadableLayer, comparison_layer

from .validate import BadInput

MAX_UPLOAD = 50 * 1024 * 1024


def layer_from_upload(filename: str, data: bytes, name: str | None) -> tuple[str, str, dict]:
    if len(data) > MAX_UPLOAD:
        raise BadInput(f"the file is larger than {MAX_UPLOAD:,} bytes", 413)
    if not data.strip():
        raise BadInput("the file is empty")
    try:
        source_format, collection = comparison_layer(filename, data)
    except UnreadableLayer as exc:
        status = 415 if "import a .geojson" in str(exc) else 400
        raise BadInput(f"{filename[:80]!r}: {exc}", status) from None
    label = (name or "").strip()[:80] or filename.rsplit("/", 1)[-1][:80]
    return label, source_format, collection
