"""Turning place names into places, using the rest of the document as context.

Ranking of the candidates of one name (higher wins):
- feature type for bare names: country > admin1/continent > sea/region/site > town;
- population (log scale) among towns;
- document context: towns in a country the article names (or where its unambiguous places lie);
- "X, Y" patterns: "Alexandria, Virginia" puts Alexandria in Virginia;
- proximity to the document's other unambiguous places.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from statistics import median

from .gazetteer import KIND_RANK, Gazetteer, Place, distance_km


@dataclass(frozen=True)
class Resolution:
    place: Place
    score: float  # 0..1: the winner's share of the candidates' weight
    alternatives: tuple[Place, ...] = field(default=())  # runners-up, best first


@dataclass(frozen=True)
class NameInText:
    """What the resolver needs of a mention: its text and where it stands."""

    text: str
    start: int
    end: int


_COMMA_PAIR = re.compile(r"^\s*,\s*$")


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, fallback=None):
        """``fallback``: an optional geopy geocoder asked only for names the gazetteer lacks."""
        self.gazetteer = gazetteer
        self.fallback = fallback

    def resolve_all(self, names: list[NameInText], text: str) -> list[Resolution | None]:
        candidates = [self.gazetteer.lookup(n.text) for n in names]
        # Context: countries the text names, and the countries of names with one reading only.
        context_countries: dict[str, float] = {}
        anchor_countries: dict[str, int] = {}  # countries of places that can only be in one country
        anchors: list[Place] = []
        for cands in candidates:
            top = _prior_best(cands)
            if top is None:
                continue
            if top.kind == "country":
                context_countries[top.country] = context_countries.get(top.country, 0) + 1
                continue
            countries = {p.country for p in cands}
            if len(countries) == 1 and top.country:
                context_countries[top.country] = context_countries.get(top.country, 0) + 0.5
                anchor_countries[top.country] = anchor_countries.get(top.country, 0) + 1
                anchors.append(top)
        admin1s = {(p.country, p.admin1) for cands in candidates for p in cands if p.kind == "admin1"}
        centre = _centre(anchors)
        results: list[Resolution | None] = []
        for i, (name, cands) in enumerate(zip(names, candidates)):
            if not cands:
                results.append(self._ask_fallback(name.text))
                continue
            container = self._container(names, candidates, i, text)
            scored = sorted(((self._score(p, context_countries, anchor_countries, admin1s, centre, container), p) for p in cands),
                            key=lambda sp: -sp[0])
            weights = [math.exp(min(s - scored[0][0], 0)) for s, _ in scored]
            results.append(Resolution(scored[0][1], round(weights[0] / sum(weights), 3),
                                      tuple(p for _, p in scored[1:6])))
        return results

    def resolve(self, name: str, text: str = "") -> Resolution | None:
        return self.resolve_all([NameInText(name, 0, len(name))], text or name)[0]

    # -- scoring --------------------------------------------------------------------------
    def _score(self, p: Place, countries: dict[str, float], anchor_countries: dict[str, int], admin1s: set,
               centre: tuple[float, float] | None, container: list[Place]) -> float:
        s = _prior(p)
        if p.kind == "city" and p.country in countries:
            s += 2.5 + 0.5 * min(countries[p.country], 3)
        if p.kind == "admin1" and p.country in anchor_countries:
            # A state beats a country of the same name only beside other places of its own country
            # ("Atlanta ... Georgia, Alabama"), not merely because that country is named.
            s += 1.5 + 0.5 * min(anchor_countries[p.country], 4)
        if p.kind == "city" and (p.country, p.admin1) in admin1s:
            s += 2.0
        if container:
            if any(_inside(p, c) for c in container):
                s += 8
            else:
                s -= 2
        if centre is not None and p.kind == "city":
            d = distance_km(p.lat, p.lon, *centre)
            s += 1.5 * max(0.0, 1 - math.log10(max(d, 10)) / 4)
        return s

    def _container(self, names: list[NameInText], candidates: list[list[Place]], i: int, text: str) -> list[Place]:
        """For "Alexandria, Virginia": the places the next name could be, if it directly follows."""
        if i + 1 >= len(names):
            return []
        here, nxt = names[i], names[i + 1]
        if not _COMMA_PAIR.match(text[here.end:nxt.start]):
            return []
        return [p for p in candidates[i + 1] if p.kind in ("country", "admin1")]

    def _ask_fallback(self, name: str) -> Resolution | None:
        if self.fallback is None:
            return None
        place = self.fallback.place(name)
        return Resolution(place, 0.5) if place else None


def _prior(p: Place) -> float:
    if p.kind == "city":
        bonus = 1.0 if p.feature_code == "PPLC" else 0.0
        return math.log10(p.population + 10) + bonus
    return 6.0 + KIND_RANK[p.kind]


def _prior_best(cands: list[Place]) -> Place | None:
    return max(cands, key=_prior) if cands else None


def _inside(p: Place, container: Place) -> bool:
    if container.kind == "country":
        return p.country == container.country
    return p.country == container.country and p.admin1 == container.admin1


def _centre(places: list[Place]) -> tuple[float, float] | None:
    if not places:
        return None
    return median(p.lat for p in places), median(p.lon for p in places)
