"""Who acted and against whom: armed actors found by their aliases and normalised to one name."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

ACTORS_CSV = Path(__file__).parent / "data" / "actors.csv"
# The row of actors.csv for unnamed armed men ("militants", "gunmen"): any named group beats it.
GENERIC_ACTOR = "Militants"


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # state | non-state
    span: Span


class ActorIndex:
    """Finds actor aliases in a parsed document (case-insensitive, longest match wins)."""

    def __init__(self, nlp: Language, path: Path = ACTORS_CSV):
        self.kinds: dict[str, str] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # "IS", "US", "KH" only in capitals: in lower case they are ordinary words.
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                self.kinds[row["name"]] = row["kind"]
                aliases = {a.strip() for a in row["aliases"].split("|") if a.strip()}
                short = {a for a in aliases if len(a) <= 3 and a.isupper()}
                self.matcher.add(row["name"], [nlp.make_doc(a) for a in aliases - short])
                if short:
                    self.exact.add(row["name"], [nlp.make_doc(a) for a in short])

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
        return [Actor(s.label_, self.kinds[s.label_], s) for s in sorted(chosen, key=lambda s: s.start)]
