"""Placing the event mentions of an article on the map and grouping the mentions of one event.

An article names an event several times: a headline ("US drone strike kills leader in Baghdad"),
a lead with the day and the toll, a later sentence with the place ("the drone strike on the
Kataib Hezbollah leader in eastern Baghdad"), a claim, another source's figure. ``locate``
resolves the places of every mention, reads the mentions in text order and groups those of one
event (``_corefer``: definite mentions join the event told before them, placed ones the event at
the same place or at one holding it or held by it, placeless ones the event they fit best, on a
day that fits), then takes each field from the mention that states it best: the most specific
place consistent with the others, an explicit day over the story's day, the lowest figure given
for the toll, a named actor over an unnamed one. Events placed only in a country go to the one
part of it the article names; claims on several events name each; implausible values are
flagged. README, "An article read as a whole", tells the rules with their examples.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import NamedTuple
from dataclasses import dataclass, field, replace

from extract.actors import GENERIC_ACTOR, STATE_FORCES
from extract.lexicon import (AIR, ANAPHOR_ONLY, ATTACK, ARMED_NOUNS, CIVILIAN_WORDS, FACILITY_NOUNS, HARMLESS_CAUSES,
                             NEAR_QUALIFIERS, SHELLING, SHIPPING_TARGETS, WEAPON_OBJECTS, Category)
from extract.article import OPENING_CHARS, headline_end, outlet
from extract.model import Article, DateMention, Dateline, Extraction, Incident, Mention, Site
from extract.quantities import ADDED, FIGURE, LARGE_TOLL, VAGUE_WORD

from .gazetteer import UNIT_CODE, Place, distance_km
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
    # field -> why its value looks implausible ("toll": "20,000 killed in one event"): for review
    flags: dict[str, str] = field(default_factory=dict)
    outlet: str | None = None  # who published the report (extract.article.outlet)
    admin1: str | None = None  # the first-level division the place is in, or is

    def properties(self) -> dict:
        """The record as GeoJSON feature properties / JSON (dates as ISO strings)."""
        out = dict(self.__dict__)
        out["date"] = self.date.isoformat() if self.date else None
        return out


class _Toll(NamedTuple):
    """One toll read for an event (see _lowest)."""

    value: int
    kind: int  # extract.quantities.figure_kind
    span: tuple[int, int] | None  # where it is told
    victims: str | None  # whom it counts: the lemma of its noun ("worshipper"), if it has one


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
    tolls: dict[str, list[_Toll]] = field(default_factory=dict)  # every toll read for the event, by field
    inner: Mention | None = None  # a smaller place the text names but the gazetteer cannot place
    refined: bool = False  # placed by the one part of its country the article names, not by its own sentence
    sited: bool = False  # placed where the article puts its target (``_place_by_target``)
    # some mention tells an event, not only names one told elsewhere ("the incident") or says
    # that people died: an event of such mentions alone is one the text never told
    told: bool = True


def locate(article: Article, extraction: Extraction, resolver: PlaceResolver,
           resolutions: list[Resolution | None] | None = None) -> list[LocatedIncident]:
    """``resolutions``: the mentions already resolved (one per mention), if the caller has them."""
    mentions, incidents = extraction.mentions, extraction.incidents
    if resolutions is None:
        resolutions = resolver.resolve_all([NameInText(m.text, m.start, m.end) for m in mentions], article.document)
    resolutions = _capitals(mentions, resolutions, resolver.gazetteer)
    resolutions = _anaphors(mentions, resolutions)
    resolutions = _quarters(mentions, resolutions, article.document)
    by_mention = {(m.start, m.end): r for m, r in zip(mentions, resolutions)}
    drafts = _one_per_trigger([_draft(i, by_mention) for i in incidents])
    _place_by_target(drafts, extraction.sites, by_mention)
    focus = _focus(mentions, resolutions, article.document, extraction.dateline)
    _place_by_quarter(drafts, focus, article.document)
    for d in drafts:
        at_a_town = d.place is not None and d.place.kind in ("city", "site")
        if d.incident.generic and not at_a_town and not _named_again(d, drafts):
            d.incident = replace(d.incident, aggregate=True)  # "raids into major towns in Mali": a kind of event
        elif d.incident.strikes_counted and at_a_town:
            d.incident = replace(d.incident, aggregate=False)  # "near Manbij, seven strikes struck ...": one event
    _headline_totals(drafts, headline_end(article.document))
    single = [d for d in drafts if not d.incident.aggregate]
    countries = {d.place.country for d in single if d.place is not None and d.place.kind == "country"}
    if single and not any(d.place is not None for d in single) or focus is not None and countries == {
            focus[1].place.country} and _named_town(focus, mentions, resolutions, extraction.dateline) \
            and all(d.place is None or d.place.kind == "country" for d in single):
        # No event sentence names its place: the first event goes to the article's focus place,
        # as ACLED codes a report that only names its town in the dateline or headline (or
        # places its events only in the country, "in central Mali", and names a town of it
        # twice: "on the road between Bankass and Bandiagara ... the Bandiagara health centre").
        first = next((d for d in single if d.incident.category and d.told and _substantial(d.incident)), None)
        if _filed_from_capital(focus, extraction.dateline, resolver.gazetteer) \
                and any(d.place is None and d.incident.places for d in single):
            # "YAOUNDE — ... in Shuk, a village in the region": the capital the reporter filed from is
            # not where an event the body places, though in a village the index lacks, happened
            first = None
        if first is not None and any(d.incident.target in SHIPPING_TARGETS for d in single if d.place is None):
            # "DUBAI (AP) — rebels fired a missile at a cargo ship ... sailing through the Gulf of
            # Aden": ships are hit at sea, in the sea the article names, not where it was filed from
            focus = next(((m, r) for m, r in zip(mentions, resolutions) if r is not None and r.place.kind == "sea"), focus)
        if focus is not None and first is not None:
            first.mention, first.place, first.score, first.alternatives = focus[0], focus[1].place, focus[1].score, ()
            first.focus_fallback = True
    day = _story_day(extraction.opening_days, article.published)
    for d in single:
        if d.date is not None and d.date.text.lower() == "overnight" and day is not None:
            d.date = DateMention(day.date, 1, d.date.text)  # the night before the story's day, not the report's
    events = [d for d in _corefer(single, day, headline_end(article.document)) if d.told]
    for d in events:
        if d.date is None and day is not None and d.incident.days_before:
            # "The attack comes a day after the coalition attacked a hospital": the day before
            back = d.incident.days_before
            d.date = DateMention(day.date - dt.timedelta(days=back), 1 if back < 7 else 2, "")
        elif d.date is None and day is not None and not d.incident.earlier:
            # Wire copy dates its lead; the events told after it without a day of their own are
            # that day's ("the strike", "a second bomb"); else the day of publication.
            d.date, d.date_inferred = day, True
    _refine_countries(events, mentions, resolutions, extraction.dateline, day)
    aggregates = [d for d in drafts if d.incident.aggregate and d.place is not None]
    _claims(drafts, events, day)
    if not any(d.incident.category for d in events):
        # Deaths told with no word of violence anywhere in the article ("she died in a hospital in
        # X"): an obituary or a health story, not an incident ("were killed" says someone killed,
        # unless the story opens on what killed them: "after the tsunami ...", "an outbreak of ...").
        disaster = any(w in HARMLESS_CAUSES or w[:-1] in HARMLESS_CAUSES  # ("floods")
                       for w in _WORD.findall(article.document[:OPENING_CHARS].lower()))
        events = [d for d in events if d.incident.actor1 or not (disaster or _DYING.match(d.incident.trigger))]
    for d in events:
        if d.incident.category is None:
            # People killed at a place, and no event word but "killed": an attack, unless a state did it.
            d.incident = replace(d.incident, category=Category.ATTACK)
    for d in events + aggregates:
        _name_actors(d, resolver.gazetteer)
    published_by = outlet(article, extraction.dateline)
    located = [_finish(d, resolver.gazetteer, published_by) for d in events + aggregates if d.incident.category]
    for incident in located:
        _flag(incident, article, mentions, resolutions)
    return located


_WORD = re.compile(r"[\w-]+")
# Toll words that say people died, not that anyone killed them.
_DYING = re.compile(r"(die[ds]?|dying|dead|deaths?)$", re.IGNORECASE)
# Words of a sentence that tells a total, not one event's toll.
_TOTAL_WORDS = re.compile(r"\b(war|conflict|since|so far|this year|in total|altogether|overall|cumulative|"
                          r"campaign|insurgency|invasion|tally|tallies)\b", re.IGNORECASE)
# An event this far from everything else the article names is more likely a misread name.
_FAR_KM = 1500


def _flag(incident: LocatedIncident, article: Article, mentions: list[Mention],
          resolutions: list[Resolution | None]) -> None:
    """Mark values that look implausible, and trust them less: a toll out of line with one event
    or read from a sentence about totals, a date after publication, a place far from every other
    place the article names. Flags are shown where an analyst reviews the incident."""
    i = incident
    for toll in ("fatalities", "injured"):
        value = getattr(i, toll)
        span = i.evidence.get(toll)
        sentence = _sentence_around(article.document, span) if span else ""
        if value is not None and value >= LARGE_TOLL:
            i.flags[toll] = f"{value:,} for one event is out of line; check that it is not a total"
        elif value and _TOTAL_WORDS.search(sentence):
            i.flags[toll] = "read from a sentence about totals; check that it is this event's"
    if i.date is not None and article.published is not None and i.date > article.published:
        i.flags["date"] = "after the article's publication"
    if i.geo_precision < 3:
        others = [r.place for m, r in zip(mentions, resolutions)
                  if r is not None and r.place.country and (m.start, m.end) != (i.place_start, i.place_end)]
        if others and min(distance_km(i.lat, i.lon, p.lat, p.lon) for p in others) > _FAR_KM:
            i.flags["place"] = "far from every other place the article names; check the name's reading"
    for name in i.flags:
        i.field_confidence[name] = min(i.field_confidence.get(name, 1.0), 0.2)


def _sentence_around(text: str, span: list[int]) -> str:
    start = max(text.rfind(".", 0, span[0]), text.rfind("\n", 0, span[0])) + 1
    ends = [e for e in (text.find(".", span[1]), text.find("\n", span[1])) if e != -1]
    return text[start:min(ends) if ends else len(text)]


_CAPITAL_WORDS = re.compile(r"\b(the|capital|of|city)\b|['’]s\b", re.IGNORECASE)


def _capitals(mentions: list[Mention], resolutions: list[Resolution | None], gazetteer) -> list[Resolution | None]:
    """"the Iraqi capital", "Libya's capital", "the capital": the capital of the country the words
    name, else of the country the article names most."""
    if not any(m.qualifier == "capital" for m in mentions):
        return resolutions
    counts: dict[str, int] = {}
    for m, r in zip(mentions, resolutions):
        if r is not None and r.place.country and m.qualifier != "capital":
            counts[r.place.country] = counts.get(r.place.country, 0) + 1
    out = list(resolutions)
    for k, m in enumerate(mentions):
        if m.qualifier != "capital":
            continue
        words = _CAPITAL_WORDS.sub(" ", m.text).strip()
        places = gazetteer.lookup(words) if words else []
        named = [p.country for p in places if p.kind == "country"]
        iso2 = named[0] if named else max(counts, key=counts.get) if counts and not words else None
        capital = gazetteer.capital(iso2) if iso2 else None
        if capital is None and places and places[0].kind == "admin1":
            capital, named = gazetteer.seat(places[0]), [places[0].country]  # "the North Sinai capital"
        out[k] = Resolution(capital, 0.8 if named else 0.5) if capital is not None else None
    return out


def _anaphors(mentions: list[Mention], resolutions: list[Resolution | None]) -> list[Resolution | None]:
    """"four people were killed in the region": the last division named before it."""
    out, last = list(resolutions), None
    for k, (m, r) in enumerate(zip(mentions, resolutions)):
        if m.qualifier == "anaphor":
            out[k] = last
        elif r is not None and r.place.kind in ("admin1", "admin2", "region") and r.place.country:
            last = r
    return out


# After a name: "in the east of the city", "in the western part of the town": the name is a quarter of
# the town last named
_QUARTER_OF_TOWN = re.compile(r"\s*,?\s+in\s+the\s+(?:(?:north|south|east|west|centre|center)|"
                              r"(?:north|south|east|west)(?:ern)?\s+(?:part|outskirts|edge))\s+of\s+the\s+"
                              r"(?:city|town|capital)\b", re.IGNORECASE)
_QUARTER_KM = 30
_NEIGHBOURHOOD = re.compile(r"\s+(?:neighbou?rhood|quarter)\b", re.IGNORECASE)
# How near (in characters) a town must be named to a quarter to be the town it is a quarter of.
_BESIDE = 80


# After a name: "checkpoint outside the city of", "camp near": the name is a site's, at the town named next
_SITE_BY_TOWN = re.compile(r"\s+(?:%s)\s+(?:outside|near|in|on the outskirts of)\s+(?:the\s+(?:city|town)\s+of\s+)?$"
                           % "|".join(sorted(FACILITY_NOUNS - {"village", "district", "neighbourhood", "neighborhood"})),
                           re.IGNORECASE)


def _quarters(mentions: list[Mention], resolutions: list[Resolution | None], text: str) -> list[Resolution | None]:
    """"a restaurant in Muthanna in the east of the city" (Mosul): a quarter of the town named
    before, not the province of that name 600 km away; "the Shinwari checkpoint outside the city of
    Kunduz": a site at the town named next, not the district called Shinwar 400 km away. Where the
    gazetteer has no such place near the town, the town itself."""
    out, town, town_end = list(resolutions), None, 0
    for k, (m, r) in enumerate(zip(mentions, resolutions)):
        nxt, after = (mentions[k + 1], resolutions[k + 1]) if k + 1 < len(mentions) else (None, None)
        by = after if after is not None and after.place.kind == "city" \
            and _SITE_BY_TOWN.match(text[m.end:nxt.start]) else None
        near = town if _QUARTER_OF_TOWN.match(text, m.end) else by
        if near is None and _NEIGHBOURHOOD.match(text, m.end):
            # "the fuel station in al-Rawda neighbourhood, north of Marib city": a quarter of the
            # town (or the province) named beside it, not a namesake town elsewhere
            near = after if after is not None and after.place.kind in ("city", "admin1", "admin2") \
                and nxt.start - m.end < _BESIDE \
                else town if town is not None and m.start - town_end < _BESIDE else None
        if near is not None and (r is None or distance_km(r.place.lat, r.place.lon, near.place.lat,
                                                          near.place.lon) > _QUARTER_KM):
            out[k] = near
        elif r is not None and r.place.kind == "city":
            town, town_end = r, m.end
    return out


# News tells its story within days ("a Jan. 28 drone strike" in a story of Feb. 7 is an earlier
# event); a weekday names a day of the week before publication.
_RECENT = dt.timedelta(days=6)


def _far_from(date: DateMention, day: DateMention | None) -> bool:
    """Is ``date`` of another time than the story's ``day`` (more than the few days news tells a story in)?"""
    return day is not None and abs((day.date - date.date).days) > _RECENT.days


