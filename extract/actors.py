"""Who acted and against whom: armed actors found by their aliases and normalised to one name."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

ACTORS_CSV = Path(__file__).parent / "data" / "actors.csv"
# The row of actors.csv for armed men nobody names ("militants", "gunmen"): any named group beats
# it, and it is what ACLED writes where the perpetrator is unknown.
GENERIC_ACTOR = "Unidentified armed group"
# A state's forces named without their state ("the army", "security forces", "warplanes"): the
# state where the event happened, which only the places can tell (``geo`` settles it).
STATE_FORCES = "State forces"
# Words for a state's armed forces after its demonym or name: "Nigerian army", "Sudan's military".
FORCE_WORDS = ("army", "military", "forces", "troops", "soldiers", "armed forces", "security forces",
               "government forces", "air force", "warplanes", "jets", "fighter jets", "navy", "police",
               "defence forces", "defense forces", "military forces", "government troops", "artillery",
               "drone", "drones", "helicopter", "helicopters", "gunships", "tanks", "warships", "gunboats")
_BARE_FORCES = ("the army", "the military", "troops", "soldiers", "security forces", "government forces",
                "warplanes", "fighter jets", "military aircraft", "the air force", "government troops",
                "army", "military", "armed forces", "the armed forces", "security personnel",
                # ("an airstrike by the country's air force", "blamed the federal government for the strike")
                *(f"the country's {force}" for force in ("air force", "military", "army")),
                "federal government", "federal forces", "federal troops")


def force_phrases(word: str) -> set[str]:
    """A state's forces named after its name or people's word: "Nigerian army", "Sudan's military"."""
    return {f"{word}{joint}{force}" for force in FORCE_WORDS for joint in (" ", "'s ")}


def _rows(path: Path = ACTORS_CSV) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def actor_kinds(path: Path = ACTORS_CSV) -> dict[str, str]:
    """{actor name: "state" | "non-state"} of the named actors (a state's forces found by its name
    or people's word are named after the state)."""
    return {row["name"]: row["kind"] for row in _rows(path)}


def group_names(path: Path = ACTORS_CSV) -> frozenset[str]:
    """The names, in lower case, of the armed groups (not states): "Hamas" is a group wherever a
    village is called so too."""
    return frozenset(a.strip().lower() for row in _rows(path) if row["kind"] != "state"
                     for a in row["aliases"].split("|") if a.strip())


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # state | non-state
    span: Span


class ActorIndex:
    """Finds actor aliases in a parsed document (case-insensitive, longest match wins).

    ``states`` and ``peoples``: for each state, as its gazetteer name, the words for it ({"Nigeria":
    ["Nigeria"]}) and for its people ({"Nigeria": ["Nigerian"]}): "<word> army", "<name>'s
    military" and the like name its forces, and so does a people's word before an event ("a
    Turkish bombardment"; not a name: "a Mali attack" is one in Mali).
    """

    def __init__(self, nlp: Language, path: Path = ACTORS_CSV, states: Mapping[str, Sequence[str]] | None = None,
                 peoples: Mapping[str, Sequence[str]] | None = None):
        self.kinds: dict[str, str] = {STATE_FORCES: "state"}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # "IS", "US", "KH" only in capitals: in lower case they are ordinary words.
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        named: set[str] = set()
        for row in _rows(path):
            self.kinds[row["name"]] = row["kind"]
            aliases = {a.strip() for a in row["aliases"].split("|") if a.strip()}
            named |= {a.lower() for a in aliases}
            short = {a for a in aliases if len(a) <= 3 and a.isupper()}
            self.matcher.add(row["name"], [nlp.make_doc(a) for a in aliases - short])
            if short:
                self.exact.add(row["name"], [nlp.make_doc(a) for a in short])
        # A people's word alone, read only where it qualifies an event ("a Turkish bombardment"):
        # elsewhere it is a people.
        self.state_words = {w.lower(): state for state, words in (peoples or {}).items() for w in words
                            if " " not in w and w.lower() not in named}
        # A country's own name, read as its state only where the country does an attack ("Turkey
        # launched airstrikes"): elsewhere it is where things happen.
        self.state_names = {w.lower(): state for state, words in (states or {}).items() for w in words
                            if w.lower() not in named}
        # ... and its people in the plural, read so only where they launch an attack ("Russians
        # launch a missile strike")
        self.peoples_plural = {f"{w.lower()}s": state for state, words in (peoples or {}).items() for w in words
                               if " " not in w}
        for state in set(states or {}) | set(peoples or {}):
            words = [*(states or {}).get(state, []), *(peoples or {}).get(state, [])]
            phrases = {p for w in words for p in force_phrases(w)}
            # ("the armed forces of Armenia")
            phrases |= {f"{force} of {w}" for w in (states or {}).get(state, []) for force in FORCE_WORDS}
            phrases -= named
            if phrases:
                self.kinds.setdefault(state, "state")
                self.matcher.add(state, [nlp.make_doc(p) for p in sorted(phrases)])
        self.matcher.add(STATE_FORCES, [nlp.make_doc(p) for p in _BARE_FORCES if p not in named])

    def find(self, doc: Doc) -> list[Actor]:
        matches = list(self.matcher(doc)) + list(self.exact(doc))
        spans = [Span(doc, s, e, label=m) for m, s, e in matches]
        # Longest first, then drop overlaps: "U.S. Central Command" beats "U.S.".
        chosen: list[Span] = []
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if taken.isdisjoint(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        spans = []
        for span in sorted(chosen, key=lambda s: s.start):
            # "the Saudi Royal Air Force" is Saudi Arabia's, though "Royal Air Force" alone is
            # Britain's: a state's word before another state's force names the force's state
            before = spans[-1] if spans and spans[-1].end == span.start else None
            state = before.label_ if before is not None and len(before) == 1 else \
                self.state_words.get(doc[span.start - 1].lower_) if span.start else None
            if state and state != span.label_ and self.kinds.get(span.label_) == "state" \
                    and self.kinds.get(state) == "state":
                if before is not None:
                    spans.pop()
                span = Span(doc, span.start - 1, span.end, label=state)
            spans.append(span)
        spans = _coalition_named_again(doc, spans)
        found = [Actor(s.label_, self.kinds[s.label_], s) for s in spans if not _newsroom(s)]
        taken = {i for a in found for i in range(a.span.start, a.span.end)}
        return sorted(found + [a for a in _self_named(doc) if taken.isdisjoint(range(a.span.start, a.span.end))],
                      key=lambda a: a.span.start)


# "a little-known group calling itself Saraya Awliya al-Dam", "a militia called X", "a faction
# known as X": a group the list of actors lacks, named by the text itself.
_GROUP_NOUNS = {"group", "groups", "militia", "militias", "faction", "organisation", "organization", "movement",
                "outfit", "brigade", "network", "cell"}
_SELF_NAMING = re.compile(r"^(?:calling (?:itself|themselves)|which calls itself|called|named|known as)$")


def _self_named(doc: Doc) -> list[Actor]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART") or ent.start < 2:
            continue
        for width in (3, 2, 1):
            words = doc[max(ent.start - width, 0):ent.start]
            before = doc[words.start - 1] if words.start > 0 else None
            if _SELF_NAMING.match(words.text.lower()) and before is not None and before.lower_ in _GROUP_NOUNS:
                out.append(Actor(ent.text, "non-state", ent))
                break
    return out


def _coalition_named_again(doc: Doc, spans: list[Span]) -> list[Span]:
    """"An airstrike by the Saudi-led coalition ... the coalition warplanes", "a coalition
    airstrike": where the article names one coalition, a bare "coalition" is that one (with the
    forces word after it: "warplanes" alone would be any state's)."""
    named = {s.label_ for s in spans if "coalition" in s.label_.lower()}
    if len(named) != 1:
        return spans
    (label,) = named
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = list(spans)
    for t in doc:
        if t.lower_ != "coalition" or t.i in taken:
            continue
        after = next((s for s in out if s.start == t.i + 1 and s.label_ == STATE_FORCES), None)
        if after is not None:
            out.remove(after)
        out.append(Span(doc, t.i, after.end if after is not None else t.i + 1, label=label))
    return sorted(out, key=lambda s: s.start)


# Words after a name that make it a news agency's ("an AFP journalist", "an AFP tally"): AFP is
# also the Armed Forces of the Philippines.
_NEWSROOM_WORDS = {"journalist", "journalists", "reporter", "reporters", "correspondent", "correspondents",
                   "photographer", "photographers", "tally", "count", "news", "footage", "reported", "reports"}


def _newsroom(span: Span) -> bool:
    """Is this name used of a newsroom ("an AFP journalist", "told AFP", "(AFP) -"), not an actor?"""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return after in _NEWSROOM_WORDS or before == "told" or before == "(" and after == ")"
