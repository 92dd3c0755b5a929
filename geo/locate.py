"""Placing extracted incident mentions on the map and merging the mentions of one event.

An article names an event several times ("US drone strike kills leader in Baghdad" ... "the
drone strike on the Kataib Hezbollah leader in eastern Baghdad" ... "three members were killed
on Wednesday"). Mentions merge into one incident when their category agrees, their dates can be
the same day, and their places are the same or one contains the other. A vaguer mention with no
date merges into a more specific one only if its place contains the other's ("three soldiers
killed in Jordan" -> the Tower 22 attack), never the other way round. Mentions with no place
(or only a place as vague as "the Middle East") add their toll and date to the event they best
match and are otherwise dropped: they cannot be mapped. Only when no event sentence of an article
names a place does its first event go to the article's focus place (geo precision 2 at best).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from extract.actors import GENERIC_ACTOR
from extract.lexicon import NEAR_QUALIFIERS
from extract.model import Article, DateMention, Incident, Mention

from .gazetteer import Place, distance_km
from .resolver import NameInText, PlaceResolver, Resolution

_TOO_VAGUE = {"continent"}  # and countryless regions: "the Middle East", "the Sahel"


@dataclass
class LocatedIncident:
    category: str
    sub_type: str
    date: dt.date | None
    date_precision: int | None
    place: str  # the name as written
    place_resolved: str  # the gazetteer's name
    country: str | None
    geo_precision: int
    lat: float
    lon: float
    geonameid: int | None
    feature_class: str
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    injured: int | None
    sentence: str
    confidence: float
    aggregate: bool = False
    date_text: str | None = None
    place_start: int | None = None
    place_end: int | None = None
    place_score: float | None = None
    alternatives: list[dict] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    # field -> [start, end] in the article document: trigger, place, date, actor1, actor2, fatalities, injured
    evidence: dict[str, list[int]] = field(default_factory=dict)
    field_confidence: dict[str, float] = field(default_factory=dict)

    def properties(self) -> dict:
        """The record as GeoJSON feature properties / JSON (dates as ISO strings)."""
        out = dict(self.__dict__)
        out["date"] = self.date.isoformat() if self.date else None
        return out


@dataclass
class _Draft:
    incident: Incident
    mention: Mention | None
    place: Place | None
    score: float | None
    alternatives: tuple[Place, ...]
    date: DateMention | None
    date_inferred: bool = False
    sentences: list[str] = field(default_factory=list)
    mentions: int = 1
    focus_fallback: bool = False  # placed at the article's focus place, not by its own sentence


def locate(article: Article, mentions: list[Mention], incidents: list[Incident],
           resolver: PlaceResolver, resolutions: list[Resolution | None] | None = None) -> list[LocatedIncident]:
    """``resolutions``: the mentions already resolved (one per mention), if the caller has them."""
    if resolutions is None:
        resolutions = resolver.resolve_all([NameInText(m.text, m.start, m.end) for m in mentions], article.document)
    by_mention = {(m.start, m.end): r for m, r in zip(mentions, resolutions)}
    drafts = [_draft(i, by_mention) for i in incidents]
    single = [d for d in drafts if not d.incident.aggregate]
    placed = _merge_placed([d for d in single if d.place is not None])
    unplaced = [d for d in single if d.place is None]
    if not placed and unplaced:
        # No event sentence names its place: the first event goes to the article's focus place,
        # as ACLED codes a report that only names its town in the dateline or headline.
        focus = _focus(mentions, resolutions)
        if focus is not None:
            first = next((d for d in unplaced if d.incident.category), None)
            if first is not None:
                first.mention, first.place, first.score, first.alternatives = focus[0], focus[1].place, focus[1].score, ()
                first.focus_fallback = True
                placed = [first]
                unplaced = [d for d in unplaced if d is not first]
    for d in placed:
        if d.date is None and article.published:
            d.date, d.date_inferred = DateMention(article.published, 1, ""), True
    _merge_unplaced(placed, unplaced)
    aggregates = [d for d in drafts if d.incident.aggregate and d.place is not None]
    for d in placed:
        if d.incident.category is None:
            # People killed at a place, and no event word but "killed": an attack, unless a state did it.
            d.incident = replace(d.incident, category="attack")
    return [_finish(d) for d in placed + aggregates if d.incident.category]


def _draft(incident: Incident, by_mention: dict[tuple[int, int], Resolution | None]) -> _Draft:
    """Pick the most specific resolved place among the incident's places ("Tower 22" over "Jordan")."""
    best: tuple[Mention, Resolution] | None = None
    for m in incident.places:
        r = by_mention.get((m.start, m.end))
        if r is None or _too_vague(r.place):
            continue
        if best is None:
            best = (m, r)
            continue
        cur = best[1].place
        same_area = cur.country is None or r.place.country is None or cur.country == r.place.country
        if same_area and r.place.precision < cur.precision:
            best = (m, r)
    if best is None:
        return _Draft(incident, None, None, None, (), incident.date, sentences=[incident.sentence])
    m, r = best
    return _Draft(incident, m, r.place, r.score, r.alternatives, incident.date, sentences=[incident.sentence])


