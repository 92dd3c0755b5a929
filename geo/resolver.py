"""Turning place names into places, using the rest of the document as context.

Ranking of the candidates of one name (higher wins):
- feature type for bare names: country > admin1/continent > sea/region/site > town;
- population (log scale) among towns;
- document context: towns in a country the article names as a place (or where its unambiguous
  places lie; "U.S. officials" names an actor and counts little), in American local news by its
  wording; a country named elsewhere by its people or towns. A world city (a capital, a city of a
  million) is not beaten by its small namesakes abroad on their country alone: they need their
  state, their county, their neighbours, or the wording of their local news;
- "X, Y" patterns: "Alexandria, Virginia" puts Alexandria in Virginia (lists are not); "the
  Romanian town of Alexandria" puts it in Romania (or nowhere, if the index has none there);
  "Brooklyn, New York" is the city; the members of a list share their kind; "Washington state";
- proximity to the document's other unambiguous places;
- towns and counties of one state named together support each other ("Lebanon ... Boone County"),
  and so do big cities of one country ("Alexandria and Cairo");
- a second pass: proximity to where the first pass put the other towns, and a town within 30 km
  of one it was sure of;
- a country beats its namesakes inside it, a town the province named after it, a national
  capital a state of its name; a state's, sea's or region's name needs local evidence to be a
  village's; a far-off village in a country the article never mentions stays unplaced.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from statistics import median

from .gazetteer import HAMLET_POPULATION, KIND_RANK, Gazetteer, Place, distance_km
from .names import normalize


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


_POSSESSIVE = re.compile(r"['’]s\s+")
_COMMA_PAIR = re.compile(r"^\s*,\s*$")
# "(the northern) Mozambique town of ", "(a) Syrian village called ": ends where the name starts
_COUNTRY_KIND_OF = re.compile(r"(?<![\w'’-])(?P<words>(?:[A-Z][\w'’.-]*\s+){1,3})(?:border\s+|port\s+|coastal\s+|"
                              r"frontline\s+|front-line\s+)?(?:town|city|village|port|hamlet|settlement|district|"
                              r"province|region|capital|commune)\s+(?:of|called|named)\s+$")
_LIST_GOES_ON = re.compile(r"^\s*,?\s*(and|or)\b")


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, fallback=None):
        """``fallback``: an optional geopy geocoder asked only for names the gazetteer lacks."""
        self.gazetteer = gazetteer
        self.fallback = fallback

    def resolve_all(self, names: list[NameInText], text: str) -> list[Resolution | None]:
        """Resolve every name of one document. A name means one place throughout the document
        ("one sense per discourse"): "Paris, Texas" in one sentence settles every "Paris"."""
        candidates = [_abbreviated(n.text, self.gazetteer.lookup(n.text)) for n in names]
        keys = [normalize(n.text) for n in names]
        # "U.S. officials", "Iraqi forces"; but "Egypt has no cases" is about Egypt
        attributive = set(keys) - {key for key, n in zip(keys, names)
                                   if not ((_ABBREVIATION.match(n.text) and _ATTRIBUTIVE.match(text, n.end))
                                           or self.gazetteer.is_demonym(n.text))}
        evidence = _Evidence.collect(names, candidates, attributive, _looks_like_us_local_news(text))
        # What the other names say of a name, built once per name (not per occurrence).
        contexts = {key: evidence.without(key) for key in dict.fromkeys(keys)}
        for i, (key, name) in enumerate(zip(keys, names)):
            placed = contexts[key].placed_countries
            if not candidates[i]:
                # A name the index lacks as written: only in a country the rest of the article
                # names as a place, or spelt otherwise if it has several words
                # (or written in two words, in a country it names at all: "Afghan officials ... Day Kundi")
                candidates[i] = self._unlisted(name.text, placed) or self.gazetteer.lookup_respelled(name.text) \
                    or self._joined(name.text, set(contexts[key].countries))
            elif placed and not any(p.country in placed for p in candidates[i]):
                # ... and a name the index has only abroad, as another name of a place called
                # otherwise, may be a spelling of one in the country the article is about:
                # "Elenovka" (Russian) beside Donetsk is "Olenivka", not the Armenian town once
                # called so; and any may be a district or commune there ("Palma district" in a
                # story from Mozambique is not the Brazilian municipality)
                # (not where the name is a town's own abroad, unless only hamlets bear it: "the
                # Hiran region" of a Somali story is Hiiraan, not an Iraqi hamlet called Hiran)
                loose = [] if any(normalize(p.name) == key and (p.population or 0) >= HAMLET_POPULATION
                                  for p in candidates[i]) \
                    else self.gazetteer.lookup_loose(name.text, placed)
                candidates[i] = candidates[i] + loose + self._units_in(name.text, placed)
        # "the northern Mozambique town of Palma", "the Syrian village of X": the name is in that
        # country, throughout the document (Palma, Spain is not a candidate; if the index has no
        # Palma in Mozambique, it stays unplaced rather than placed in Spain).
        for key, country in self._qualified(names, keys, text).items():
            for i in (i for i, k in enumerate(keys) if k == key):
                inside = [p for p in candidates[i] if p.country == country and p.kind != "country"]
                candidates[i] = inside or self._unlisted(names[i].text, {country})
        # What the other names say of a name, and where it is a region's own, is the same in both
        # passes (the candidates of a name's first occurrence, as the passes read them).
        settled: dict[str, tuple[_Context, frozenset, Place | None]] = {}
        for key, cands in zip(keys, candidates):
            if key not in settled:
                settled[key] = (contexts[key], _regions_named(key, cands), _world_city(cands))
        containers: dict[str, list[Place]] = {}
        for i, key in enumerate(keys):
            containers.setdefault(key, []).extend(self._container(names, candidates, i, text))
            if i > 0 and _POSSESSIVE.fullmatch(text, names[i - 1].end, names[i].start):
                # "Bihar's Aurangabad district", "Syria's Idlib province": in the one named first
                containers[key].extend(p for p in candidates[i - 1] if p.kind in ("country", "admin1"))
        local = _LocalSupport(keys, candidates)
        cues = _Cues.collect(names, candidates, keys, text)
        for i, key in enumerate(keys):
            named = contexts[key].countries
            if key in cues.units and named and not any(p.country in named or p.kind not in ("admin2", "city")
                                                       for p in candidates[i]):
                # "the district of Patu" in a story about Afghanistan: a district the index lacks
                # there, not the Brazilian municipality
                candidates[i] = []
        first: dict[str, Resolution | None] = {}
        for _ in range(2):
            # Pass 1 reads the document's unambiguous names; pass 2 also where pass 1 put the
            # others ("Dublin" beside Cuyahoga Falls and Columbus is the one in Ohio).
            by_key: dict[str, Resolution | None] = {}
            for key, name, cands in zip(keys, names, candidates):
                if key in by_key:
                    continue
                if not cands:
                    by_key[key] = self._ask_fallback(name.text)
                    continue
                # The context of a name is what the *other* names say: "Mexico" must not pull
                # itself towards Mexico City by naming the country Mexico.
                context, regions_named, world = settled[key]
                towns = _Towns.of({k: r for k, r in first.items() if k != key})
                # the states that a world city in them is also called ("New York") where the article places
                # nothing else in their country, nor names a town before the name ("Buffalo, New York": a
                # town with a comma, known or not, lies in the state): there the city is meant
                city_states = {(c.country, c.admin1) for c in cands if c.kind == "city" and c.population >= WORLD_CITY
                               and key not in cues.addressed and not _places_in(c.country, context, first, key)}
                # a name only provinces bear ("Northwest province"): the one in the article's country
                provinces = all(p.kind == "admin1" for p in cands)
                scored = sorted(((_score(p, context, containers[key], regions_named, world) - _shadowed(p, cands, key, city_states)
                                  + towns.bonus(p) + local.support(p, key) + cues.bonus(p, key)
                                  + (1.5 if normalize(p.name) == key else 0.0)
                                  + (1.0 if provinces and p.country in context.placed_countries else 0.0), p)
                                 for p in cands), key=lambda sp: -sp[0])
                weights = [math.exp(min(s - scored[0][0], 0)) for s, _ in scored]
                if first and _stray(scored[0][1], context):
                    by_key[key] = None
                    continue
                by_key[key] = Resolution(scored[0][1], round(weights[0] / sum(weights), 3),
                                         tuple(p for _, p in scored[1:6]))
            first = by_key
        return [by_key[k] for k in keys]

    def resolve(self, name: str, text: str = "") -> Resolution | None:
        return self.resolve_all([NameInText(name, 0, len(name))], text or name)[0]

    def _unlisted(self, name: str, countries: set[str]) -> list[Place]:
        """A name the index does not list as written, in one of ``countries``: a transliteration
        variant ("Jisr al-Shughur"), else a village's commune or district ("Maru LGA", "Hina")."""
        return self.gazetteer.lookup_loose(name, countries) or self._units_in(name, countries)

    def _joined(self, name: str, countries: set[str]) -> list[Place]:
        """A name written in two words where the index has one ("Day Kundi province": Daykundi), in
        one of ``countries``."""
        words = name.split()
        if not 2 <= len(words) <= 3 or min(len(w) for w in words[:2]) < 3:
            return []
        return [p for p in self.gazetteer.lookup(" ".join([words[0] + words[1], *words[2:]])) if p.country in countries]

    def _units_in(self, name: str, countries: set[str]) -> list[Place]:
        """The small administrative units of this name in one of ``countries``."""
        return [p for p in self.gazetteer.lookup_unit(name) if p.country in countries]

    def _qualified(self, names: list[NameInText], keys: list[str], text: str) -> dict[str, str]:
        """name key -> the country a phrase puts it in ("the Mozambique town of", "a Syrian village called")."""
        out: dict[str, str] = {}
        for key, name in zip(keys, names):
            m = _COUNTRY_KIND_OF.search(text, max(0, name.start - 80), name.start)
            if m is None:
                continue
            words = m.group("words").split()
            for n in range(len(words)):  # "Central African Republic", "Mozambique", "Syrian"
                places = self.gazetteer.lookup(" ".join(words[n:]))
                country = next((p.country for p in places[:1] if p.kind == "country"), None)
                if country:
                    out.setdefault(key, country)
                    break
        return out

    def _container(self, names: list[NameInText], candidates: list[list[Place]], i: int, text: str) -> list[Place]:
        """For "Alexandria, Virginia": the places the next name could be, if it directly follows."""
        if i + 1 >= len(names):
            return []
        here, nxt = names[i], names[i + 1]
        if not _COMMA_PAIR.match(text[here.end:nxt.start]):
            return []
        best = _prior_best(candidates[i])
        if best is not None and best.kind in ("country", "continent"):
            return []  # "China, Japan": a list of countries, not China inside Japan
        if _LIST_GOES_ON.match(text[nxt.end:nxt.end + 8]) or (
                i + 2 < len(names) and _COMMA_PAIR.match(text[nxt.end:names[i + 2].start])):
            return []  # "Ghana, Guinea and Mali", "Paris, London, Rome" (but "Paris, Texas, police said")
        return [p for p in candidates[i + 1] if p.kind in ("country", "admin1")]

    def _ask_fallback(self, name: str) -> Resolution | None:
        if self.fallback is None:
            return None
        place = self.fallback.place(name)
        return Resolution(place, 0.5) if place else None


