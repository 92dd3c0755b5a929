"""Analyst review over HTTP: read one incident in full, correct it, reject it (or take a rejection
back). The checks and the recording are the application's (``service.review``); corrections are
stored field by field with who and when, so every layer, download and OGC API response shows
them, and later articles about the same event never overwrite a corrected field.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, session

from service import review
from service.errors import Invalid, Unsupported

from .access import signed_in_how
from .services import services

bp = Blueprint("review", __name__)


@bp.get("/api/incidents/<int:incident_id>")
def get_incident(incident_id: int):
    """One incident in full: fields, evidence, other place candidates, corrections, and the
    sentence that says most about it with the marks that highlight its words."""
    return jsonify(review.incident_in_full(services().store, incident_id))


def reviewer(payload: dict) -> str:
    """Who made a change: the name the analyst gave (or "analyst") and how they were let in."""
    name = payload.get("who") if isinstance(payload, dict) else None
    if name is not None and (not isinstance(name, str) or len(name) > 100):
        raise Invalid("'who' must be a name of at most 100 characters")
    name = (name or session.get("name") or "analyst").strip() or "analyst"
    return f"{name} ({signed_in_how()})"


@bp.patch("/api/incidents/<int:incident_id>")
def correct_incident(incident_id: int):
    if not request.is_json:
        raise Unsupported("send JSON (Content-Type: application/json) with the fields to change")
    payload = request.get_json(silent=True)
    if payload is None:
        raise Invalid("the request body is not valid JSON")
    svc = services()
    return jsonify(review.correct(svc.store, incident_id, payload, reviewer(payload), svc.gazetteer()))


@bp.post("/api/incidents/<int:incident_id>/reject")
def reject_incident(incident_id: int):
    payload = request.get_json(silent=True) if request.is_json else {}
    return jsonify(review.reject(services().store, incident_id, reviewer(payload or {})))


@bp.post("/api/incidents/<int:incident_id>/undo")
def undo_change(incident_id: int):
    """Take back the last change to the incident not yet taken back (a 404 when there is none)."""
    payload = request.get_json(silent=True) if request.is_json else {}
    return jsonify(review.undo(services().store, incident_id, reviewer(payload or {})))
