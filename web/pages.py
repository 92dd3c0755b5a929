"""The pages people use: the map (with filters, timeline and downloads), the table, one
article with its places and incidents marked, and the forms that add articles and layers."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, g, redirect, render_template, request, url_for

from extract.lexicon import SUB_TYPES
from extract.model import Article
from geo.frames import ALL, LAYERS
from geo.schema import CATEGORY_LAYERS, TABLE_COLUMNS
from service.errors import AppError, NotFound
from store.query import IncidentQuery

from .compare import import_comparison_layer
from .errors import status_of
from .filters import filter_args, query_from_args
from .layers import layer_urls
from .maps import SHAPES, STYLE, ComparisonLayer, MapLayer, render_map
from .services import services
from service.sources import article_from_request


bp = Blueprint("pages", __name__)

TABLE_PAGE = 500
LATEST_EVERY_MS = 10_000  # how often the map's "latest" list asks for new incidents


def _filters() -> tuple[IncidentQuery, dict, str | None]:
    """The view's filters; malformed ones are dropped with a message instead of a blank page."""
    try:
        return query_from_args(request.args), filter_args(request.args), None
    except AppError as exc:
        return IncidentQuery(), {}, exc.message


def _page(status: int = 200, error: str | None = None, form: dict | None = None):
    svc = services()
    query, args, filter_error = _filters()
    summary = svc.store.summary(query)
    counts = summary["by_category"]
    layers = [MapLayer(layer.name, layer.title, category, counts.get(category, 0),
                       url_for("layers.layer_file", name=layer.name, ext="geojson", properties="map", **args))
              for category, layer in CATEGORY_LAYERS.items()]
    imported = svc.store.comparison_layers()
    comparisons = [ComparisonLayer(c["name"], url_for("layers.comparison_layer", layer_id=c["id"])) for c in imported]
    rendered = render_map(
        layers,
        countries_url=url_for("layers.countries"),
        labels_url=url_for("layers.labels"),
        js=[("leaflet", url_for("vendor.leaflet", filename="leaflet.js")),
            ("markercluster", url_for("vendor.markercluster", filename="leaflet.markercluster.js")),
            ("leaflet_heat", url_for("vendor.leaflet_heat"))],
        css=[("leaflet_css", url_for("vendor.leaflet", filename="leaflet.css")),
             ("markercluster_css", url_for("vendor.markercluster", filename="MarkerCluster.css"))],
        tiles=svc.config["TILES"],
        nonce=g.csp_nonce,
        comparisons=comparisons,
    )
    added = request.args.get("added", type=int)
    notice = None
    if added is not None:
        n = request.args.get("n", type=int) or 0
        notice = (f"Article {added} {'added' if request.args.get('new') == '1' else 'was already stored'}: "
                  f"{n} incident{'s' if n != 1 else ''} on the map.")
    job_id = request.args.get("job", type=int)
    if job_id is not None:
        job = svc.jobs.status(job_id) or {"status": "forgotten"}
        notice = {"queued": f"The article is long: it is queued to be read (job {job_id}); reload to see it.",
                  "running": f"The article is long and being read (job {job_id}); reload in a minute.",
                  "done": f"Article {job.get('article_id')} read: its incidents are on the map.",
                  "failed": f"Reading the article failed: {job.get('error')}"}.get(
            job["status"], f"Job {job_id} is unknown (the server restarted); post the article again.")
    if request.args.get("imported", type=int) is not None:
        notice = f"Imported a comparison layer of {request.args.get('features', type=int) or 0} features."
    downloads = {name: layer_urls(name, args) for name in [ALL, *LAYERS.values()]}
    facets = svc.store.facets()
    countries = _country_choices(svc, sorted(set(facets["countries"]) | set(summary["by_country"]) - {""}))
    return render_template(
        "index.html", map=rendered, layers=layers, style=STYLE, shapes=SHAPES, total=summary["incidents"],
        summary=summary,
        everything=svc.store.count(IncidentQuery()), articles=svc.store.count_articles(),
        error=error or filter_error, notice=notice, form=form or {}, filters=args, query=query,
        facets=facets, countries=countries, country_names=dict(countries), categories=list(LAYERS),
        sub_types=list(SUB_TYPES), downloads=downloads,
        acled_csv=url_for("layers.layer_file", name=ALL, ext="csv", columns="acled", **args),
        table_url=url_for("pages.table", **args), comparisons=imported,
        view=_view_config(summary["incidents"], args),
        atom_url=url_for("feeds.layer_atom", name=ALL, **args), latest_every_ms=LATEST_EVERY_MS,
    ), status


def _view_config(matched: int, args: dict) -> dict:
    """How map.js gets its incidents: all at once (``whole``), or what each view needs from the
    server (a large store: ``service/views.py``), with the filters of the page."""
    return {"whole": matched <= services().config["WHOLE_MAP_MOST"], "url": url_for("api.view", **args),
            "days": url_for("api.days", **args), "summary": url_for("api.summary", **args)}


