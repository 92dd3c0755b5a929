"""Analyst review without the web: one incident in full (with the sentence that says most about
it), and a correction checked against the schema's bounds then stored field by field with who
and when (``store.review``), so that later readings and other outlets' reports never overwrite it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo, create_model,
                      model_validator)

from extract.model import Article
from geo.gazetteer import FEATURE_CLASS, KIND_PRECISION, Gazetteer, Place
from geo.schema import BY_NAME, EDITABLE
from store.base import IncidentStore

from .errors import Invalid, NotFound
from .places import as_json
from .validate import parse_published

# What a correction may send: the fields the schema lets an analyst set, one of the incident's
# other place candidates, or any gazetteer place by its GeoNames id.
CORRECTION_FIELDS = (*EDITABLE, "candidate", "geonameid")


def incident_in_full(store: IncidentStore, incident_id: int) -> dict:
    """Fields, evidence, other place candidates, corrections, and the sentence that says most
    about it with the marks that highlight its words."""
    record = store.incident(incident_id)
    if record is None:
        raise NotFound(f"no incident {incident_id}")
    record["corrections"] = store.corrections(incident_id)
    article = store.article(record["article_id"])
    record["evidence_sentence"], record["sentence_marks"] = (
        evidence_sentence(record, Article(article.text, article.title).document) if article else (record["sentence"], []))
    return record


def correct(store: IncidentStore, incident_id: int, payload, who: str, gazetteer: Gazetteer | None = None) -> dict:
    """Check and store an analyst's correction; the updated incident with its corrections.
    ``gazetteer``: where a ``geonameid`` sent is looked up."""
    record = store.incident(incident_id)
    if record is None:
        raise NotFound(f"no incident {incident_id}")
    updated = store.correct(incident_id, changes_from_payload(payload, record, gazetteer), who)  # gone meanwhile: a 404
    updated["corrections"] = store.corrections(incident_id)
    return updated


def reject(store: IncidentStore, incident_id: int, who: str) -> dict:
    """Take an incident off the map (kept, with who rejected it, and shown with ``status=rejected``)."""
    if store.incident(incident_id) is None:
        raise NotFound(f"no incident {incident_id}")
    return store.correct(incident_id, {"status": "rejected"}, who)


def undo(store: IncidentStore, incident_id: int, who: str) -> dict:
    """Take back the last change to an incident (a 404 when there is none); the updated incident
    with its corrections."""
    updated = store.undo(incident_id, who)
    updated["corrections"] = store.corrections(incident_id)
    return updated


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


def _checked(name: str):
    """The schema's check of one editable field, as a pydantic validator (its InvalidValue, a
    ValueError, becomes the validation error; a date is checked where request dates are)."""
    edit = BY_NAME[name].edit

    def check(value):
        if edit.kind == "date":
            date = parse_published(value, name)
            return date.isoformat() if date else None
        return edit.check(name, value)
    return BeforeValidator(check)


def _gazetteer_place(geonameid, info: ValidationInfo) -> Place:
    gazetteer = (info.context or {}).get("gazetteer")
    if isinstance(geonameid, bool) or not isinstance(geonameid, int) or geonameid <= 0:
        raise ValueError("'geonameid' must be a GeoNames id (a positive whole number)")
    place = gazetteer.by_geonameid(geonameid) if gazetteer is not None else None
    if place is None:
        raise ValueError(f"'geonameid' {geonameid} is no place of the gazetteer (GET /api/places?q= finds them)")
    return place


def _candidate(index, info: ValidationInfo):
    alternatives = (info.context or {}).get("alternatives") or []
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(alternatives):
        raise ValueError(f"'candidate' must be the index of one of the incident's {len(alternatives)} other candidates")
    return index


class _Correction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate: Annotated[Any, BeforeValidator(_candidate)] = None  # an index into the incident's alternatives
    geonameid: Annotated[Any, BeforeValidator(_gazetteer_place)] = None  # any place of the gazetteer
    who: Any = None  # the reviewer's name (web.access reads it)

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, payload):
        if not isinstance(payload, dict) or not payload:
            raise Invalid("send a JSON object of the fields to change: " + ", ".join(CORRECTION_FIELDS))
        if ("lat" in payload) != ("lon" in payload):
            raise Invalid("move an incident with both 'lat' and 'lon'")
        return payload


# One optional field per editable field of the schema, checked by its Edit.
Correction = create_model("Correction", __base__=_Correction,
                          **{name: (Annotated[Any, _checked(name)], None) for name in EDITABLE})


def changes_from_payload(payload, record: dict, gazetteer: Gazetteer | None = None) -> dict:
    """Checked column changes from a correction request; a precise 400 for anything wrong (an
    unknown field first, then the fields in the schema's order)."""
    try:
        body = Correction.model_validate(payload, context={"alternatives": record.get("alternatives"),
                                                           "gazetteer": gazetteer})
    except ValidationError as exc:
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        if errors[0]["type"] == "extra_forbidden":
            raise Invalid(f"cannot change {str(errors[0]['loc'][0])[:40]!r}; fields: {', '.join(CORRECTION_FIELDS)}") \
                from None
        raise Invalid(str((errors[0].get("ctx") or {}).get("error") or errors[0]["msg"])) from None
    sent = body.model_fields_set
    changes: dict = {}
    if "candidate" in sent:
        alt = record["alternatives"][body.candidate]
        found = gazetteer.by_geonameid(alt["geonameid"]) if gazetteer is not None and alt.get("geonameid") else None
        changes.update(_placed_at(alt, gazetteer.division_name(found) if found else None))
    if "geonameid" in sent:
        changes.update(_placed_at(as_json(body.geonameid), gazetteer.division_name(body.geonameid)))
    # After a place: a position sent with it wins.
    changes.update({name: getattr(body, name) for name in EDITABLE if name in sent})
    return changes


def _placed_at(place: dict, division: str | None) -> dict:
    """The columns that follow a chosen place: its name, country, point, id, class, precision (a
    state or country chosen is drawn as a region) and its state or province (``division``)."""
    return dict(place_resolved=place["name"], country=place.get("country"), lat=place["lat"], lon=place["lon"],
                geonameid=place.get("geonameid"), feature_class=FEATURE_CLASS.get(place.get("kind"), "P"),
                geo_precision=KIND_PRECISION.get(place.get("kind"), 1), admin1=division)