def _of_dateline(m: Mention, dateline: Dateline | None) -> bool:
    """Is ``m`` the place of the dateline ("KABUL, Afghanistan (AP) —"), where the report was filed?"""
    return dateline is not None and m.start == dateline.start


def _filed_from_capital(focus: tuple[Mention, Resolution] | None, dateline: Dateline | None, gazetteer) -> bool:
    """Is the focus the dateline's, and that the national capital (where wire reporters file from)?"""
    if focus is None or not _of_dateline(focus[0], dateline) or not focus[1].place.country:
        return False
    capital = gazetteer.capital(focus[1].place.country)
    return capital is not None and capital.id == focus[1].place.id


def _named_town(focus: tuple[Mention, Resolution], mentions: list[Mention], resolutions: list[Resolution | None],
                dateline: Dateline | None) -> bool:
    """Is the focus a town the body names more than once (not the dateline's)?"""
    place = focus[1].place
    if place.kind not in ("city", "site") or _of_dateline(focus[0], dateline):
        return False
    return sum(r is not None and r.place.id == place.id for r in resolutions) > 1


def _substantial(i: Incident) -> bool:
    """An event told with a toll, an actor or a day of its own, or in the article's opening: one
    the article is about (not a quote's "where it hits the hardest" deep in a feature)."""
    return (i.fatalities is not None or i.injured is not None or i.actor1 is not None or i.date is not None
            or i.sentence_start < OPENING_CHARS)


