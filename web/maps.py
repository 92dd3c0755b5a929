"""The Folium map: base layers, one empty overlay per incident layer, a layer control.

Markers are not inlined into the HTML: ``static/js/map.js`` fetches each layer's GeoJSON and
fills the overlays, building popups with ``textContent`` so article text can never run as code.
Every asset comes from this app (Leaflet from the xstatic-leaflet package): the page works with
no internet. Online tiles are an opt-in base layer.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

import folium
from markupsafe import escape

from geo.schema import CATEGORY_LAYERS

STYLE = {category: layer.colour for category, layer in CATEGORY_LAYERS.items()}  # in legend order
# ACLED sub-event type -> marker shape (drawn as SVG by static/js/map.js); others are circles.
SHAPES = {
    "Air/drone strike": "triangle",
    "Shelling/artillery/missile attack": "diamond",
    "Remote explosive/landmine/IED": "square",
    "Suicide bomb": "star",
    "Armed clash": "cross",
    "Attack": "circle",
}


@dataclass(frozen=True)
class MapLayer:
    name: str  # "strikes"
    title: str  # "Strikes"
    category: str
    count: int
    url: str  # where its GeoJSON is


@dataclass(frozen=True)
class RenderedMap:
    header: str
    html: str
    script: str
    config: dict  # for map.js: JS names of the map and overlays, and where their data is


class OfflineMap(folium.Map):
    """A folium Map that loads only Leaflet, from URLs we serve."""

    def __init__(self, js: list[tuple[str, str]], css: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.default_js = js
        self.default_css = css


@dataclass(frozen=True)
class ComparisonLayer:
    name: str
    url: str


_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')


def render_map(layers: list[MapLayer], countries_url: str, js: list[tuple[str, str]], css: list[tuple[str, str]],
               tiles: str = "", nonce: str = "", comparisons: list[ComparisonLayer] = (),
               labels_url: str = "") -> RenderedMap:
    """The map's parts for a page template. ``nonce``: the Content-Security-Policy nonce that
    folium's own inline scripts (static code, never article text) must carry to run. ``tiles``:
    the base map shown first ("" offline, "osm"); the page switches between them (``?basemap=``)."""
    m = OfflineMap(js, css, location=[30, 30], zoom_start=3, tiles=None,
                   world_copy_jump=True, control_scale=True)
    # Base maps: offline (the outlines and place names below, no tiles) or OpenStreetMap's tiles,
    # which are fetched only once someone picks them.
    offline = folium.FeatureGroup(name="Offline map", overlay=False, show=tiles != "osm").add_to(m)
    osm = folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=tiles == "osm").add_to(m)
    outlines = folium.FeatureGroup(name="Country outlines", control=True).add_to(m)
    labels = folium.FeatureGroup(name="Place names", control=True).add_to(m)
    groups = {}
    for layer in layers:
        # the count is redrawn by map.js as the time slider, corrections and rejections change it
        label = (f'<span class="swatch" style="background:{STYLE[layer.category]}"></span>{layer.title} '
                 f'(<span class="count" data-layer="{layer.name}">{layer.count}</span>)')
        groups[layer.name] = folium.FeatureGroup(name=label).add_to(m)
    heat = folium.FeatureGroup(name="Heat map", show=False).add_to(m)
    compare = [folium.FeatureGroup(name=f'<span class="swatch compare"></span>Imported: {escape(c.name)}').add_to(m)
               for c in comparisons]
    folium.LayerControl(collapsed=False).add_to(m)
    root = m.get_root()
    root.render()
    config = {
        "map": m.get_name(),
        "countries": {"group": outlines.get_name(), "url": countries_url},
        "labels": {"group": labels.get_name(), "url": labels_url},
        "basemaps": {"offline": offline.get_name(), "osm": osm.get_name()},
        "layers": [{"name": layer.name, "category": layer.category, "group": groups[layer.name].get_name(),
                    "url": layer.url, "color": STYLE[layer.category]} for layer in layers],
        "shapes": SHAPES,
        "heat": heat.get_name(),
        "comparisons": [{"name": c.name, "group": g.get_name(), "url": c.url} for c, g in zip(comparisons, compare)],
    }
    header = root.header.render().replace("<script>", f'<script nonce="{nonce}">')
    # folium's viewport tag forbids zooming the page (user-scalable=no): people who need larger
    # text must be able to pinch; base.html declares the viewport for every page.
    header = _VIEWPORT.sub("", header)
    return RenderedMap(header, root.html.render(), root.script.render(), config)