def _focus(mentions: list[Mention], resolutions: list[Resolution | None]) -> tuple[Mention, Resolution] | None:
    """The place the article is about: the most often named (towns before countries on a tie),
    then the first named."""
    counts: dict[int, int] = {}
    first: dict[int, tuple[Mention, Resolution]] = {}
    for m, r in zip(mentions, resolutions):
        if r is None or m.label == "NORP" or _too_vague(r.place):
            continue
        counts[r.place.id] = counts.get(r.place.id, 0) + 1
        first.setdefault(r.place.id, (m, r))
    if not counts:
        return None
    best = max(counts, key=lambda pid: (counts[pid], -first[pid][1].place.precision, -first[pid][0].start))
    return first[best]


def _too_vague(p: Place) -> bool:
    return p.kind in _TOO_VAGUE or (p.kind == "region" and p.country is None)


# How far from its point a sea or region can reach (we keep points, not outlines, for these).
_REACH_KM = {"sea": 800, "region": 300, "admin1": 400, "admin2": 100}


def _contains(outer: Place, inner: Place) -> bool:
    if outer.id == inner.id:
        return True
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind in _REACH_KM and (inner.precision < outer.precision or inner.kind == "city"):
        same_country = outer.country is None or inner.country == outer.country
        return same_country and distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < _REACH_KM[outer.kind]
    return False


def _same_place(a: Place, b: Place) -> bool:
    return a.id == b.id or (a.kind == b.kind == "city" and distance_km(a.lat, a.lon, b.lat, b.lon) < 25)


def _dates_overlap(a: DateMention, b: DateMention) -> bool:
    a0, a1 = a.interval()
    b0, b1 = b.interval()
    return a0 <= b1 and b0 <= a1


def _categories_agree(a: Incident, b: Incident) -> bool:
    """Equal, or one of them was only guessed (no actor named) or is a bare toll."""
    if a.category is None or b.category is None or a.category == b.category:
        return True
    return not (a.category_sure and b.category_sure)


def _can_merge_placed(base: _Draft, new: _Draft) -> bool:
    if not _categories_agree(base.incident, new.incident):
        return False
    a, b = base.place, new.place
    if (base.date is None) == (new.date is None):
        related = _same_place(a, b) or _contains(a, b) or _contains(b, a)
        return related and (base.date is None or _dates_overlap(base.date, new.date))
    undated, dated = (base, new) if base.date is None else (new, base)
    return _same_place(undated.place, dated.place) or _contains(undated.place, dated.place)


def _absorb(base: _Draft, new: _Draft, with_place: bool) -> None:
    """Fold ``new`` into ``base``: the more specific place and date, the larger toll."""
    bi, ni = base.incident, new.incident
    evidence = dict(bi.evidence)
    if with_place and new.place is not None and (base.place is None or new.place.precision < base.place.precision
                                                 or (new.place.precision == base.place.precision and bool(new.mention.qualifier) < bool(base.mention.qualifier))):
        base.mention, base.place, base.score, base.alternatives = new.mention, new.place, new.score, new.alternatives
        place_sentence = ni.sentence
    else:
        place_sentence = bi.sentence
    if new.date is not None and (base.date is None or base.date_inferred or new.date.precision < base.date.precision):
        base.date, base.date_inferred = new.date, False
        _take(evidence, ni.evidence, "date")
    merged = replace(bi, sentence=place_sentence)
    for toll in ("fatalities", "injured"):
        if getattr(ni, toll) is not None and (getattr(bi, toll) is None or getattr(ni, toll) > getattr(bi, toll)):
            setattr(merged, toll, getattr(ni, toll))
            _take(evidence, ni.evidence, toll)
    if with_place:
        if bi.category is None or (ni.category_sure and not bi.category_sure):
            merged.category, merged.category_sure = ni.category, ni.category_sure
        if bi.sub_type == "Attack" and ni.sub_type != "Attack":
            merged.sub_type = ni.sub_type
        for role in ("actor1", "actor2"):
            setattr(merged, role, _better_actor(getattr(bi, role), getattr(ni, role)))
            if getattr(merged, role) != getattr(bi, role):
                _take(evidence, ni.evidence, role)
    merged.evidence = evidence
    merged.confidence = max(bi.confidence, ni.confidence)
    base.incident = merged
    base.mentions += new.mentions
    base.sentences += [s for s in new.sentences if s not in base.sentences]