@dataclass
class _Context:
    countries: dict[str, float]  # named countries (1 each) and countries of anchors (0.5 each)
    anchor_countries: dict[str, int]  # countries of places that can lie in one country only
    admin1s: set[tuple[str, str]]  # (country, admin1) of the states and provinces named
    admin1s_per_country: dict[str, int]  # how many states or provinces of each country are named
    placed_countries: set[str]  # countries named as places ("in Iraq") or holding an anchor
    centre: tuple[float, float] | None  # median point of the anchors
    local: str | None = None  # the country whose local news the article's wording is


@dataclass
class _Evidence:
    """What each distinct name of a document says about where the document is."""

    by_key: dict[str, tuple[str | None, Place | None, set]]  # key -> (country named, anchor, admin1s)
    attributive: set[str]  # names only ever used of people and things ("U.S. officials", "Iraqi")
    us_local: bool = False  # the wording of American local news

    @classmethod
    def collect(cls, names: list[NameInText], candidates: list[list[Place]], attributive: set[str] = frozenset(),
                us_local: bool = False) -> "_Evidence":
        by_key: dict[str, tuple[str | None, Place | None, set]] = {}
        for name, cands in zip(names, candidates):
            key = normalize(name.text)
            if key in by_key or not cands:
                continue
            top = _prior_best(cands)
            admin1s = {(p.country, p.admin1) for p in cands if p.kind == "admin1"}
            if top.kind == "country":
                by_key[key] = (top.country, None, admin1s)
            elif top.country and (len({p.country for p in cands}) == 1 or _dominant(top, cands)):
                by_key[key] = (None, top, admin1s)
            else:
                by_key[key] = (None, None, admin1s)
        return cls(by_key, set(attributive), us_local)

    def without(self, key: str) -> _Context:
        countries: dict[str, float] = {}
        anchor_countries: dict[str, int] = {}
        admin1s: set[tuple[str, str]] = set()
        anchors = []
        placed: set[str] = set()
        for k, (named, anchor, states) in self.by_key.items():
            if k == key:
                continue
            admin1s |= states
            if named:
                # "U.S. officials met in Athens" names an actor, not where the story is
                countries[named] = countries.get(named, 0) + (0.25 if k in self.attributive else 1)
                if k not in self.attributive:
                    placed.add(named)
            if anchor is not None:
                countries[anchor.country] = countries.get(anchor.country, 0) + 0.5
                anchor_countries[anchor.country] = anchor_countries.get(anchor.country, 0) + 1
                placed.add(anchor.country)
                anchors.append(anchor)
        if self.us_local:
            countries["US"] = countries.get("US", 0) + 1.0
            placed.add("US")
        per_country: dict[str, int] = {}
        for country, _ in admin1s:
            per_country[country] = per_country.get(country, 0) + 1
        return _Context(countries, anchor_countries, admin1s, per_country, placed, _centre(anchors),
                        "US" if self.us_local else None)