def _story_day(days: list[tuple[int, DateMention]], published: dt.date | None) -> DateMention | None:
    """The day the article's events happened unless it says otherwise: the first day its opening
    names ("On July 21, coalition forces conducted eight strikes", "KYIV, Feb. 12 (AP) —", "the
    ministry said on Monday"), if within a week before publication, else the day of publication."""
    for _, date in days:
        if published is None or dt.timedelta(0) <= published - date.date <= _RECENT:
            return DateMention(date.date, 1, "")
    return DateMention(published, 1, "") if published else None


# Events a mention is compared with: the latest ones (an event is told within a few paragraphs,
# and a 2 MB text of events would otherwise compare each with every other).
_WINDOW = 200


def _corefer(drafts: list[_Draft], day: DateMention | None, headline_end: int) -> list[_Draft]:
    """Group the mentions of one event, read in text order, into one draft each.

    A definite mention ("the strike", "Thursday's attack", "the incident") names an event told
    before: it joins the latest one it can be. An indefinite one joins an event at the same
    place, or at one holding it or held by it ("in Syria" ... "in Jisr al-Shughur"), on a day that
    fits; a mention marked as another event ("another attack", "also hit a school") starts one.
    A mention with no place joins the event before it that it fits best (or the first after it).
    The headline tells the story's first event in brief: the first mention of the body in the
    same country joins it (the headline's "Kirkuk" is the province of the body's Dibis).
    """
    events: list[_Draft] = []
    waiting: list[_Draft] = []  # placeless mentions before any event
    loose: set[int] = set()  # events told by the headline alone so far
    # "Two civilians were killed by Russian shelling in Kupiansk": a placeless mention whose own
    # sentence places an event later on waits for it, not for the event told before
    held: list[_Draft] = []
    aside: _Draft | None = None  # a placeless event just told as another one ("In an earlier attack, ...")
    told: tuple[_Draft, _Draft] | None = None  # the mention just read, and the event it went to
    for d in _holding(drafts, held):
        i = d.incident
        in_headline = i.sentence_start < headline_end
        target = None
        if d.place is not None and d.date is None:
            # "Last September, 18 soldiers were killed when militants stormed a base in Uri": the day
            # a placeless mention of its sentence (held for it) gives is its day
            d.date = next((h.date for h in held if h.incident.sentence_start == i.sentence_start
                           and h.date is not None and h.date.precision <= 3 and _categories_agree(h.incident, i)
                           and h.incident.earlier == i.earlier), None)
        if aside is not None and d.place is None and not i.distinct and not i.definite and aside in waiting \
                and _fits(aside, d, day):
            # "In an earlier attack, eight policemen were killed. Over 20 others were wounded.": the
            # next placeless mention goes on telling that event, not the story's
            _absorb(aside, d)
            continue
        aside = d if d.place is None and i.distinct and not i.definite else None
        if d.place is None and d.date is None and i.definite and not i.earlier and told is not None \
                and told[1].incident.earlier and _next_sentence(told[0].incident, i) \
                and _same_word(told[0].incident, i) and (told[1] in events or told[1] in waiting):
            # "... days after 12 policemen were killed in an ambush by Maoists in Sukma. Five others
            # were injured in the ambush.": the earlier event just told, named again
            _absorb(told[1], d)
            told = (d, told[1])
            continue
        if d.place is None and d.date is None and not i.distinct and not i.definite and told is not None \
                and told[1].date is not None and _next_sentence(told[0].incident, i) \
                and _categories_agree(told[1].incident, i) and not _other_doers(told[1].incident, i) \
                and (told[1] in events or told[1] in waiting) \
                and not any(_repeats_toll(e, i) for e in events[-_WINDOW:] if e is not told[1]):
            # "On Sunday, jets struck a convoy near Taiz ... Nine rebels were killed and 14 wounded.":
            # the next sentence, naming no day, goes on telling the event of the day just told
            # (also one we cannot place: "Last week, militants attacked X. They left 30 dead."; not
            # one by the other side: "Armenian shells hit Barda. Azeri shells fell on the enclave")
            _absorb(told[1], d)
            told = (d, told[1])
            continue
        if i.distinct and d.place is not None and d.place.kind == "country" and _another(i) and not i.earlier:
            # "militia fighters killed 23 people in another massacre in eastern Congo", with the toll
            # of the event told in a village there: another of a series, the story's own event
            target = next((e for e in reversed(events) if e.place is not None and e.place.kind != "country"
                           and e.place.country == d.place.country and _repeats_toll(e, i) and _fits(e, d, day)), None)
        elif i.distinct and i.target is None and d.place is not None and not _another(i) and not i.earlier:
            # "In the first attack, 20 rockets hit Kiryat Shmona": a part of the event told there
            # (but "also hit a school near Tripoli" is another event than the hospital's)
            target = next((e for e in reversed(events) if e.place is not None and _same_place(e.place, d.place)
                           and _fits(e, d, day)), None)
        elif i.distinct and i.earlier and d.place is not None and told is not None \
                and told[0].incident.sentence_start == i.sentence_start and told[1].incident.earlier \
                and told[1].place is not None and _same_place(told[1].place, d.place) and _fits(told[1], d, day):
            # "two weeks after a truck bombing on a Mogadishu street, the country's worst attack":
            # an earlier event named twice in one sentence
            target = told[1]
        elif not i.distinct:
            fitting = [e for e in events[-_WINDOW:] if _fits(e, d, day, country_only=id(e) in loose and not in_headline)]
            if d.place is None:
                # the event its sentence's mention just went to, the one whose toll it repeats
                # ("along with the 15 killed, 13 were wounded"), of the same kind, named by its
                # actor, else the latest
                mate = told[1] if told is not None and told[0].incident.sentence_start == i.sentence_start else None
                target = max(enumerate(fitting), key=lambda ke: (ke[1] is mate, _repeats_toll(ke[1], i),
                                                                 _same_sure_category(ke[1].incident, i),
                                                                 _same_how(ke[1].incident, i), ke[0]),
                             default=(None, None))[1]
            elif i.definite:
                target = fitting[-1] if fitting else None
            else:
                same = [e for e in fitting if e.place is not None and _same_place(e.place, d.place)]
                target = (same or fitting or [None])[-1]
        if target is None and d.place is None and i.distinct and events and _next_of_kind(i) \
                and _fits(events[-1], d, day):
            last = events[-1]
            if told is not None and told[1] is last and told[0].incident.definite \
                    and told[0].incident.sentence_start == i.sentence_start:
                # "This explosion was followed by heavy gunfire, then a second blast": the sentence
                # tells the parts of the event it names
                target = last
            else:
                # "the second car bomb, at a checkpoint on the road to the airport": another event
                # where the one before it was (near it: the text places it no closer)
                d.mention, d.place, d.score, d.alternatives = last.mention, last.place, last.score, ()
                d.focus_fallback = True
        told = (d, target if target is not None else d)
        if target is not None:
            _absorb(target, d)
            if d.place is not None and not in_headline:
                loose.discard(id(target))
        elif d.place is not None:
            events.append(d)
            if in_headline and not d.sited:  # (a headline placed by its target's site is placed for sure)
                loose.add(id(d))
            # (not one told as another event, of another kind: "comes after a similar one by US
            # forces killed 52 ... The attack at DusitD2 in Nairobi": no US strike in Nairobi)
            for w in [w for w in waiting if _fits(d, w, day) and not (
                    w.incident.distinct and w.incident.category_sure and w.incident.category != d.incident.category)]:
                _absorb(d, w)
                waiting.remove(w)
        else:
            waiting.append(d)
        if d.place is not None:
            here = target if target is not None else d
            for h in [h for h in held if h.incident.sentence_start == i.sentence_start and _fits(here, h, day)]:
                _absorb(here, h)
                held.remove(h)
    return events


