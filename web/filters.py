"""Query parameters -> an IncidentQuery: the web's side of ``service.filters`` (which checks them
and says precisely what is malformed), and the filters to carry into links."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from service.errors import Invalid
from service.filters import FILTER_PARAMS, LIST_PARAMS, parse_bbox, parse_int, query_from_params
from store.query import IncidentQuery


def query_from_args(args: MultiDict, layer_category: str | None = None) -> IncidentQuery:
    """The incidents a URL asks for (``layer_category``: see ``LayerFilters.to_query``)."""
    return query_from_params(args.to_dict(flat=False), layer_category)


def filter_args(args: MultiDict) -> dict[str, str]:
    """The filter parameters present in a request, to carry into links (downloads, table, map):
    a list filter given several times (``country=IQ&country=SY``, as a multiple choice sends it)
    as one comma-separated value."""
    out = {}
    for k in FILTER_PARAMS:
        values = [v for v in args.getlist(k) if v.strip()] if k in LIST_PARAMS else [args.get(k, "")]
        if any(v.strip() for v in values):
            out[k] = ",".join(values) if k in LIST_PARAMS else values[0]
    return out


def map_view(args: MultiDict) -> tuple[tuple[float, float, float, float], int]:
    """The ``bbox`` and ``zoom`` of a request for one map view (both required)."""
    if "bbox" not in args or "zoom" not in args:
        raise Invalid("'bbox' and 'zoom' are required")
    return parse_bbox(args["bbox"]), parse_int(args["zoom"], "zoom", 0, 20)