_REGIONAL_KINDS = {"country", "admin1", "continent", "sea", "region"}

_ATTRIBUTIVE = re.compile(r"\s+[a-z]")  # "U.S. officials", "Iraqi forces"
_LIST_SEPARATOR = re.compile(r"^\s*(,\s*(and|or)?|and|or|&)\s*$")
_STATED_AFTER = re.compile(r"^\s+(state|province)\b", re.IGNORECASE)
_STATED_BEFORE = re.compile(r"\b(state|province) of\s+(the\s+)?$", re.IGNORECASE)
# Second-level divisions by their kind: "Kalehe district", "the municipality of X", "X LGA" (not
# "county": US news writes it into the name; nor "department": "the California Department of Health").
_UNITS = "district|municipality|township|commune|subdistrict|territory"
_UNIT_AFTER = re.compile(rf"^\s+({_UNITS}|lga)\b", re.IGNORECASE)
_UNIT_BEFORE = re.compile(rf"\b({_UNITS}) of\s+(the\s+)?$", re.IGNORECASE)
# A town's name and a comma before a name: "Buffalo, New York", "Rego Park, New York".
_ADDRESSED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, $")
# Towns by their kind: "the city of Oicha", "the town of X" (the town, not the district named after it).
_TOWN_BEFORE = re.compile(r"\b(city|town|village|hamlet) of\s+$", re.IGNORECASE)