def _repeats_toll(event: _Draft, i: Incident) -> bool:
    """Does mention ``i`` give a number of dead the event was given? (Not a small one: "one
    soldier was killed" recurs by chance.)"""
    return i.fatalities is not None and i.fatalities >= _TELLING_TOLL and any(
        v.value == i.fatalities for v in event.tolls.get("fatalities", ()))


_TELLING_TOLL = 5


def _named_again(d: _Draft, drafts: list[_Draft]) -> bool:
    """Is the plural event ``d`` tells ("the US has carried out airstrikes in eastern Syria") named
    again right after as the one told ("The strikes were ordered ..."): one event, not a kind?"""
    i = d.incident
    return any(o.incident.definite and o.place is None and o.incident.sentence_start > i.sentence_start
               and _next_sentence(i, o.incident)
               and i.trigger.lower().rstrip("s").endswith(o.incident.trigger.lower().rstrip("s"))  # ("airstrikes")
               for o in drafts)


def _same_how(event: Incident, i: Incident) -> bool:
    """Is definite mention ``i`` told as done the way the event was ("the air-strikes" of the
    airstrikes, not of the rockets fired on a base in between)?"""
    return i.definite and i.sub_type != ATTACK and event.sub_type == i.sub_type


def _same_word(a: Incident, b: Incident) -> bool:
    """Do the two mentions name their event by the same word ("an ambush" ... "the ambush")?"""
    return a.trigger.lower().rstrip("s") == b.trigger.lower().rstrip("s")


def _next_sentence(a: Incident, b: Incident) -> bool:
    """Is ``b`` told in ``a``'s sentence or the one right after it?"""
    end = a.sentence_start + len(a.sentence)
    return a.sentence_start <= b.sentence_start <= end + 2


def _holding(drafts: list[_Draft], held: list[_Draft]) -> Iterator[_Draft]:
    """The drafts in text order, except a placeless one (not another event's) whose sentence
    places a mention after it: that one goes to ``held``, for the placed mention to take. Those
    nothing took come last. A mention placed only as off a reference place ("died when a bomb
    went off in X, 20 km north of Y") is as good as placeless when its sentence names the place."""
    for k, d in enumerate(drafts):
        s = d.incident.sentence_start
        # (the next few drafts: a sentence tells few events, and a long text must not cost n²)
        if (d.place is None or d.mention.qualifier == "off") and not d.incident.distinct and any(
                x.place is not None and x.mention.qualifier != "off" and x.incident.sentence_start == s
                for x in drafts[k + 1:k + 8]):
            held.append(d)
            continue
        yield d
    while held:
        yield held.pop(0)


