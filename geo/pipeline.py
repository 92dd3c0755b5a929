"""The whole reading of an article: extract (text) then geo (places), in one object.

Loading spaCy and opening the gazetteer take a second or two, so a Pipeline is built once per
process (the Flask app keeps one in ``app.extensions``) and is safe to share between threads
for reading.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Iterable, Iterator

from extract.actors import ActorIndex
from extract.incidents import IncidentExtractor
from extract.lexicon import COMMON_WORDS
from extract.model import Article
from extract.nlp import DEFAULT_MODEL, load_nlp

from .gazetteer import HAMLET_POPULATION, Gazetteer
from .locate import LocatedIncident, locate
from .resolver import NameInText, PlaceResolver


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonameid: int | None
    feature_class: str
    country: str | None
    score: float


@dataclass(frozen=True)
class Reading:
    incidents: list[LocatedIncident]
    places: list[Toponym]


class Pipeline:
    def __init__(self, gazetteer: Gazetteer, model: str = DEFAULT_MODEL, fallback=None):
        self.gazetteer = gazetteer
        regions = gazetteer.spellings(["country", "admin1"])
        areas = gazetteer.spellings(["sea", "region"])
        area_names = set(areas)
        nlp = load_nlp(
            model,
            # Hyphenated names ("Guinea-Bissau", "Saxony-Anhalt") and names joined by "and"
            # ("Trinidad and Tobago", "Sistan and Baluchestan") are nobody's name but the place's:
            # they replace the NER's split of them into "Guinea" and "Bissau", "Trinidad" (a town
            # in Bolivia) and "Tobago". So are a country's abbreviations ("UAE", "DRC", "U.K."),
            # which the NER often takes for organisations.
            # A division whose name holds a region's ("East Java", "Central Luzon") is read whole,
            # not cut to the island the region ruler knows.
            override={"LOC": areas, "FAC": gazetteer.spellings(["site"]),
                      "GPE": [n for n in regions if _whole_name(n) or _holds_a_name(n, area_names)]
                      + [n for n in gazetteer.spellings(["country"]) if _ABBREVIATION.fullmatch(n)]},
            fill={"GPE": regions, "LOC": gazetteer.spellings(["continent"])},
        )
        names, peoples = gazetteer.state_words()
        self.extractor = IncidentExtractor(nlp, ActorIndex(nlp, states=names, peoples=peoples),
                                           place_kind=functools.lru_cache(maxsize=65536)(
            lambda name: place_kind(gazetteer, name)))
        self.resolver = PlaceResolver(gazetteer, fallback)
        # spaCy pipelines are not documented as thread-safe: parsing is serialised, a piece of an
        # article at a time (a long article does not keep the others waiting).
        self._lock = threading.Lock()

    def incidents(self, article: Article) -> list[LocatedIncident]:
        return self.read(article).incidents

    def read(self, article: Article, docs=None) -> Reading:
        """Incidents and every recognised place of an article (offsets into ``article.document``).
        ``docs``: its pieces already parsed (``read_many``)."""
        extraction = self.extractor.extract(article, docs, guard=lambda: self._lock)
        mentions = extraction.mentions
        resolutions = self.resolver.resolve_all([NameInText(m.text, m.start, m.end) for m in mentions],
                                                article.document)
        places = [Toponym(m.start, m.end, m.text, r.place.lat, r.place.lon, r.place.geonameid,
                          r.place.feature_class, r.place.country, r.score)
                  for m, r in zip(mentions, resolutions) if r is not None]
        return Reading(locate(article, extraction, self.resolver, resolutions), places)

    def read_many(self, articles: list[Article]) -> Iterator[Reading]:
        """``read`` of each article, their texts parsed together in batches (for archives: a long
        article is better read alone, a piece at a time)."""
        with self._lock:
            parsed = self.extractor.parse_many(articles)
        for article, docs in zip(articles, parsed):
            yield self.read(article, docs)

    def toponyms(self, text: str) -> list[Toponym]:
        return next(iter(self.toponyms_many([text])))

    def toponyms_many(self, texts: Iterable[str]) -> Iterator[list[Toponym]]:
        """Toponyms of each text, parsed in batches (faster than one by one)."""
        texts = list(texts)
        with self._lock:
            docs = list(self.extractor.parse_for_places(texts))
        for text, parsed in zip(texts, docs):
            mentions = self.extractor.mentions(parsed, text)
            resolved = self.resolver.resolve_all([NameInText(m.text, m.start, m.end) for m in mentions], text)
            yield [Toponym(m.start, m.end, m.text, r.place.lat, r.place.lon, r.place.geonameid,
                           r.place.feature_class, r.place.country, r.score)
                   for m, r in zip(mentions, resolved) if r is not None]


def _whole_name(name: str) -> bool:
    """A name the NER splits that is only ever the place's: hyphenated in one word, or two names
    joined by "and" (not "Central and Western", a district's name and the start of "Central and
    Western Europe")."""
    if "-" in name and " " not in name:
        return True
    return " and " in name and name.split()[0].lower() not in COMMON_WORDS


def _holds_a_name(name: str, names: set[str]) -> bool:
    """Does a name of several words hold one of ``names`` as a part of it ("East Java": Java)?
    (Not two places joined by "and": "West Bank and Gaza" is read as the two.)"""
    words = name.split()
    return len(words) > 1 and "and" not in words and any(" ".join(words[i:j]) in names for i in range(len(words))
                                  for j in range(i + 1, len(words) + 1) if j - i < len(words))


_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}")
_REGION_KINDS = {"country", "admin1", "continent", "sea", "region", "site"}


def place_kind(gazetteer: Gazetteer, name: str) -> str | None:
    """What the gazetteer knows ``name`` as, for ``extract.mentions``: "region", "city", "demonym"."""
    if gazetteer.is_demonym(name):
        return "demonym"
    places = gazetteer.lookup(name) or gazetteer.lookup_respelled(name)
    several = " " in name.strip()
    if any(p.kind in _REGION_KINDS for p in places):
        return "region"
    # (a town the index gives no population, "Tall Abyad", is one if its name has several words)
    if any(p.kind == "admin2" or p.population >= HAMLET_POPULATION or several and p.kind == "city" for p in places):
        return "city"
    return None