def _called(names: list[NameInText], keys: list[str], text: str, after: re.Pattern, before: re.Pattern,
            ahead: int, behind: int) -> set[str]:
    """The names the words next to them call a kind of place ("X district", "the province of X"),
    looking ``ahead`` characters after the name and ``behind`` before it."""
    return {key for key, n in zip(keys, names)
            if after.match(text[n.end:n.end + ahead]) or before.search(text[max(0, n.start - behind):n.start])}


@dataclass
class _Cues:
    """What the words around a name say about its kind.

    - stated: "Washington state", "the province of Quebec" name a state or province;
    - units: "the municipality of X", "X district" name a second-level division;
    - towns: "the city of X", "the village of X" name a town (a small nudge: "the city of" also
      opens the names of counties and boroughs);
    - peers: the other members of a list the name stands in ("Virginia, Washington and Wyoming":
      states; "Syria, Jordan and Lebanon": countries; "from New York and Toronto": cities). A list
      is three or more names, or names joined by "and"/"or": "Paris, Texas" is not a list;
    - holds: the towns named just before it and a comma: a city within 30 km of one of them holds
      it ("Brooklyn, New York" is the city; "Buffalo, New York" the state).
    """

    stated: set[str]
    units: set[str]  # named as a district, municipality, township ...: the unit, not its namesake town
    towns: set[str]  # named as a city, town or village: the town, not the unit named after it
    peers: dict[str, dict[tuple[str, str | None], int]]
    holds: dict[str, list[Place]]  # "Brooklyn, New York": New York -> [Brooklyn]
    addressed: set[str]  # named after a capitalised word and a comma, as a town's state is ("Buffalo, New York")

    HOLDS_KM = 30.0

    @classmethod
    def collect(cls, names: list[NameInText], candidates: list[list[Place]], keys: list[str], text: str) -> "_Cues":
        # (the kind may be the name's own last word: "Ghazni province", "Muqur district")
        last = [" " + n.text.rsplit(" ", 1)[1] if " " in n.text else "" for n in names]
        stated = _called(names, keys, text, _STATED_AFTER, _STATED_BEFORE, 12, 20) | {
            key for key, word in zip(keys, last) if _STATED_AFTER.match(word)}
        units = _called(names, keys, text, _UNIT_AFTER, _UNIT_BEFORE, 16, 24) | {
            key for key, word in zip(keys, last) if _UNIT_AFTER.match(word)}
        towns = {key for key, n in zip(keys, names) if _TOWN_BEFORE.search(text, max(0, n.start - 16), n.start)}
        peers: dict[str, dict[tuple[str, str | None], int]] = {}
        chain: list[int] = [0] if names else []
        joined = False
        for i in range(1, len(names) + 1):
            sep = _LIST_SEPARATOR.match(text[names[i - 1].end:names[i].start]) if i < len(names) else None
            if sep:
                chain.append(i)
                joined = joined or sep.group(0).strip(" ,") != ""
                continue
            if len(chain) >= 3 or (len(chain) == 2 and joined):
                bests = {j: _prior_best(candidates[j]) for j in chain}
                for j in chain:
                    counts = peers.setdefault(keys[j], {})
                    for k, best in bests.items():
                        if k != j and best is not None and keys[k] != keys[j]:
                            sig = (best.kind, best.country if best.kind == "admin1" else None)
                            counts[sig] = counts.get(sig, 0) + 1
            chain, joined = [i], False
        holds: dict[str, list[Place]] = {}
        for i in range(len(names) - 1):
            here, nxt = names[i], names[i + 1]
            best = _prior_best(candidates[i])
            if best is not None and best.kind == "city" and _COMMA_PAIR.match(text[here.end:nxt.start]):
                holds.setdefault(keys[i + 1], []).append(best)
        addressed = {key for key, n in zip(keys, names) if _ADDRESSED.search(text, max(0, n.start - 30), n.start)}
        return cls(stated, units, towns, peers, holds, addressed)

    def bonus(self, p: Place, key: str) -> float:
        s = 12.0 if p.kind == "admin1" and key in self.stated else 0.0
        if p.kind == "admin2" and key in self.units:
            s += 12.0
        if p.kind == "city" and key in self.towns:
            s += 3.0
        if p.kind in ("country", "admin1") or (p.kind == "city" and p.population >= 100_000):
            n = self.peers.get(key, {}).get((p.kind, p.country if p.kind == "admin1" else None), 0)
            s += 2.5 * min(n, 2)
        if p.kind == "city" and any(q.id != p.id and distance_km(p.lat, p.lon, q.lat, q.lon) <= self.HOLDS_KM
                                    for q in self.holds.get(key, ())):
            s += 6.0  # "Queens, New York": the city that holds the borough, not the state
        return s