def _country_choices(svc, codes: list[str]) -> list[tuple[str, str]]:
    """(ISO code, name) of the countries the store holds, by name: the country filter shows
    "Iraq", not "IQ" (a code the gazetteer lacks stays as it is)."""
    gazetteer = svc.gazetteer()
    named = [(code, place.name if (place := gazetteer.country(code)) else code) for code in codes]
    return sorted(named, key=lambda choice: choice[1])


@bp.app_template_filter("utc_minute")
def utc_minute(stored: str) -> str:
    """A time as the store writes it (UTC ISO 8601 to the second) as people read it: "2026-11-30 01:22"."""
    return stored.replace("T", " ")[:16]


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def add_article():
    svc = services()
    form = {k: request.form.get(k, "") for k in ("text", "title", "url", "published", "fetch")}
    try:
        article = article_from_request(form, request.files.get("file"), svc.config)
    except AppError as exc:
        return _page(status_of(exc), exc.message, form)
    if svc.reads_later(article):
        return redirect(url_for("pages.index", job=svc.ingest_later(article)), 303)
    result = svc.ingest(article)
    shown = [i for i in result.incidents if not i["aggregate"] and i["status"] == "active"]
    # the map opens on the article's first incident (its popup, zoomed in), so one sees where it went
    first = {"incident": shown[0]["id"]} if shown else {}
    return redirect(url_for("pages.index", added=result.article_id, n=len(shown), new=int(result.created), **first), 303)


@bp.post("/layers/compare")
def import_layer():
    """The page's form for a read-only comparison layer (GeoJSON or an ACLED CSV export)."""
    try:
        layer = import_comparison_layer()
    except AppError as exc:
        return _page(status_of(exc), exc.message)
    return redirect(url_for("pages.index", imported=layer["id"], features=layer["features"]), 303)


@bp.get("/table")
def table():
    svc = services()
    query, args, error = _filters()
    sort = request.args.get("sort", "id")
    if sort not in TABLE_COLUMNS:
        sort = "id"
    descending = request.args.get("order") == "desc"
    offset = max(request.args.get("offset", 0, type=int), 0)
    total = svc.store.count(query)
    shown = svc.store.incidents(replace(query, order_by=sort, descending=descending, limit=TABLE_PAGE,
                                        offset=offset), details=False)  # sorted and paged in SQL
    return render_template(
        "table.html", rows=shown, columns=TABLE_COLUMNS, total=total, offset=offset, page=TABLE_PAGE,
        sort=sort, descending=descending, filters=args, error=error,
        csv_url=url_for("layers.layer_file", name=ALL, ext="csv", **args),
        map_url=url_for("pages.index", **args),
    )


REVIEW_PAGE = 50


@bp.get("/review")
def review_queue():
    """What is left to check, flagged values first, then the least confident; each opens on the
    map, where it is corrected or rejected."""
    svc = services()
    query, args, error = _filters()
    offset = max(request.args.get("offset", 0, type=int), 0)
    total, rows = svc.store.review_queue(query, REVIEW_PAGE, offset)
    return render_template("review.html", rows=rows, total=total, offset=offset, page=REVIEW_PAGE, filters=args,
                           error=error, map_url=url_for("pages.index", **args))


def marked_segments(document: str, marks: list[tuple[int, int, str, str]]) -> list[tuple[str, str | None, str]]:
    """The document cut into (text, css class or None, title) pieces; overlapping marks keep the first."""
    out, at = [], 0
    for start, end, cls, title in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < at or start >= end or end > len(document):
            continue
        if start > at:
            out.append((document[at:start], None, ""))
        out.append((document[start:end], cls, title))
        at = end
    out.append((document[at:], None, ""))
    return out


@bp.get("/articles/<int:article_id>")
def article(article_id: int):
    svc = services()
    stored = svc.store.article(article_id)
    if stored is None:
        raise NotFound(f"no article {article_id}")
    document = Article(stored.text, stored.title).document
    incidents = svc.store.incidents(IncidentQuery(article_id=article_id, include_aggregates=True, status="all"))
    marks = [(p["start"], p["end"], "place", f"{p['name']} ({p.get('country') or '?'}, {p['lat']:.3f}, {p['lon']:.3f})")
             for p in stored.places]
    for inc in incidents:
        if inc["article_id"] != article_id:
            continue  # first reported elsewhere: its offsets are into that article
        for field, span in (inc.get("evidence") or {}).items():
            if field != "place" and isinstance(span, list) and len(span) == 2:
                marks.append((span[0], span[1], f"ev-{field}", f"incident {inc['id']}: {field}"))
    return render_template("article.html", article=stored, segments=marked_segments(document, marks),
                           incidents=incidents,
                           source_link=(stored.url or "").lower().startswith(("http://", "https://")))
