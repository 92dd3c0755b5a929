"""JSON API: post articles, jobs, gazetteer places, a summary of the incidents a view shows, what
the map draws for a view of a large store and its timeline, health check."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request, url_for

from service import places, views
from service.errors import Invalid, NotFound, Unsupported
from service.filters import parse_int

from .filters import map_view, query_from_args
from .services import services
from service.sources import article_from_request


bp = Blueprint("api", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.post("/api/articles")
def post_article():
    """JSON {"text", "title"?, "url"?, "published"?} or {"url", "fetch": true}; or a multipart
    form with a ``file`` (.txt or .html) and the same optional fields."""
    svc = services()
    if request.mimetype == "multipart/form-data":
        if "file" not in request.files:
            raise Invalid("a multipart request needs a 'file' field (.txt or .html)")
        article = article_from_request(request.form.to_dict(), request.files["file"], svc.config)
    elif request.is_json:
        payload = request.get_json(silent=True)
        if payload is None:
            raise Invalid("the request body is not valid JSON")
        if not isinstance(payload, dict):
            raise Invalid("the request body must be a JSON object with a 'text' field")
        article = article_from_request(payload, None, svc.config)
    else:
        raise Unsupported("send JSON (Content-Type: application/json) with a 'text' field, or a multipart form with a 'file'")
    if svc.reads_later(article):
        job_id = svc.ingest_later(article)
        url = url_for("api.get_job", job_id=job_id)
        return jsonify(job_id=job_id, job_url=url, status="queued"), 202, {"Location": url}
    result = svc.ingest(article)
    # 201 for a new article; 200 when the same text was already stored (nothing was added).
    return jsonify(asdict(result)), 201 if result.created else 200


@bp.get("/api/places")
def find_places():
    """Gazetteer places whose name starts with ``q`` (offline), best first: the page's place box."""
    limit = parse_int(request.args["limit"], "limit", 1, places.MAX_RESULTS) if "limit" in request.args else 10
    return jsonify(places.search(services().gazetteer(), request.args.get("q", ""), limit))


@bp.get("/api/summary")
def summary():
    """Incidents, killed and injured, by category and by country, for the same filters as the layers."""
    return jsonify(services().store.summary(query_from_args(request.args)))


@bp.get("/api/view")
def view():
    """What the map draws for a view (``bbox``, ``zoom`` and the layers' filters): the incidents,
    or counts per grid cell where the view holds too many (``service/views.py``)."""
    _, zoom = map_view(request.args)  # (the bbox is one of the filters)
    svc = services()
    return jsonify(views.map_view(svc.store, query_from_args(request.args), zoom, svc.config["VIEW_POINTS_MOST"]))


@bp.get("/api/days")
def days():
    """{"YYYY-MM-DD": incidents} for the layers' filters: the page's timeline and time slider."""
    return jsonify(services().store.day_counts(query_from_args(request.args)))


@bp.get("/api/jobs/<int:job_id>")
def get_job(job_id: int):
    """A long article's reading: queued, running, done (with what an inline post returns:
    article_id, created, incidents) or failed (with the error)."""
    job = services().jobs.status(job_id)
    if job is None:
        raise NotFound(f"no job {job_id} (jobs are forgotten when the server restarts)")
    return jsonify(job)


@bp.delete("/api/articles/<int:article_id>")
def delete_article(article_id: int):
    """Remove an article and the incidents only it reports."""
    removed = services().store.delete_article(article_id)  # store.records.NotFound: a 404 (web/errors.py)
    return jsonify(deleted=article_id, incidents_removed=removed)