@dataclass
class _Towns:
    """Where a first pass put the document's other towns and counties."""

    admin1s: dict[tuple[str, str], int]
    centre: tuple[float, float] | None
    sure: list[Place]  # the towns the first pass was sure of

    NEAR_KM = 30.0

    @classmethod
    def of(cls, resolved: dict[str, "Resolution | None"]) -> "_Towns":
        towns = [r.place for r in resolved.values() if r is not None and r.place.kind in ("city", "admin2", "site")]
        admin1s: dict[tuple[str, str], int] = {}
        for t in towns:
            if t.admin1:
                admin1s[(t.country, t.admin1)] = admin1s.get((t.country, t.admin1), 0) + 1
        sure = [r.place for r in resolved.values()
                if r is not None and r.place.kind in ("city", "site") and r.score >= 0.9]
        return cls(admin1s, _centre(towns), sure)

    def bonus(self, p: Place) -> float:
        if p.kind == "admin1":
            # the state or province the article's towns are in ("Washington ... Seattle, Yakima")
            return 2.5 * min(self.admin1s.get((p.country, p.admin1), 0), 3)
        if p.kind not in ("city", "admin2") or self.centre is None:
            return 0.0
        s = 1.0 if (p.country, p.admin1) in self.admin1s else 0.0
        d = distance_km(p.lat, p.lon, *self.centre)
        # a town next to one the article surely names ("Jordan ... Target in Shakopee": Jordan, Minnesota)
        if any(q.id != p.id and distance_km(p.lat, p.lon, q.lat, q.lon) <= self.NEAR_KM for q in self.sure):
            s += 3.0
        return s + 2.0 * max(0.0, 1 - math.log10(max(d, 10)) / 4)


