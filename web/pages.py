"""The map page, and the form that adds an article from it."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from geo.frames import LAYERS

from .maps import MapLayer, STYLE, render_map
from .services import services
from .validate import BadInput, article_from_fields

bp = Blueprint("pages", __name__)


def _page(status: int = 200, error: str | None = None, form: dict | None = None):
    svc = services()
    counts = svc.store.category_counts()
    layers = [MapLayer(name, name.capitalize(), category, counts.get(category, 0),
                       url_for("layers.layer_geojson", name=name)) for category, name in LAYERS.items()]
    rendered = render_map(
        layers,
        countries_url=url_for("layers.countries"),
        leaflet_js=url_for("vendor.leaflet", filename="leaflet.js"),
        leaflet_css=url_for("vendor.leaflet", filename="leaflet.css"),
        tiles=svc.config["TILES"],
        nonce=g.csp_nonce,
    )
    added = request.args.get("added", type=int)
    notice = None
    if added is not None:
        n = request.args.get("n", type=int) or 0
        notice = f"Article {added} {'added' if request.args.get('new') == '1' else 'was already stored'}: {n} incident{'s' if n != 1 else ''} on the map."
    return render_template(
        "index.html", map=rendered, layers=layers, style=STYLE, total=sum(counts.values()),
        articles=svc.store.count_articles(), error=error, notice=notice, form=form or {},
    ), status


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def add_article():
    svc = services()
    form = {k: request.form.get(k, "") for k in ("text", "title", "url", "published")}
    try:
        article = article_from_fields(form, svc.config["MAX_TEXT_BYTES"])
    except BadInput as exc:
        return _page(exc.status, exc.message, form)
    result = svc.ingest(article)
    shown = sum(1 for i in result.incidents if not i["aggregate"])
    return redirect(url_for("pages.index", added=result.article_id, n=shown, new=int(result.created)), 303)
