"""JSON API: post articles, health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from .services import services
from .validate import BadInput, article_from_fields

bp = Blueprint("api", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.post("/api/articles")
def post_article():
    if not request.is_json:
        raise BadInput("send JSON (Content-Type: application/json) with a 'text' field", 415)
    payload = request.get_json(silent=True)
    if payload is None:
        raise BadInput("the request body is not valid JSON")
    svc = services()
    article = article_from_fields(payload, svc.config["MAX_TEXT_BYTES"])
    result = svc.ingest(article)
    body = {"article_id": result.article_id, "created": result.created, "incidents": result.incidents}
    # 201 for a new article; 200 when the same text was already stored (nothing was added).
    return jsonify(body), 201 if result.created else 200