class _LocalSupport:
    """Local news names a town with its county or its neighbours ("Lebanon ... Boone County",
    "Paris ... Henry County ... Whitlock"): a candidate is supported by the candidates of the
    document's other names that lie in the same state or province close by. Only candidates in
    the same (country, admin1) are compared, so this stays cheap."""

    NEAR_KM = 60.0
    BIG = 100_000  # cities of this size support big namesakes of other names in their country
    BIG_NEAR_KM = 400.0

    def __init__(self, keys: list[str], candidates: list[list[Place]]):
        self.by_region: dict[tuple[str, str], list[tuple[str, Place]]] = {}
        self.big_by_country: dict[str, list[tuple[str, Place]]] = {}
        # Names that are first of all a country or a state ("Washington", "California", "Lebanon")
        # give and get only the strong town-and-its-county support: towns named after states
        # cluster (Washington and California, Pennsylvania) and must not pull each other.
        self.regional: set[str] = set()
        seen = set()
        for key, cands in zip(keys, candidates):
            if key in seen:
                continue
            seen.add(key)
            if any(p.kind in _REGIONAL_KINDS and normalize(p.name) == key for p in cands):
                self.regional.add(key)
            for p in cands:
                if p.kind in ("city", "admin2") and p.admin1:
                    self.by_region.setdefault((p.country, p.admin1), []).append((key, p))
                if p.kind == "city" and p.population >= self.BIG:
                    self.big_by_country.setdefault(p.country, []).append((key, p))

    def support(self, p: Place, key: str) -> float:
        if p.kind not in ("city", "admin2") or not p.admin1:
            return 0.0
        best: dict[str, float] = {}
        for other_key, q in self.by_region.get((p.country, p.admin1), ()):
            if other_key == key or q.id == p.id or _namesakes(key, other_key):
                continue
            d = distance_km(p.lat, p.lon, q.lat, q.lon)
            if d > 4 * self.NEAR_KM:
                s = 0.5  # the same state or province
            elif p.kind != q.kind and d <= self.NEAR_KM:
                s = 5.0  # a town and its county
            else:
                s = 1.5  # neighbours
            if s < 5.0 and (key in self.regional or other_key in self.regional):
                continue
            best[other_key] = max(best.get(other_key, 0.0), s)
        if p.kind == "city" and p.population >= self.BIG:
            # "Alexandria and Cairo": two big cities of one country near each other (not the two
            # small American namesakes 1,100 km apart)
            for other_key, q in self.big_by_country.get(p.country, ()):
                if other_key != key and q.id != p.id and other_key not in best \
                        and distance_km(p.lat, p.lon, q.lat, q.lon) <= self.BIG_NEAR_KM:
                    best[other_key] = 1.5
        return min(sum(best.values()), 8.0)


# Wording of American local news: phone numbers, dollar sums, "7 p.m.", city councils and
# counties, party labels, school grades, street addresses. Two kinds of these count as the United
# States named once ("Paris firefighters ... 3125 Clarksville St." is Paris, Texas).
_US_LOCAL_CUES = tuple(re.compile(p) for p in (
    r"\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b",
    r"\$\d",
    r"\b\d{1,2}(:\d\d)? ?[ap]\.m\.",
    r"\bCity Council\b|\bcity council\b|\bcommissioners\b|\bCounty\b|\bSheriff|\bTownship\b|\bschool board\b"
    r"|\bInterstate\b|\bHighway \d|\bRoute \d",
    r"\b(Republican|Democrat|GOP|Gov\.|Sen\.|Rep\.)",
    r"\b\d+(th|st|nd|rd)[- ]grade|\b[Hh]igh [Ss]chool\b",
    r"\b\d{2,5} [A-Z][a-z]+ (St|Ave|Blvd|Rd|Dr|Lane|Road|Street|Avenue)\b",
))


def _looks_like_us_local_news(text: str) -> bool:
    return sum(1 for cue in _US_LOCAL_CUES if cue.search(text)) >= 2


_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,3}$")


