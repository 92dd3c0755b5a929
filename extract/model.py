"""Plain records passed out of ``extract``: no coordinates here, only text and offsets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None

    @property
    def document(self) -> str:
        """What the pipeline reads: the title (if given apart from the text) then the text."""
        if self.title and not self.text.startswith(self.title):
            return f"{self.title}\n\n{self.text}"
        return self.text


@dataclass(frozen=True)
class Mention:
    """A place name as written, with character offsets into ``Article.document``."""

    text: str
    start: int
    end: int
    label: str  # spaCy entity label: GPE, LOC, FAC
    qualifier: str | None = None  # "eastern", "near", "outskirts" ...: the event is around, not at, the place


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    precision: int  # 1 day, 2 week, 3 month, 4 year
    text: str

    def interval(self) -> tuple[dt.date, dt.date]:
        """The days this mention could mean."""
        d = self.date
        if self.precision == 1:
            return d, d
        if self.precision == 2:
            monday = d - dt.timedelta(days=d.weekday())
            return monday, monday + dt.timedelta(days=6)
        if self.precision == 3:
            first = d.replace(day=1)
            nxt = (first + dt.timedelta(days=32)).replace(day=1)
            return first, nxt - dt.timedelta(days=1)
        return d.replace(month=1, day=1), d.replace(month=12, day=31)


@dataclass
class Incident:
    """One event mention as read from one sentence (before places are resolved and mentions merged)."""

    category: str | None  # strike | attack | clash | None (a toll or killing that only says who died)
    sub_type: str
    trigger: str
    trigger_start: int
    sentence: str
    sentence_start: int
    places: list[Mention] = field(default_factory=list)  # where it happened, most specific first: [Tower 22, Jordan]
    date: DateMention | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    # Where each field was read: field -> (start, end) character offsets into Article.document,
    # for "trigger", "date", "actor1", "actor2", "fatalities", "injured" (places are Mentions).
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    aggregate: bool = False  # "more than 160 attacks since Oct. 17": a summary, not one event
    category_sure: bool = True  # False when guessed without knowing who acted or on whom
    confidence: float = 0.5
    # "the attack", "Thursday's strike", "the incident": a name for an event already told, which
    # adds what it says (a place, a date, a toll) to that event rather than starting another.
    definite: bool = False
    # "another attack", "a second strike", "also hit a school": an event besides the ones told.
    distinct: bool = False
    # "this comes days after 12 soldiers were killed in an ambush": an event told as some time
    # before the story's, on a day the text does not give (another event, not of the story's day)
    earlier: bool = False
    days_before: int | None = None  # ... and by how many days, where it says ("a day after": 1)
    # "claimed the attack", "blamed the bombing on": who the text says did it, named apart from
    # the event (actor1 holds it too); a claim settles the category as much as a named agent.
    claimed: bool = False
    # How each toll was given (extract.quantities.figure_kind): a revised figure beats a figure,
    # which beats one person named ("killed a senior leader"), which beats a superseded figure; a
    # vague word ("dozens") is no figure at all.
    toll_kinds: dict = field(default_factory=dict)
    # Whom each toll counts, as the lemma of its noun ("worshipper" in "56 worshippers"; none for a
    # bare "56"): a smaller count of other victims told apart is a part of the toll (geo.locate._lowest)
    toll_victims: dict = field(default_factory=dict)
    # "seven strikes struck ISIL units near Manbij": a count of strikes, one event where its place
    # is one town (as ACLED codes the strikes of a day on a place), a summary where it is wider
    strikes_counted: bool = False
    # "airstrikes hit near Sanaa", "attacks on military bases in Mali": events in the plural with
    # neither a day nor a toll; one event where they are at one town, a kind of event where wider
    generic: bool = False
    target: str | None = None  # what was hit, as a noun ("school", "hospital", "convoy"), if the text says


@dataclass(frozen=True)
class Dateline:
    """"KYIV, Ukraine (AP) —": where the report was filed and, if given, the day it was."""

    place: str
    start: int  # offsets of the place name in ``Article.document``
    end: int
    date: DateMention | None
    through: int = 0  # where the whole dateline ends ("(AP) —" included): its words name no actor
    agency: str | None = None  # the wire service credited: "AP", "Reuters"


@dataclass(frozen=True)
class Site:
    """A place named as where a kind of target is: "the prison site in the northern city of Saada"
    (nouns: prison, site). It places an event whose target is that kind and which names no place."""

    nouns: frozenset
    mention: Mention


@dataclass
class Extraction:
    """What ``extract`` reads in one article: place mentions, event mentions, and what frames them."""

    mentions: list[Mention]
    incidents: list[Incident]
    # days named in the article's opening (its headline, dateline and lead), with their offsets,
    # most telling first (see ``IncidentExtractor._days``): the story's day is among them
    opening_days: list[tuple[int, DateMention]] = field(default_factory=list)
    dateline: Dateline | None = None
    sites: list[Site] = field(default_factory=list)
