"""Feeds in, alerts out: subscriptions (API and page), watch areas, the latest incidents, and
every filtered layer as an Atom feed with GeoRSS points. The work is ``service.feeds``,
``service.watch`` and ``service.atom``; this is their HTTP side."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from geo.frames import TITLES
from service import atom
from service.errors import AppError, Invalid
from service.filters import parse_int
from service.watch import AREA_FILTERS
from store.records import now

from .errors import status_of
from .filters import filter_args
from .layers import layer_query
from .services import services

bp = Blueprint("feeds", __name__)

LATEST_MOST = 100


def _json_body() -> dict:
    payload = request.get_json(silent=True) if request.is_json else None
    if not isinstance(payload, dict):
        raise Invalid("send a JSON object (Content-Type: application/json)")
    return payload


# -- subscriptions ---------------------------------------------------------------------------
@bp.get("/api/feeds")
def list_feeds():
    return jsonify(services().feeds.list())


@bp.post("/api/feeds")
def add_feed():
    """{"url", "interval"?}: 201 with the new subscription, 200 with the one the URL already has."""
    payload = _json_body()
    feed, created = services().feeds.add(payload.get("url"), payload.get("interval"))
    return jsonify(feed), 201 if created else 200


@bp.get("/api/feeds/<int:feed_id>")
def get_feed(feed_id: int):
    return jsonify(services().feeds.get(feed_id))


@bp.delete("/api/feeds/<int:feed_id>")
def delete_feed(feed_id: int):
    services().feeds.remove(feed_id)
    return jsonify(deleted=feed_id)


# -- watch areas -------------------------------------------------------------------------------
@bp.get("/api/watch-areas")
def list_areas():
    return jsonify(services().watches.list())


@bp.post("/api/watch-areas")
def add_area():
    """{"name", "bbox" | "geometry" (GeoJSON Polygon), "filters"?, "webhook"?} -> 201."""
    return jsonify(services().watches.add(_json_body())), 201


@bp.get("/api/watch-areas/<int:area_id>")
def get_area(area_id: int):
    return jsonify(services().watches.get(area_id))


@bp.delete("/api/watch-areas/<int:area_id>")
def delete_area(area_id: int):
    services().watches.remove(area_id)
    return jsonify(deleted=area_id)


@bp.get("/api/watch-areas/<int:area_id>/incidents")
def area_incidents(area_id: int):
    limit = parse_int(request.args["limit"], "limit", 1, 1000) if "limit" in request.args else 100
    return jsonify(services().watches.incidents(area_id, limit))


# -- what is new -------------------------------------------------------------------------------
@bp.get("/api/latest")
def latest():
    """The newest incidents the filters match, newest first: ``after`` (an incident id) gives only
    those added after it; ``limit`` (1-100, 20). The page's "latest" list polls it."""
    query = layer_query("all")
    after = parse_int(request.args["after"], "after", 0, 2**63 - 1) if request.args.get("after") else 0
    limit = parse_int(request.args["limit"], "limit", 1, LATEST_MOST) if "limit" in request.args else 20
    records = services().store.incidents(replace(query, order_by="id", descending=True, limit=limit), details=False)
    fresh = [_latest_item(r) for r in records if r["id"] > after]
    return jsonify(incidents=fresh, newest=max((r["id"] for r in records), default=after))


def _latest_item(record: dict) -> dict:
    keep = ("id", "category", "sub_type", "place", "place_resolved", "country", "date", "fatalities", "injured",
            "lat", "lon", "added", "source_title", "sentence")
    return {**{k: record.get(k) for k in keep}, "title": atom.title_of(record),
            "map_url": url_for("pages.index", incident=record["id"])}


@bp.get("/layers/<name>.atom")
def layer_atom(name: str):
    """The layer's incidents with the page's filters, newest added first, as Atom 1.0 with a
    GeoRSS point per entry (``limit``: 1-1000 entries, 100)."""
    query = layer_query(name)
    limit = (parse_int(request.args["limit"], "limit", 1, atom.MOST_ENTRIES) if "limit" in request.args
             else atom.DEFAULT_ENTRIES)
    records = services().store.incidents(replace(query, order_by="id", descending=True, limit=limit), details=False)
    args = filter_args(request.args)
    described = ", ".join(f"{k} {v}" for k, v in args.items())
    body = atom.feed(records, title=f"incident-map: {TITLES[name]}" + (f" ({described})" if described else ""),
                     self_url=url_for("feeds.layer_atom", name=name, _external=True, **args),
                     page_url=url_for("pages.index", _external=True, **args),
                     incident_url=lambda i: url_for("pages.index", incident=i, _external=True),
                     now=now())
    return Response(body, mimetype="application/atom+xml")


# -- the page ----------------------------------------------------------------------------------
@bp.get("/feeds")
def page(status: int = 200, error: str | None = None, notice: str | None = None):
    svc = services()
    areas = svc.watches.list()
    hits = {a["id"]: svc.watches.incidents(a["id"], 10) for a in areas}
    # "Watch this view" on the map: the view's box and filters, ready to be saved
    proposed = {"bbox": request.args.get("bbox", ""), "filters": MultiDict(
        [(k, v) for k, v in request.args.items(multi=True) if k in AREA_FILTERS and v.strip()])}
    return render_template("feeds.html", feeds=svc.feeds.list(), areas=areas, hits=hits, error=error,
                           notice=notice or request.args.get("notice"), proposed=proposed,
                           watching=svc.config["WATCH"]), status


@bp.post("/feeds")
def page_add_feed():
    try:
        feed, created = services().feeds.add(request.form.get("url"), request.form.get("interval") or None)
    except AppError as exc:
        return page(status_of(exc), exc.message)
    notice = (f"Subscribed to {feed['url']}; it is polled every {feed['interval_s']} s." if created
              else f"Already subscribed to {feed['url']}.")
    return redirect(url_for("feeds.page", notice=notice), 303)


@bp.post("/feeds/<int:feed_id>/delete")
def page_delete_feed(feed_id: int):
    try:
        services().feeds.remove(feed_id)
    except AppError as exc:
        return page(status_of(exc), exc.message)
    return redirect(url_for("feeds.page", notice=f"Feed {feed_id} removed."), 303)


@bp.post("/watch-areas")
def page_add_area():
    form = request.form
    filters = {k: form.getlist(k) for k in AREA_FILTERS if any(v.strip() for v in form.getlist(k))}
    try:
        area = services().watches.add({"name": form.get("name", ""), "bbox": form.get("bbox", ""),
                                       "filters": filters, "webhook": form.get("webhook") or None})
    except AppError as exc:
        return page(status_of(exc), exc.message)
    return redirect(url_for("feeds.page", notice=f"Watching {area['name']}."), 303)


@bp.post("/watch-areas/<int:area_id>/delete")
def page_delete_area(area_id: int):
    try:
        services().watches.remove(area_id)
    except AppError as exc:
        return page(status_of(exc), exc.message)
    return redirect(url_for("feeds.page", notice=f"Watch area {area_id} removed."), 303)