def _abbreviated(name: str, cands: list[Place]) -> list[Place]:
    """"U.S.", "UK", "L.A.": an abbreviation stands for a country, a state or a big city, never
    for a village whose name only normalises the same way (Us, a village near Paris)."""
    if _ABBREVIATION.match(name.strip()):
        kept = [p for p in cands if p.kind not in ("city", "admin2") or p.population >= 100_000]
        return kept or cands
    return cands


def _stray(p: Place, ctx: "_Context") -> bool:
    """A village or small town far from everything else the article names, in a country it never
    mentions ("Piccadilly" in a London story is no hamlet in Western Australia, "Ginsi village"
    beside Hpakant no Ethiopian town of 37,000), or a hamlet outside every state of
    its country the article names ("El Pochote" in a story about Michoacan is no namesake hamlet
    500 km away: more likely a village the index lacks): better unplaced."""
    if p.kind != "city" or p.population >= _STRAY_TOWN or ctx.centre is None:
        return False
    far = distance_km(p.lat, p.lon, *ctx.centre)
    if p.country not in ctx.countries and far > 2000:
        return True
    if p.population >= 10_000:
        return False
    states = {admin1 for country, admin1 in ctx.admin1s if country == p.country}
    return bool(states) and p.admin1 not in states and p.population < 5_000 and far > _STRAY_KM


# How far from the article's towns a hamlet outside the states it names is taken for a namesake.
_STRAY_KM = 150
# Towns smaller than this, far away in a country the article never names, are namesakes (a
# city known abroad by its bare name is larger).
_STRAY_TOWN = 100_000


_DIVISION_SUFFIX = re.compile(r" (county|parish|borough|township)$")


def _namesakes(a: str, b: str) -> bool:
    """"DeKalb" and "DeKalb County": every DeKalb County holds a town called DeKalb or lies
    beside one, so the pair says nothing about which one is meant."""
    return _DIVISION_SUFFIX.sub("", a) == _DIVISION_SUFFIX.sub("", b)


def _regions_named(key: str, cands: list[Place]) -> frozenset:
    """The countries in which ``key`` is a state's or province's own name ("Wales", "Indiana"),
    or "*" where it names a sea, continent or region ("the Atlantic")."""
    own = {p.country for p in cands if p.kind == "admin1" and normalize(p.name) == key}
    if any(p.kind in ("sea", "continent", "region") for p in cands):
        own.add("*")
    return frozenset(own)


def _world_city(cands: list[Place]) -> Place | None:
    """The candidate that is a world city (a national capital or a city of a million), if any:
    news read anywhere means it by its bare name."""
    cities = [p for p in cands if p.kind == "city" and (p.feature_code == "PPLC" or p.population >= WORLD_CITY)]
    return max(cities, key=lambda p: p.population, default=None)


# A city of this size is known by its bare name in news read anywhere; a namesake a tenth of its
# size needs local evidence (its state, its county, its neighbours), not merely its country named.
WORLD_CITY = 1_000_000


def _eclipsed(p: Place, world: Place | None, ctx: _Context) -> bool:
    return world is not None and p.country not in (world.country, ctx.local) and p.population * 10 < world.population


def _score(p: Place, ctx: _Context, container: list[Place], regions_named: frozenset = frozenset(),
           world: Place | None = None) -> float:
    """``regions_named`` (see ``_regions_named``): there the name's namesake towns need local
    evidence, not merely their country or state being named (the village of Wales in England,
    beside "England"; Atlantic, Virginia, beside "Virginia"). So do the small namesakes abroad of
    a world city (``world``: London, Ohio beside other American places is still London)."""
    s = _prior(p)
    regional = p.country in regions_named or "*" in regions_named
    if p.kind in ("city", "admin2") and p.country in ctx.countries and not regional and not _eclipsed(p, world, ctx):
        weight = ctx.countries[p.country]
        # "U.S. officials said" names an actor: a country named only so, with none of its own
        # towns in the article, says little of where the article's other towns are
        scale = 1.0 if p.country in ctx.placed_countries else min(weight, 1.0)
        s += (2.5 + 0.5 * min(weight, 3)) * scale
    if p.kind == "country" and p.country in ctx.countries:
        # Its people, towns or other names of it elsewhere in the article ("Egyptian ... Cairo ...
        # Egypt" is the country, even in an article that also lists Alabama).
        s += 1.0 + 0.5 * min(ctx.countries[p.country], 4)
    if p.kind == "admin1" and p.country in ctx.anchor_countries:
        # A state beats a country of the same name only beside other places of its own country
        # ("Atlanta ... Georgia, Alabama"), not merely because that country is named.
        s += 1.5 + 0.5 * min(ctx.anchor_countries[p.country], 4)
    if p.kind in ("city", "admin2") and (p.country, p.admin1) in ctx.admin1s and not regional:
        # The article names the town's own state or province; a list of many states of one
        # country ("cases in Delaware, Illinois, ... and Alabama") says less about each.
        s += 4.0 * min(1.0, 2 / ctx.admin1s_per_country[p.country])
    if container:
        s += 8 if any(_inside(p, c) for c in container) else -2
    if ctx.centre is not None and p.kind != "country":
        d = distance_km(p.lat, p.lon, *ctx.centre)
        s += 2.0 * max(0.0, 1 - math.log10(max(d, 10)) / 4)
    return s


