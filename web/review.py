"""Analyst review: read one incident in full, correct it, reject it (or take a rejection back).

Corrections are stored field by field with who and when (``store.Store.correct``); the incident
row holds the corrected values, so every layer, download and OGC API response shows them, and
later articles about the same event never overwrite a corrected field.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, session

from extract.model import Article
from geo.gazetteer import FEATURE_CLASS, KIND_PRECISION
from geo.schema import BY_NAME, EDITABLE, InvalidValue
from service.errors import Invalid, NotFound, Unsupported

from .access import signed_in_how
from .services import services
from .validate import parse_published

bp = Blueprint("review", __name__)

# What a correction may send: the fields the schema lets an analyst set, and a place candidate.
_EDITABLE = (*EDITABLE, "candidate")

def _incident_or_404(incident_id: int) -> dict:
    record = services().store.incident(incident_id)
    if record is None:
        raise NotFound(f"no incident {incident_id}")
    return record


def evidence_sentence(record: dict, document: str) -> tuple[str, list[dict]]:
    """The incident's sentence that holds most of its evidence (the event words first), and where
    the event words, place, date, actors and tolls are in it: [{start, end, field}] relative to
    the sentence (the evidence offsets are into the article)."""
    evidence = {k: v for k, v in (record.get("evidence") or {}).items() if isinstance(v, list) and len(v) == 2}
    best: tuple[tuple[int, int], str, list[dict]] = ((-1, -1), record.get("sentence") or "", [])
    for sentence in dict.fromkeys([record.get("sentence") or "", *(record.get("sentences") or [])]):
        found = document.find(sentence) if sentence else -1
        while found != -1:
            marks = [{"start": a - found, "end": b - found, "field": field} for field, (a, b) in evidence.items()
                     if found <= a < b <= found + len(sentence)]
            score = (any(m["field"] == "trigger" for m in marks), len(marks))
            if score > best[0]:
                best = (score, sentence, marks)
            found = document.find(sentence, found + 1)
    return best[1], best[2]


@bp.get("/api/incidents/<int:incident_id>")
def get_incident(incident_id: int):
    """One incident in full: fields, evidence, other place candidates, corrections, and the
    sentence that says most about it with the marks that highlight its words."""
    svc = services()
    record = _incident_or_404(incident_id)
    record["corrections"] = svc.store.corrections(incident_id)
    article = svc.store.article(record["article_id"])
    record["evidence_sentence"], record["sentence_marks"] = (
        evidence_sentence(record, Article(article.text, article.title).document) if article else (record["sentence"], []))
    return jsonify(record)


def changes_from_payload(payload, record: dict) -> dict:
    """Checked column changes from a correction request; a precise 400 for anything wrong."""
    if not isinstance(payload, dict) or not payload:
        raise Invalid("send a JSON object of the fields to change: " + ", ".join(_EDITABLE))
    unknown = sorted(set(payload) - set(_EDITABLE) - {"who"})
    if unknown:
        raise Invalid(f"cannot change {unknown[0][:40]!r}; fields: {', '.join(_EDITABLE)}")
    if ("lat" in payload) != ("lon" in payload):
        raise Invalid("move an incident with both 'lat' and 'lon'")
    changes: dict = {}
    if "candidate" in payload:
        alternatives = record.get("alternatives") or []
        index = payload["candidate"]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(alternatives):
            raise Invalid(f"'candidate' must be the index of one of the incident's {len(alternatives)} other candidates")
        alt = alternatives[index]
        changes.update(place_resolved=alt["name"], country=alt.get("country"), lat=alt["lat"], lon=alt["lon"],
                       geonameid=alt.get("geonameid"), feature_class=FEATURE_CLASS.get(alt.get("kind"), "P"),
                       geo_precision=KIND_PRECISION.get(alt.get("kind"), 1))
    for name in EDITABLE:  # after a candidate: a position sent with it wins
        if name not in payload:
            continue
        edit = BY_NAME[name].edit
        if edit.kind == "date":
            date = parse_published(payload[name], name)
            changes[name] = date.isoformat() if date else None
            continue
        try:
            changes[name] = edit.check(name, payload[name])
        except InvalidValue as exc:
            raise Invalid(str(exc)) from None
    return changes


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
    record = _incident_or_404(incident_id)
    changes = changes_from_payload(payload, record)
    who = reviewer(payload)
    updated = services().store.correct(incident_id, changes, who)  # gone meanwhile: a 404
    updated["corrections"] = services().store.corrections(incident_id)
    return jsonify(updated)


@bp.post("/api/incidents/<int:incident_id>/reject")
def reject_incident(incident_id: int):
    payload = request.get_json(silent=True) if request.is_json else {}
    _incident_or_404(incident_id)
    updated = services().store.correct(incident_id, {"status": "rejected"}, reviewer(payload or {}))
    return jsonify(updated)
