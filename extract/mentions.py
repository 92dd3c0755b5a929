"""Finding place names in a parsed document.

Reads the tagger's fine tags, neighbouring words and the entities only (no parse, no lemmas, no
coarse POS), so that geoparsing can skip the parser, lemmatizer and attribute ruler. The
qualifiers ("eastern", "near") read the parse and are only asked for by incident extraction.

The statistical NER (plus the gazetteer rulers, see ``extract.nlp``) proposes entities; this
module decides which are places and where each starts and ends:
- GPE/LOC/FAC entities, split at commas when every part is a place ("Paris, Texas");
- demonyms the NER labels NORP ("Russian", "Palestinians"), which name their country;
- a name the NER took for a person or organisation, where the sentence puts it in a place's
  position ("a house in Khan Younis", "fled from Aleppo");
- the place an organisation is named after ("the Texas Forest Service", "U.S. Census",
  "Gainesville Police") when that is a country or state, or a town the document also names as a place.

``place_kind(name)`` comes from the gazetteer (names only, no coordinates): "region" (country,
state, province, sea, region, site), "city" (a town of some size or a county), "demonym", or None.
"""

from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span

from . import lexicon as lx
from .model import Mention

PlaceKind = Callable[[str], "str | None"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Prepositions after which a known place name is a place, whatever the NER said ("from Aleppo").
PLACE_PREPOSITIONS = (lx.LOCATIVE_PREPOSITIONS - {"on", "over"}) | {"from", "to", "toward", "towards", "via"}
DISTANCES = {"mile", "kilometre", "kilometer", "km", "metre", "meter"}


class MentionFinder:
    def __init__(self, place_kind: PlaceKind | None = None):
        self.place_kind = place_kind or (lambda _name: None)

    def find(self, doc: Doc, text: str | None = None) -> list[Mention]:
        """Every place name in the document, in text order, with its qualifier ("eastern", "near")."""
        text = text if text is not None else doc.text
        places_named = {e.text for e in doc.ents if e.label_ in PLACE_LABELS} | {
            e.text for e in doc.ents if self._misread_place(e)}
        out = []
        for ent in doc.ents:
            if ent.end < len(doc) and doc[ent.end].lower_ in lx.DISEASE_WORDS:
                continue  # "Marburg virus", "West Nile fever": a disease named after a place
            if ent.label_ == "NORP" and self.place_kind(ent.text) == "demonym":
                out.append(Mention(text[ent.start_char:ent.end_char], ent.start_char, ent.end_char, "NORP"))
            elif ent.label_ in PLACE_LABELS or self._misread_place(ent):
                label = ent.label_ if ent.label_ in PLACE_LABELS else "GPE"
                for start, end in self._split_list(ent):
                    out.append(Mention(text[start:end], start, end, label, qualifier(ent)))
            elif ent.label_ in ("ORG", "FAC", "PERSON", "EVENT"):
                prefix = self._place_prefix(ent, places_named)
                if prefix is not None:
                    out.append(Mention(text[prefix.start_char:prefix.end_char], prefix.start_char,
                                       prefix.end_char, "GPE"))
        return out

    def _is_known(self, name: str, places_named: set[str]) -> bool:
        """A region by its own name, or a town that the document elsewhere names as a place."""
        words = name.split()
        if len(words) == 1 and (name.lower().rstrip(".") in lx.COMMON_WORDS or len(name) < 3):
            return False
        kind = self.place_kind(name)
        return kind == "region" or (kind == "city" and name in places_named)

    def _place_prefix(self, ent: Span, places_named: set[str]) -> Span | None:
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        if not tokens:
            return None
        if len(tokens) == len(ent) and ent.label_ == "PERSON":
            # "the Gainesville sewer system": a lone name right before a common noun
            whole = ent.doc[tokens[0].i:tokens[-1].i + 1]
            following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
            if following is not None and following.tag_ in ("NN", "NNS") and self._is_known(whole.text, places_named):
                return whole
            return None
        for size in (3, 2, 1):
            head = tokens[:size]
            if len(head) < size or len(head) == len(tokens) or not all(t.tag_ in ("NNP", "NNPS") for t in head):
                continue
            span = ent.doc[head[0].i:head[-1].i + 1]
            if self._is_known(span.text, places_named):
                return span
        return None

    def _split_list(self, ent: Span) -> list[tuple[int, int]]:
        if "," not in ent.text:
            return [(ent.start_char, ent.end_char)]
        parts, offset = [], ent.start_char
        for piece in ent.text.split(","):
            lead = len(piece) - len(piece.lstrip())
            name = piece.strip()
            if not name or self.place_kind(name) is None:
                return [(ent.start_char, ent.end_char)]
            parts.append((offset + lead, offset + lead + len(name)))
            offset += len(piece) + 1
        return parts

    def _misread_place(self, ent: Span) -> bool:
        if ent.label_ not in ("PERSON", "ORG", "NORP", "LANGUAGE"):
            return False
        before = [t for t in ent.doc[max(ent.start - 2, 0):ent.start] if t.lower_ != "the"]
        return bool(before) and before[-1].lower_ in PLACE_PREPOSITIONS and self.place_kind(ent.text) in ("region", "city")


def qualifier(ent: Span) -> str | None:
    """How the text places an event relative to this place: "eastern", "near", "off" (or None)."""
    root = ent.root
    before = ent.doc[max(ent.start - 7, 0):ent.start]
    if len(before) and any(t.lower_.rstrip("s") in DISTANCES for t in before) and before[-1].lower_ in ("of", "from", "off"):
        return "off"  # "50 nautical miles south-west of Aden": near it (often at sea), not in it
    for t in ent.doc[max(ent.start - 2, 0):ent.start]:
        if t.lower_ in lx.AREA_QUALIFIERS and t.head.i in range(ent.start, ent.end):
            return t.lower_
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("near", "outside", "off", "around"):
        return head.lower_
    if root.dep_ == "pobj" and head.lower_ == "of":
        governor = head.head
        words = {t.lower_.rstrip("s") for t in governor.subtree}
        if words & DISTANCES:
            return "off"
        if governor.lower_ in lx.AREA_QUALIFIERS:
            return governor.lower_
    return None