def _places_in(country: str, ctx: _Context, first: dict[str, "Resolution | None"], key: str) -> bool:
    """Whether the article's other names place something in ``country`` below a country's level: a
    town or state only it has, a state of it among their candidates, or where the first pass put one."""
    return country in ctx.anchor_countries or any(c == country for c, _ in ctx.admin1s) or any(
        k != key and r is not None and r.place.kind != "country" and r.place.country == country
        for k, r in first.items())


def _shadowed(p: Place, cands: list[Place], key: str, city_states: set[tuple[str, str]]) -> float:
    """"Baghdad" and "Raqqa" are the cities, not the provinces named after them that contain them
    (but "New York" is the state: the name is the state's own and only an alias of the city;
    except in ``city_states``: news that places nothing else in its country)."""
    if p.kind != "country" and any(c.kind == "country" and c.country == p.country for c in cands):
        return 6.0  # "Mexico" is the country, not Mexico City or the State of Mexico inside it
    if p.kind not in ("admin1", "admin2"):
        return 0.0
    if p.kind == "admin1" and any(c.feature_code == "PPLC" and c.population >= 100_000 and c.country == p.country
                                  for c in cands):
        return 6.0  # "Washington" is the capital, unless the article's towns are in the state
    if p.kind == "admin1" and (p.country, p.admin1) in city_states:
        return 8.0  # "stocks fell in New York and Tokyo": the city (beating the state's own name too)
    for c in cands:
        if c.kind == "city" and c.population >= HAMLET_POPULATION and (c.country, c.admin1) == (p.country, p.admin1) \
                and not (normalize(p.name) == key and normalize(c.name) != key) \
                and (p.kind == "admin2" or c.population >= 0.1 * p.population):
            return 6.0  # but Quebec, a province of eight million, is more than its capital
    return 0.0


def _prior(p: Place) -> float:
    if p.kind == "city":
        bonus = 1.0 if p.feature_code == "PPLC" else 0.0
        return math.log10(p.population + 10) + bonus
    if p.kind == "admin2":
        return math.log10(p.population + 10) - 0.5  # a county, below a town of its size
    if p.kind == "admin1":
        # A state of 10 million people ranks like a country; a small province below big towns.
        return 4.0 + math.log10(p.population + 10)
    if p.kind == "country":
        # population breaks ties between countries sharing a short name ("Congo": the larger
        # Democratic Republic, unless the article names the Republic of the Congo)
        return 6.0 + KIND_RANK[p.kind] + 0.1 * math.log10(p.population + 10)
    return 6.0 + KIND_RANK[p.kind]


def _dominant(top: Place, cands: list[Place]) -> bool:
    """A town so much larger than its namesakes abroad that the name all but fixes the country
    ("Dallas": Texas, not Dallas in Scotland)."""
    if top.kind != "city":
        return False
    abroad = [p.population for p in cands if p.country != top.country]
    return top.population >= 100_000 and top.population >= 20 * max(abroad, default=0)


def _prior_best(cands: list[Place]) -> Place | None:
    return max(cands, key=_prior) if cands else None


def _inside(p: Place, container: Place) -> bool:
    if container.kind == "country":
        return p.country == container.country
    return p.country == container.country and p.admin1 == container.admin1 and p.id != container.id


def _centre(places: list[Place]) -> tuple[float, float] | None:
    if not places:
        return None
    return median(p.lat for p in places), median(p.lon for p in places)