def _take(evidence: dict, other: dict, key: str) -> None:
    if key in other:
        evidence[key] = other[key]
    else:
        evidence.pop(key, None)


def _better_actor(a: str | None, b: str | None) -> str | None:
    if a is None or a == GENERIC_ACTOR:
        return b or a
    return a


def _merge_placed(drafts: list[_Draft]) -> list[_Draft]:
    merged: list[_Draft] = []
    for d in drafts:
        target = next((m for m in merged if _can_merge_placed(m, d)), None)
        if target is None:
            merged.append(d)
        else:
            _absorb(target, d, with_place=True)
    return merged


def _merge_unplaced(placed: list[_Draft], unplaced: list[_Draft]) -> None:
    """Give each unplaced mention's toll and date to the event it best matches."""
    for u in unplaced:
        best, best_rank = None, None
        for p in placed:
            if not _categories_agree(p.incident, u.incident):
                continue
            if u.date is not None and p.date is not None and not _dates_overlap(u.date, p.date):
                continue
            same_day = u.date is not None and p.date is not None and p.date.precision == 1 and p.date.date == u.date.date
            rank = (not same_day, p.incident.category != u.incident.category)
            if best_rank is None or rank < best_rank:
                best, best_rank = p, rank
        if best is not None:
            _absorb(best, u, with_place=False)


def _finish(d: _Draft) -> LocatedIncident:
    i, p, m = d.incident, d.place, d.mention
    geo_precision = p.precision
    if (m.qualifier in NEAR_QUALIFIERS or d.focus_fallback) and p.precision == 1:
        geo_precision = 2  # near the place, or only the place the article is about
    confidence = i.confidence + 0.05 * (d.mentions - 1) - 0.1 * d.date_inferred
    confidence *= 0.5 + 0.5 * (d.score or 0)
    return LocatedIncident(
        category=i.category, sub_type=i.sub_type, date=d.date.date if d.date else None,
        date_precision=d.date.precision if d.date else None, place=m.text, place_resolved=p.name,
        country=p.country, geo_precision=geo_precision, lat=round(p.lat, 5), lon=round(p.lon, 5),
        geonameid=p.geonameid, feature_class=p.feature_class, actor1=i.actor1, actor2=i.actor2,
        fatalities=i.fatalities, injured=i.injured, sentence=i.sentence,
        confidence=round(max(0.05, min(confidence, 0.95)), 2), aggregate=i.aggregate,
        date_text=(d.date.text or None) if d.date else None, place_start=m.start, place_end=m.end,
        place_score=d.score,
        alternatives=[{"name": a.name, "country": a.country, "lat": a.lat, "lon": a.lon,
                       "geonameid": a.geonameid, "kind": a.kind} for a in d.alternatives],
        sentences=d.sentences,
        evidence={k: list(v) for k, v in {**i.evidence, "place": (m.start, m.end)}.items()},
        field_confidence=_field_confidence(d),
    )


_DATE_CONFIDENCE = {1: 0.9, 2: 0.7, 3: 0.6, 4: 0.5}


def _field_confidence(d: _Draft) -> dict[str, float]:
    """How far to trust each field: named agent vs guessed category, the place's share of its
    candidates, a date read in the text vs the publication date, a number vs "dozens"."""
    i = d.incident
    out = {"category": 0.85 if i.category_sure else 0.55,
           "place": round((d.score or 0.0) * (0.5 if d.focus_fallback else 1.0), 2)}
    if d.date is not None:
        out["date"] = 0.3 if d.date_inferred else _DATE_CONFIDENCE[d.date.precision]
    for role in ("actor1", "actor2"):
        name = getattr(i, role)
        if name:
            out[role] = 0.5 if name == GENERIC_ACTOR else 0.8
    for toll in ("fatalities", "injured"):
        if getattr(i, toll) is not None:
            out[toll] = 0.8
    return out