_ANOTHER = re.compile(r"\banother\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NEXT_OF_KIND = re.compile(r"\b(?:second|third|fourth)\s+(?P<words>(?:[\w-]+\s+){0,2})$", re.IGNORECASE)
# What a munition dropped or fired is part of: "a second bomb was dropped" is the same raid's, "the
# second car bomb" another attack.
_DEVICES = {"car", "truck", "suicide", "roadside"}


def _headline_totals(drafts: list[_Draft], end: int) -> None:
    """"Separatists kill 15 soldiers with explosives" over a lead's "killed 15 soldiers and
    civilians in two bombings in the past month": the headline tells the lead's total, not an event
    (a lead that gives one day, "set off two car bombs at a hotel on Friday, killing 22", tells one)."""
    totals = {d.incident.fatalities for d in drafts if d.incident.aggregate and d.incident.fatalities
              and end <= d.incident.sentence_start <= end + OPENING_CHARS
              and (d.date is None or d.date.precision > 1)}
    events = {d.incident.fatalities for d in drafts if not d.incident.aggregate and d.incident.sentence_start >= end}
    for d in drafts:
        i = d.incident
        if i.sentence_start < end and not i.aggregate and i.fatalities is not None \
                and i.fatalities >= _TELLING_TOLL and i.fatalities in totals - events:
            d.incident = replace(i, aggregate=True)


def _another(i: Incident) -> bool:
    """"another airstrike killed three people in the province": an event besides the one told,
    wherever it was."""
    return _ANOTHER.search(i.sentence, 0, max(i.trigger_start - i.sentence_start, 0)) is not None


def _next_of_kind(i: Incident) -> bool:
    """"the second car bomb", "the third attack": the next event of a series, not one told before
    (nor "the second such attack", which says what the one told was)."""
    m = _NEXT_OF_KIND.search(i.sentence, 0, max(i.trigger_start - i.sentence_start, 0))
    if m is None:
        return False
    words = set(m.group("words").lower().split())
    if "such" in words:
        return False
    return i.trigger.lower() not in WEAPON_OBJECTS or bool(words & _DEVICES)


def _refine_countries(events: list[_Draft], mentions: list[Mention], resolutions: list[Resolution | None],
                      dateline: Dateline | None, day: DateMention | None = None) -> None:
    """An event placed only in a country ("a drone strike in eastern Afghanistan"), in an article
    that names one part of that country (where "eastern" points, if it says: "the governor of
    Nangarhar province") besides where it was filed from, happened there: geo precision 2 at best.
    Two or more parts apart from each other settle nothing, a place another event of the
    article is at is that event's, and an event of another time than the story's ``day`` stays
    where it is."""
    taken = {e.place.id for e in events if e.place is not None and e.place.kind != "country"}
    for d in events:
        if d.place is None or d.place.kind != "country":
            continue
        if d.date is not None and _far_from(d.date, day):
            continue  # an event of another time: the parts the article names are of the story's
        parts: dict[int, tuple[Mention, Resolution]] = {}
        for m, r in zip(mentions, resolutions):
            if r is None or r.place.country != d.place.country or r.place.kind not in _PARTS or m.label == "NORP" \
                    or r.place.id in taken:
                continue
            if _of_dateline(m, dateline):
                continue  # where the reporter filed from
            if m.qualifier is None and d.mention.qualifier in DIRECTIONS and not _lies(r.place, d.mention.qualifier, d.place):
                continue
            parts.setdefault(r.place.id, (m, r))
        found = list(parts.values())
        if found and all(_same_area(found[0][1].place, r.place) for _, r in found[1:]):
            m, r = max(found, key=lambda mr: _SPECIFICITY[mr[1].place.kind])
            d.mention, d.place, d.score, d.alternatives = m, r.place, r.score, r.alternatives
            d.refined = True
            taken.add(r.place.id)


_PARTS = {"admin1", "admin2", "city", "site", "region"}
DIRECTIONS = {"north": (1, 0), "northern": (1, 0), "south": (-1, 0), "southern": (-1, 0), "east": (0, 1),
              "eastern": (0, 1), "west": (0, -1), "western": (0, -1), "northeastern": (1, 1), "north-eastern": (1, 1),
              "northwestern": (1, -1), "north-western": (1, -1), "southeastern": (-1, 1), "south-eastern": (-1, 1),
              "southwestern": (-1, -1), "south-western": (-1, -1)}


def _lies(p: Place, direction: str, country: Place) -> bool:
    """Does ``p`` lie in the named part ("eastern") of ``country``, seen from its point?"""
    north, east = DIRECTIONS[direction]
    return (north == 0 or (p.lat - country.lat) * north > 0) and (east == 0 or (p.lon - country.lon) * east > 0)


def _same_area(a: Place, b: Place) -> bool:
    """One holds the other, or they lie within 50 km."""
    return _contains(a, b) or _contains(b, a) or distance_km(a.lat, a.lon, b.lat, b.lon) < 50


def _same_sure_category(a: Incident, b: Incident) -> bool:
    return a.category == b.category and a.category_sure and b.category_sure


def _other_doers(a: Incident, b: Incident) -> bool:
    """"Iran fired missiles at the base ... the US killed Soleimani on Friday": two doers named,
    two events."""
    return a.actor1 not in (None, *_UNNAMED) and b.actor1 not in (None, *_UNNAMED, a.actor1)


def _fits(event: _Draft, d: _Draft, day: DateMention | None, country_only: bool = False) -> bool:
    """Can mention ``d`` be another mention of ``event``? A mention with no place must fit the
    event's day, the story's day standing in where the event names none ("the commander, killed
    in 2022" does not join today's strike). ``country_only``: places need only lie in the same
    country (the event of a headline)."""
    if not _categories_agree(event.incident, d.incident):
        return False
    if _other_doers(event.incident, d.incident):
        return False
    if event.incident.earlier != d.incident.earlier:
        # "Saturday's blasts came two weeks after 350 were killed in a truck bombing": two events
        # (but the "anniversary of the Beirut bombing" is the one the body dates in 1983)
        now = d if event.incident.earlier else event
        if now.date is None or not _far_from(now.date, day):
            return False
    a, b = event.date, d.date
    if a is None and b is not None and day is not None and b.precision == 1 and day.precision == 1 \
            and event.place is not None and d.place is not None and 0 <= (day.date - b.date).days <= _TOLD_LATER_DAYS \
            and d.incident.category == event.incident.category:
        # "gunmen have killed eight in Kaduna, an official said on Wednesday ... an attack on
        # Tuesday on a village in Chikun": the lead's event, with no day of its own, is the one
        # the body dates a day or two before the report (of the same kind: "strikes on the
        # militia blamed for a rocket barrage Friday" are two events)
        a = b
    if a is None and b is not None and not event.incident.definite and not event.incident.earlier and (
            not d.incident.definite or _far_from(b, day)):
        # An event introduced without a day ("a bomb killed 35 in Baghdad") is the story's day's;
        # "In July, a truck bomb in Baghdad killed 300" is another event, and so is "the heaviest
        # attack to date killed 12 soldiers at X in December 2016", though told as known. (An
        # event introduced as known, "the killing of three soldiers in Jordan", may be of any day,
        # and "the strike, late on Friday" names the day of the one told; one told as earlier,
        # "Marines mark anniversary of Beirut bombing", is of no day of the story's.)
        a = day
    if b is None and a is not None and d.place is None and not d.incident.definite:
        b = day  # "two were hospitalised": of the story's day ("this attack was claimed" of the one just told)
    if a is not None and b is not None and not _dates_overlap(a, b):
        return False
    if event.place is None or d.place is None:
        return True
    if country_only and event.place.country and event.place.country == d.place.country:
        return True
    if _same_place(event.place, d.place) or _contains(event.place, d.place) or _contains(d.place, event.place):
        return True
    # "the town south of Kirkuk": a place named as a reference is near the event, not at it
    off = event.mention.qualifier == "off" or d.mention.qualifier == "off"
    return off and distance_km(event.place.lat, event.place.lon, d.place.lat, d.place.lon) < _OFF_REACH_KM


# How many days before the story's day an event told without one may be dated by the body.
_TOLD_LATER_DAYS = 2

# How far from a reference place ("80 km north of Baghdad") the event it places may lie.
_OFF_REACH_KM = 100

# How specific a place is, for picking the one an event is at ("Tower 22" over "Jordan", "Deir
# Ezzor province" over "Syria").
_SPECIFICITY = {"continent": 0, "country": 1, "sea": 1, "region": 2, "admin1": 2, "admin2": 3, "city": 4, "site": 5}


def _more_specific(a: tuple[Mention, Place], b: tuple[Mention, Place]) -> bool:
    """Is place ``a`` a better place for the event than ``b``? The more specific, but a place only
    named as a reference ("80 km north of Baghdad") loses to the place itself."""
    (ma, pa), (mb, pb) = a, b
    if (ma.qualifier == "off") != (mb.qualifier == "off") and pa.kind == pb.kind == "city":
        return mb.qualifier == "off"
    if pa.kind == pb.kind == "city" and pa.id != pb.id and _contains(pb, pa):
        return True  # "Baghdad's eastern district of Sadr City": a quarter or suburb of the city named with it
    return _SPECIFICITY[pa.kind] > _SPECIFICITY[pb.kind]


# People per square km of a city's built-up area, roughly (for how far its quarters reach).
_URBAN_DENSITY = 5000


def _city_radius_km(city: Place) -> float:
    """How far a city's quarters and suburbs lie from its point: the radius of a disc holding its
    people at an urban density (Baghdad's 7 million: 21 km; a town of 45,000: under 2 km)."""
    return math.sqrt(city.population / (math.pi * _URBAN_DENSITY))


def _draft(incident: Incident, by_mention: dict[tuple[int, int], Resolution | None]) -> _Draft:
    """Pick the most specific resolved place among the incident's places ("Tower 22" over "Jordan")."""
    best: tuple[Mention, Resolution] | None = None
    placed = [(m, by_mention.get((m.start, m.end))) for m in incident.places]
    placed = [(m, r) for m, r in placed if r is not None and not _too_vague(r.place)]
    # (not one named only as near it: "Rafah, a border town near the Gaza Strip")
    regions = [r.place for m, r in placed if r.place.kind in ("admin1", "admin2", "region")
               and m.qualifier not in NEAR_QUALIFIERS]
    for m, r in placed:
        if r.place.kind in ("city", "site") and any(not _contains(region, r.place) for region in regions):
            continue  # "Said Abad district of Maidan Wardak": a town the phrase's province does not hold is another's
        if best is None:
            best = (m, r)
            continue
        cur = best[1].place
        same_area = cur.country is None or r.place.country is None or cur.country == r.place.country
        if same_area and _more_specific((m, r.place), (best[0], cur)):
            best = (m, r)
    tolls = {k: [_Toll(getattr(incident, k), incident.toll_kinds.get(k, FIGURE), incident.evidence.get(k),
                       incident.toll_victims.get(k))]
             for k in ("fatalities", "injured") if getattr(incident, k) is not None}
    if best is None:
        # "the village of Bool-Kiiba": a place the text names and the gazetteer lacks
        unknown = next((x for x in incident.places if _proper_name(x.text)), None)
        return _Draft(incident, None, None, None, (), incident.date, sentences=[incident.sentence], tolls=tolls,
                      inner=unknown, told=_tells(incident))
    m, r = best
    if r.place.feature_code == UNIT_CODE and r.place.admin1 is None:
        # "Khwaja Ghar district of Takhar": a unit (kept with no province) is in the one the text
        # names it in, so it is not taken for a part of the next province's event
        region = next((p for p in regions if p.kind == "admin1" and p.admin1 and _contains(p, r.place)), None)
        if region is not None:
            r = replace(r, place=replace(r.place, admin1=region.admin1))
    # "in the village of Shula near Deir Ezzor": the event is at a place smaller than the one we can place
    inner = next((x for x in incident.places if x.start < m.start and by_mention.get((x.start, x.end)) is None), None)
    return _Draft(incident, m, r.place, r.score, r.alternatives, incident.date, sentences=[incident.sentence],
                  tolls=tolls, inner=inner, told=_tells(incident))


def _one_per_trigger(drafts: list[_Draft]) -> list[_Draft]:
    """"Elsewhere in Afghanistan on Monday, a roadside bomb struck a microbus in the eastern Ghazni
    province": places one event word is told at, one holding the other, are one place (the word
    read at each is one event at the more specific), not events of their own ("strikes on Iraq
    and Syria" stay two)."""
    def holds(a: _Draft, b: _Draft) -> bool:  # (a told at b's country, the same words)
        return a.incident.trigger_start == b.incident.trigger_start and a.place is not None and b.place is not None \
            and a.place.kind == "country" and b.place.kind != "country" and _contains(a.place, b.place)

    out: list[_Draft] = []
    for d in drafts:
        if any(holds(d, o) for o in out):
            continue
        out = [o for o in out if not holds(o, d)] + [d]
    return out


def _tells(incident: Incident) -> bool:
    """Whether the mention tells an event: not "the incident" (a name for one told elsewhere),
    nor "three people were found dead" with nobody said to have killed them."""
    trigger = incident.trigger.lower()
    if trigger in ANAPHOR_ONLY or trigger.rstrip("s") in ANAPHOR_ONLY:
        return False
    return bool(incident.actor1) or not _DYING.match(trigger)


def _proper_name(text: str) -> bool:
    """"Bool-Kiiba", not "the capital" (a reference the resolver could not settle)."""
    return text[:1].isupper() and not text.lower().startswith("the ")


def _place_by_target(drafts: list[_Draft], sites: list[Site], by_mention: dict) -> None:
    """"A Saudi-led airstrike hit a prison run by the rebels ... the prison site in the northern city
    of Saada": an event that names no place is where the article later places its target (the first
    such site from its sentence on, else the last before it)."""
    for d in drafts:
        target = d.incident.target
        if d.place is not None or target is None:
            continue
        placed = [(x.mention, r) for x in sites if target in x.nouns
                  and (r := by_mention.get((x.mention.start, x.mention.end))) is not None and not _too_vague(r.place)]
        after = [mr for mr in placed if mr[0].start >= d.incident.sentence_start]
        chosen = after[0] if after else placed[-1] if placed else None
        if chosen is not None:
            d.mention, d.place, d.score, d.alternatives = chosen[0], chosen[1].place, chosen[1].score, chosen[1].alternatives
            d.sited = True


# "the Al-Qusour neighbourhood", "the suburb of X": a part of a town, named as one.
_QUARTER = re.compile(r"\s+(?:neighbou?rhoods?|quarters?|suburbs?)\b", re.IGNORECASE)
_QUARTER_BEFORE = re.compile(r"\b(?:neighbou?rhood|quarter|suburb)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _place_by_quarter(drafts: list[_Draft], focus: tuple[Mention, Resolution] | None, text: str) -> None:
    """"heavy clashes in the Al-Qusour neighbourhood": a quarter the gazetteer does not know, in an
    article about a town, is a quarter of that town (near it: geo precision 2)."""
    if focus is None or focus[1].place.kind != "city":
        return
    for d in drafts:
        q = d.inner
        if d.place is None and q is not None and (
                _QUARTER.match(text, q.end) or _QUARTER_BEFORE.search(text, max(q.start - 40, 0), q.start)):
            d.mention, d.place, d.score, d.alternatives = focus[0], focus[1].place, focus[1].score, ()


def _focus(mentions: list[Mention], resolutions: list[Resolution | None], text: str,
           dateline: Dateline | None = None) -> tuple[Mention, Resolution] | None:
    """The place the article is about: its dateline's, else the most often named (towns before
    countries on a tie), then the first named; names used of people and things ("US-led",
    "U.S. officials") are not places it is about."""
    counts: dict[int, int] = {}
    first: dict[int, tuple[Mention, Resolution]] = {}
    unplaced: dict[str, int] = {}  # names the index lacks ("the village of Solhan"), by how often named
    for m, r in zip(mentions, resolutions):
        if r is None and m.label != "NORP" and _proper_name(m.text):
            unplaced[m.text.lower()] = unplaced.get(m.text.lower(), 0) + 1
        if r is None or m.label == "NORP" or _too_vague(r.place) or _ATTRIBUTIVE_USE.match(text, m.end) \
                or _LAUNCHED_FROM.search(text, max(0, m.start - 80), m.start):
            continue
        if _of_dateline(m, dateline):
            return m, r
        counts[r.place.id] = counts.get(r.place.id, 0) + 1
        first.setdefault(r.place.id, (m, r))
    if not counts:
        return None
    best = max(counts, key=lambda pid: (counts[pid], -first[pid][1].place.precision, -first[pid][0].start))
    if counts[best] == 1 and max(unplaced.values(), default=0) >= 2:
        return None  # the article is about a place we cannot place, not a town it names once in passing
    return first[best]


# "launched from Yemen's northern governorate of Saada": where the weapon came from, not where it hit
_LAUNCHED_FROM = re.compile(r"\b(?:launched|fired|took off|flown|sent)\s+from\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
# "US-led", "U.S. officials": a country's name said of its people and things, not of a place
_ATTRIBUTIVE_USE = re.compile(r"-(?:led|backed|based|linked|allied|aligned|supported|made)\b|\s+(?:officials?|forces|"
                              r"troops|military|army|government|president|embassy|soldiers|police|authorities|envoy|"
                              r"spokes\w+|ministry|diplomats?|intelligence|navy|air force|administration)\b")


def _too_vague(p: Place) -> bool:
    return p.kind in _TOO_VAGUE or (p.kind == "region" and p.country is None)


# How far from its point a sea or region can reach (we keep points, not outlines, for these).
_REACH_KM = {"sea": 800, "region": 300, "admin1": 400, "admin2": 100}
# How far past a city's built-up radius its airport or base may lie and still be the city's.
_EDGE_KM = 10


def _contains(outer: Place, inner: Place) -> bool:
    if outer.id == inner.id:
        return True
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind == "admin1" and outer.admin1 and inner.admin1 and inner.kind in ("city", "admin2"):
        return inner.country == outer.country and inner.admin1 == outer.admin1  # GeoNames' own answer
    if outer.kind == inner.kind == "city" and inner.population < outer.population and inner.country == outer.country:
        # a quarter or suburb: within the city's reach, which grows with its people
        return distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < _city_radius_km(outer)
    if outer.kind == "city" and inner.kind == "site" and inner.country == outer.country:
        # "rockets fired on Erbil" and "at Erbil airport": a city's airport or base lies on its edge
        return distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < _city_radius_km(outer) + _EDGE_KM
    if outer.kind in _REACH_KM and (inner.precision < outer.precision or inner.kind == "city"):
        same_country = outer.country is None or inner.country == outer.country
        return same_country and distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < _REACH_KM[outer.kind]
    return False


def _same_place(a: Place, b: Place) -> bool:
    return a.id == b.id or (a.kind == b.kind == "city" and distance_km(a.lat, a.lon, b.lat, b.lon) < 5)


def _dates_overlap(a: DateMention, b: DateMention) -> bool:
    a0, a1 = a.interval()
    b0, b1 = b.interval()
    return a0 <= b1 and b0 <= a1


def _categories_agree(a: Incident, b: Incident) -> bool:
    """Equal, or one of them was only guessed (no actor named) or is a bare toll; but an
    interception ("other") is never fighting on the ground ("clash"), as it may be the attack
    whose missiles were intercepted."""
    if a.category is None or b.category is None or a.category == b.category:
        return True
    if {a.category, b.category} == {Category.OTHER, Category.CLASH}:
        return False
    return not (a.category_sure and b.category_sure)


def _absorb(base: _Draft, new: _Draft) -> None:
    """Fold mention ``new`` into event ``base``: the more specific place and date, every toll
    read (the lowest figure wins, in ``_finish``), the named actor over an unnamed one."""
    bi, ni = base.incident, new.incident
    evidence = dict(bi.evidence)
    if new.place is not None and (base.place is None or _more_specific((new.mention, new.place), (base.mention, base.place))
                                  or (new.place.kind == base.place.kind
                                      and bool(new.mention.qualifier) < bool(base.mention.qualifier))):
        base.mention, base.place, base.score, base.alternatives = new.mention, new.place, new.score, new.alternatives
        base.inner = new.inner
        place_sentence, place_sentence_start = ni.sentence, ni.sentence_start
    else:
        place_sentence, place_sentence_start = bi.sentence, bi.sentence_start
    if new.date is not None and (base.date is None or base.date_inferred or new.date.precision < base.date.precision):
        base.date, base.date_inferred = new.date, False
        _take(evidence, ni.evidence, "date")
    merged = replace(bi, sentence=place_sentence)
    if bi.definite and not ni.definite and not ni.earlier and ni.sentence_start < bi.sentence_start:
        # "Nine soldiers were killed ... the attack in Segou": the event was introduced as new
        # where it was first told, and is the story's (not of any day a later mention might give)
        merged.definite = False
    elsewhere = new.place is None and new.inner is not None and (base.inner is None or base.inner.text != new.inner.text)
    for toll, values in new.tolls.items():
        if elsewhere and base.tolls.get(toll):
            continue  # "three were shot dead in <a village we cannot place>" may be another event's toll
        base.tolls.setdefault(toll, []).extend(values)
    # A mention with no place of its own adds its day and toll; who and what only when it names the
    # event by its place or claims it ("the Jan. 28 U.S. attack" may be on the U.S., not by it).
    # (nor a later mention placed only in the country of the event's town: "troops had killed 20
    # jihadists near the border of Mali and Burkina Faso" is not who ambushed the convoy in Segou)
    vaguer = new.place is not None and new.place.kind == "country" and base.place is not None \
        and base.place.kind != "country" and ni.sentence_start > bi.sentence_start
    # (nor one told in the sentence that places the event: "militias launched drones targeting
    # the al-Tanf garrison")
    if (not vaguer and (new.place is not None or ni.sentence_start <= OPENING_CHARS
                        or ni.sentence_start == place_sentence_start)) or ni.claimed:
        if bi.category is None or (ni.category_sure and not bi.category_sure):
            merged.category, merged.category_sure = ni.category, ni.category_sure
        elif not bi.category_sure and not ni.category_sure and bi.sub_type == "Attack" and ni.sub_type in _HOW_STRUCK \
                and not ni.trigger.lower().startswith("raid"):  # (a raid may be by air or on the ground)
            merged.category = ni.category  # a headline's "attack", told in the body as an airstrike
        if bi.sub_type == "Attack" and ni.sub_type != "Attack":
            merged.sub_type = ni.sub_type
        sides = {a for a in (bi.actor1, bi.actor2, ni.actor1, ni.actor2) if a is not None}
        for role, other in (("actor1", "actor2"), ("actor2", "actor1")):
            better = _better_actor(getattr(bi, role), getattr(ni, role))
            if better is not None and better == getattr(merged, other):
                continue  # no side is its own target: "PKK fighters attacked ... jets struck PKK targets"
            setattr(merged, role, better)
            if getattr(merged, role) != getattr(bi, role):
                _take(evidence, ni.evidence, role)
        if merged.category == Category.CLASH and STATE_FORCES in sides and merged.actor1 is None \
                and merged.actor2 not in (None, STATE_FORCES):
            # "an encounter with government troops" and "three Abu Sayyaf members were killed": a
            # clash has two sides, the state's forces written first (as ACLED does)
            merged.actor1 = STATE_FORCES
    elif bi.category is None and not vaguer:
        merged.category, merged.category_sure = ni.category, False
    elif vaguer and bi.actor1 is None and ni.actor1 not in (None, *_UNNAMED) and ni.category == bi.category:
        # "Russian missiles struck a train in central Ukraine" told of the strike at the station: a
        # state or group named for the same kind of event (an unnamed "troops" may be another doing)
        merged.actor1 = ni.actor1
        _take(evidence, ni.evidence, "actor1")
    merged.evidence = evidence
    merged.confidence = max(bi.confidence, ni.confidence)
    base.incident = merged
    base.mentions += new.mentions
    base.told = base.told or new.told
    base.sentences += [s for s in new.sentences if s not in base.sentences]


_HOW_STRUCK = {AIR, SHELLING}


def _lowest(values: list[_Toll]) -> tuple[int, tuple[int, int] | None] | None:
    """The event's toll as ACLED codes it: the lowest figure the text gives ("at least 25" from one
    source, "37" from another: 25), a figure over one person named ("killed a senior leader" and
    "three members were killed": 3), a count over "none" (one report's "no casualties" against
    another's eight dead); a vague word ("dozens") is no figure at all. A revised toll ("the toll
    rose to 16") beats the figures before it, and a superseded one ("a provisional toll of 5")
    counts only where there is no other. More dead told as such ("two militants were also killed")
    are added to it, once each, and not where that figure is the toll itself told again. A smaller
    count of the armed told after one of civilians ("two police guards" after "56 worshippers"),
    or the other way round, is some of the dead told apart, not another source's figure for all."""
    usable = [v for v in values if v.kind not in (VAGUE_WORD, ADDED)]
    usable = [v for v in usable if not _part(v, usable)] or usable
    # (one figure told twice is told once: "17 injured ... 17 civilians were also injured")
    more = {v.value: v for v in values if v.kind == ADDED and v.value not in {u.value for u in usable}}
    if not usable:
        return (sum(more), next(iter(more.values())).span) if more else None
    # (a count beats "none" whatever its kind: "killed one militant ... no civilians were killed")
    usable = [v for v in usable if v.value > 0] or usable
    best = [v for v in usable if v.kind == min(u.kind for u in usable)]
    chosen = min(best, key=lambda v: v.value)
    return chosen.value + sum(more), chosen.span


def _part(v: _Toll, values: list[_Toll]) -> bool:
    """Count ``v`` counts the armed where a larger count ``values`` told before it counts
    civilians, or the other way round: some other of the dead, told apart."""
    side = _side(v.victims)
    return side is not None and v.span is not None and any(
        u.value > v.value and u.kind <= v.kind and _side(u.victims) not in (None, side) and u.span is not None
        and u.span[0] < v.span[0] for u in values)


def _side(victims: str | None) -> str | None:
    """Whom a toll's noun counts: "civilian" ("worshippers", "villagers"), "armed" ("police
    guards", "soldiers", "militants"), or None where the noun does not say ("people", "12")."""
    return "civilian" if victims in CIVILIAN_WORDS else "armed" if victims in ARMED_NOUNS else None


def _take(evidence: dict, other: dict, key: str) -> None:
    if key in other:
        evidence[key] = other[key]
    else:
        evidence.pop(key, None)


def _better_actor(a: str | None, b: str | None) -> str | None:
    """A named actor beats an unnamed one ("gunmen", "the army"), which beats none."""
    if a is None or a in _UNNAMED and b is not None and b not in _UNNAMED:
        return b or a
    return a


_UNNAMED = {GENERIC_ACTOR, STATE_FORCES}


def _name_actors(d: _Draft, gazetteer) -> None:
    """"the army" is the forces of the state where it struck; an attack nobody is named for is by
    an unidentified armed group (ACLED's words for it), never a guess."""
    i = d.incident
    if i.category == Category.CLASH and i.actor2 == STATE_FORCES and i.actor1 not in (None, STATE_FORCES):
        i = replace(i, actor1=i.actor2, actor2=i.actor1)  # a clash's sides, the state's forces first (as ACLED)
    names = {}
    for role in ("actor1", "actor2"):
        name = getattr(i, role)
        if name == STATE_FORCES:
            country = gazetteer.country(d.place.country) if d.place.country else None
            name = country.name if country is not None else None
        names[role] = name
    if names["actor1"] is None and i.category == Category.ATTACK:
        names["actor1"] = GENERIC_ACTOR
    if names != {"actor1": d.incident.actor1, "actor2": d.incident.actor2}:
        d.incident = replace(i, **names)


def _claims(drafts: list[_Draft], events: list[_Draft], day: DateMention | None) -> None:
    """"Islamic State claimed the attacks", "officials said the attacks were carried out by the
    EMC", "in Syria, coalition forces conducted eight strikes": who did several of the article's
    events, said once, names the actor of each it can be (of its kind, in its country if it
    names one) that names none."""
    for d in drafts:
        i = d.incident
        plural = i.trigger.lower().endswith("s")
        if not plural or i.actor1 in (None, *_UNNAMED) or not (i.claimed or i.aggregate or d.place is None) \
                or i.claimed and i.aggregate:  # "IS has claimed several recent attacks": others
            continue
        if d.date is not None and day is not None and d.date.precision >= 4 and not _dates_overlap(d.date, day):
            continue  # "in 2016, ISIL also launched attacks at the base": who did others, years before
        country = d.place.country if d.place is not None else None
        for e in events:
            if e.incident.actor1 in (None, *_UNNAMED) and _categories_agree(e.incident, i) \
                    and (country is None or e.place.country == country):
                e.incident = replace(e.incident, actor1=i.actor1)


def _finish(d: _Draft, gazetteer, published_by: str | None) -> LocatedIncident:
    i, p, m = d.incident, d.place, d.mention
    geo_precision = p.precision
    # An event known only by its province is drawn at the province's main town, as ACLED codes it
    # (geo precision 3), not at the middle of the province (the incident keeps the province's name).
    point = (gazetteer.seat(p) if p.kind == "admin1" else None) or p
    if (m.qualifier in NEAR_QUALIFIERS or d.focus_fallback) and p.precision == 1:
        geo_precision = 2  # near the place, or only the place the article is about
    if (d.inner is not None or d.refined) and geo_precision == 1:
        geo_precision = 2  # "the village of Shula, near Palmyra": near the place we could place
    confidence = i.confidence + 0.05 * (d.mentions - 1) - 0.1 * d.date_inferred
    confidence *= 0.5 + 0.5 * (d.score or 0)
    evidence = {k: list(v) for k, v in {**i.evidence, "place": (m.start, m.end)}.items()}
    tolls = {}
    for key in ("fatalities", "injured"):
        chosen = _lowest(d.tolls.get(key, []))
        tolls[key] = chosen[0] if chosen else None
        if chosen and chosen[1]:
            evidence[key] = list(chosen[1])
        elif not chosen:
            evidence.pop(key, None)
    return LocatedIncident(
        category=i.category, sub_type=i.sub_type, date=d.date.date if d.date else None,
        date_precision=d.date.precision if d.date else None, place=m.text, place_resolved=p.name,
        country=p.country, geo_precision=geo_precision, lat=round(point.lat, 5), lon=round(point.lon, 5),
        geonameid=p.geonameid, feature_class=p.feature_class, actor1=i.actor1, actor2=i.actor2,
        fatalities=tolls["fatalities"], injured=tolls["injured"], sentence=i.sentence,
        confidence=round(max(0.05, min(confidence, 0.95)), 2), aggregate=i.aggregate,
        date_text=(d.date.text or None) if d.date else None, place_start=m.start, place_end=m.end,
        place_score=d.score,
        alternatives=[{"name": a.name, "country": a.country, "lat": a.lat, "lon": a.lon,
                       "geonameid": a.geonameid, "kind": a.kind} for a in d.alternatives],
        sentences=d.sentences,
        evidence=evidence, field_confidence=_field_confidence(d), outlet=published_by,
        admin1=gazetteer.division_name(p),
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
        values = [v for v in d.tolls.get(toll, []) if v.kind != VAGUE_WORD]
        if values:
            # figures that disagree ("25" and "37"): less sure
            out[toll] = 0.8 if len({v.value for v in values}) == 1 else 0.65
    return out
