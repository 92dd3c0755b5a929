"""Finding place names in a parsed document.

Reads neighbouring words, the entities and, when present, the tagger's fine tags (no parse, no
lemmas, no coarse POS), so that geoparsing can skip the parser, lemmatizer, attribute ruler and
even the tagger and its tok2vec (the NER has its own), about half the parsing time. The
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

import re
from dataclasses import replace
from typing import Callable

from spacy.tokens import Doc, Span, Token

from . import lexicon as lx
from .model import Mention

PlaceKind = Callable[[str], "str | None"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Prepositions after which a known place name is a place, whatever the NER said ("from Aleppo").
PLACE_PREPOSITIONS = (lx.LOCATIVE_PREPOSITIONS - {"on", "over"}) | {"from", "to", "toward", "towards", "via"}
DISTANCES = {"mile", "kilometre", "kilometer", "km", "metre", "meter"}


# After a name: the rest of a list of names, up to the noun that follows the list.
_REST_OF_LIST = r"(?:(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)?)*\s*,?\s+"
# ... a list that ends in "counties" ("..., Sarpy and Washington counties").
_COUNTIES_FOLLOW = re.compile(_REST_OF_LIST + r"[Cc]ounties\b")
# ... a list that ends in the plural of a division of a country at war ("Raqqa, Hasakah and Aleppo
# provinces", "Dhamar and Ibb governorates"): each name is such a division's.
_DIVISIONS_FOLLOW = re.compile(_REST_OF_LIST + r"(?P<noun>province|governorate|oblast|region|district|state)s\b")
_DIVISION_WORDS = {"county", "parish", "borough"}
# Before a name: "the region of", "the governorate of" (a division named after its town).
_DIVISION_BEFORE = re.compile(r"\b[Tt]he\s+(?P<noun>region|province|governorate|oblast|district)\s+of\s+$")
# Between the members of a list: "Kharkiv, Zaporizhzhia and Kherson".
_LIST_JOIN = re.compile(r"^\s*(,\s*(and\s+)?|and\s+|or\s+)$")
# Verbs whose object is where something happened (surface forms: geoparsing runs without lemmas).
_ATTACK_VERBS = {"hit", "struck", "strikes", "shelled", "shells", "bombed", "bombarded", "pounded", "attacked",
                 "stormed", "raided", "captured", "seized", "recaptured", "retook", "overran", "besieged", "targeted",
                 "invaded", "entered", "liberated", "evacuated"}
# Event nouns whose "on" names the place hit: "a drone attack on Kherson", "strikes on Kharkiv".
_ATTACK_NOUNS = {"attack", "strike", "airstrike", "assault", "raid", "offensive", "barrage", "bombardment", "bombing",
                 "shelling"}
# Lower-case words inside place names: "Rio Grande do Sul", "Bosnia and Herzegovina".
_NAME_JOINERS = {"do", "da", "de", "del", "dos", "of", "and", "al", "el"}
# "the State of Ohio", "the City of Dublin": governments named after their place.
_GOVERNMENTS = {"state", "commonwealth", "city", "town", "county", "province", "village", "borough", "township"}


class MentionFinder:
    def __init__(self, place_kind: PlaceKind | None = None, groups: frozenset[str] = frozenset()):
        """``groups``: armed groups' names in lower case (``extract.actors.group_names``)."""
        self.place_kind = place_kind or (lambda _name: None)
        self.groups = groups

    def find(self, doc: Doc, text: str | None = None, descriptive: bool = False) -> list[Mention]:
        """Every place name in the document, in text order, with its qualifier ("eastern", "near").
        ``descriptive``: also places named by description ("the Iraqi capital"; see
        ``capital_references``), which incident extraction reads and geoparsing does not count."""
        text = text if text is not None else doc.text
        people = surnames_of(doc)
        misread = self._misread_places(doc, text, people, descriptive)
        places_named = {e.text for e in doc.ents if e.label_ in PLACE_LABELS} | {e.text for e in misread}
        out = []
        for ent in doc.ents:
            if ent.end < len(doc) and doc[ent.end].lower_ in lx.DISEASE_WORDS:
                continue  # "Marburg virus", "West Nile fever": a disease named after a place
            if ent.label_ in PLACE_LABELS and ent.text.lower() in self.groups and not _placed_by_comma(ent) \
                    and not (ent.start and doc[ent.start - 1].lower_ in lx.LOCATIVE_PREPOSITIONS):
                continue  # "talks between Israel and Hamas": the group, though a village is called so
            if ent.label_ in ("GPE", "LOC") and len(ent) == 1 and ent.text in people and not _placed_by_comma(ent) \
                    and self.place_kind(ent.text) == "city" \
                    and not (ent.start and doc[ent.start - 1].lower_ in PLACE_PREPOSITIONS):
                # "Tyrise M. Bell ... Bell pulled a handgun": the person, though a town is called
                # Bell (but "in Dublin" is the town, whoever is called Dublin; and a country stays
                # one: "Egypt" ends a name the NER made too long)
                continue
            if len(ent) > 1 and ent[0].text in _OPENING_PREPOSITIONS and self.place_kind(ent[1:].text) in ("city", "region"):
                # "Near Abu Kamal, one strike destroyed ...": the NER took the preposition that opens
                # the sentence for part of a name
                rest = ent[1:]
                out.append(Mention(text[rest.start_char:rest.end_char], rest.start_char, rest.end_char, "GPE",
                                   ent[0].lower_ if ent[0].lower_ in lx.NEAR_QUALIFIERS else None))
                continue
            if ent.label_ == "NORP" and self.place_kind(ent.text) == "demonym":
                start, end = self._widen(ent, ent.start_char, ent.end_char, text)
                label = "NORP" if (start, end) == (ent.start_char, ent.end_char) else "GPE"  # "French Guiana"
                out.append(Mention(text[start:end], start, end, label))
            elif ent.label_ in PLACE_LABELS or ent in misread:
                label = ent.label_ if ent.label_ in PLACE_LABELS else "GPE"
                for start, end in self._split_list(ent):
                    start = self._past_direction(ent, start, end, text)
                    start, end = self._widen(ent, start, end, text)
                    name = text[start:end].rstrip()  # (the NER's "Cameroon\n" at a line's end)
                    if name.count("(") > name.count(")") and name[:name.rindex("(")].strip():
                        name = name[:name.rindex("(")].rstrip()  # the NER's "the Line of Control (LoC"
                    end = start + len(name)
                    out.append(Mention(text[start:end], start, end, label, qualifier(ent)))
            elif ent.label_ in ("ORG", "FAC", "PERSON", "EVENT"):
                prefix = (self._place_prefix(ent, places_named) or self._government_of(ent)
                          or self._town_of_someone(ent))
                if prefix is not None:
                    out.append(Mention(text[prefix.start_char:prefix.end_char], prefix.start_char,
                                       prefix.end_char, "GPE"))
        out += self._named_by_noun(doc, text, out, suffixed=descriptive)
        if descriptive:
            out += self._unlabelled(doc, text, out)
        found = sorted(out + self._same_name_again(doc, text, out, people), key=lambda m: m.start)
        found = [self._county_of_list(m, text) for m in found]
        if descriptive:
            found = sorted(found + self._fronted(text, found), key=lambda m: m.start)
            found = [self._with_division_word(self._division_named_before(self._division_of_list(m, text), text), text)
                     for m in found]
            capitals = capital_references(doc, text, found) + region_references(doc, text, found)
            found = [m for m in found if not any(c.start <= m.start and m.end <= c.end for c in capitals)]
            found = sorted(found + capitals, key=lambda m: m.start)
        return found

    def _unlabelled(self, doc: Doc, text: str, found: list[Mention]) -> list[Mention]:
        """A name the NER left unlabelled where the sentence puts a place, when the gazetteer knows
        it as a town or a division: "insurgents attacked a base in Damboa" (the NER knows few
        villages of the wars reported; most names of small towns are unknown words to it)."""
        taken = [(m.start, m.end) for m in found]
        out = []
        for t in doc:
            if t.ent_type_ or t.is_sent_start or not _name_word(t) or t.i == 0:
                continue
            # ("in central Peshawar": a direction word between, which the NER also leaves unlabelled)
            # ... or after a place's possessive: "west of Yemen's Hodeidah port")
            if not (_puts_a_place(doc[t.i - 1]) or t.i >= 2 and doc[t.i - 1].lower_ in lx.DIRECTION_WORDS
                    and not doc[t.i - 1].ent_type_ and _puts_a_place(doc[t.i - 2])
                    or t.i >= 2 and doc[t.i - 1].tag_ == "POS" and doc[t.i - 2].ent_type_ in PLACE_LABELS):
                continue
            span = _capitalised_run(doc, t.i)
            if span is None or any(x.ent_type_ for x in span) or span.text.lower() in lx.COMMON_WORDS:
                continue
            start, end = span.start_char, span.end_char
            if any(a < end and start < b for a, b in taken) or self.place_kind(span.text) not in ("region", "city"):
                continue
            taken.append((start, end))
            out.append(Mention(text[start:end], start, end, "GPE", qualifier(span)))
        return out

    def _fronted(self, text: str, found: list[Mention]) -> list[Mention]:
        """"Near Hit, two strikes destroyed ...": the place a line opens with, before a comma, in
        military statements and round-ups, whether or not the NER saw a name there (but not a
        time: "In March, ten people were killed", though a town is called March)."""
        out = []
        for match in _FRONTED.finditer(text):
            start, end = match.span("name")
            if any(m.start < end and start < m.end for m in found) or self.place_kind(match.group("name")) not in (
                    "city", "region"):
                continue
            if match.group("name").lower() in lx.MONTHS:
                continue
            word = match.group("prep").lower()
            out.append(Mention(match.group("name"), start, end, "GPE", word if word in lx.NEAR_QUALIFIERS else None))
        return out

    def _with_division_word(self, m: Mention, text: str) -> Mention:
        """"Ukraine's Kharkiv region", "Hodeida governorate", "Gezira state": the division, not the
        town it is named after."""
        match = _DIVISION_AFTER.match(text, m.end)
        if match is None:
            return m
        wider = text[m.start:match.end()]
        return replace(m, text=wider, end=match.end()) if self.place_kind(wider) is not None else m

    def _named_by_noun(self, doc: Doc, text: str, found: list[Mention], suffixed: bool) -> list[Mention]:
        """Names a place noun calls a place, whatever the NER made of them and whether or not the
        gazetteer knows them: "the town of Jisr al-Shughur", "the village of Shula", "Tel Halaf
        village", "the Pishin district". An unknown one still tells the reader that the event is
        at a place smaller than the next one named."""
        taken = [(m.start, m.end) for m in found]
        extra = []
        # "near the region's main town Miran Shah", "the border town Chaman": a known place's name
        # right after the noun
        known = [name for t in doc[:-1] if t.text in _TOWN_NOUNS and t.dep_ != "compound"
                 and (name := _capitalised_run(doc, t.i + 1)) is not None and doc[t.i + 1].lower_ != "the"
                 and self.place_kind(name.text) in ("city", "region")]
        for span in _spans_named_by_noun(doc, suffixed) + known:
            start, end = span.start_char, span.end_char
            if any(a < end and start < b for a, b in taken) or span.text.lower() in lx.COMMON_WORDS:
                continue
            if span.end < len(doc) and doc[span.end].lower_ in ("area", "zone") and self.place_kind(span.text) is None:
                continue  # "the Trump area" is nowhere
            taken.append((start, end))
            extra.append(Mention(text[start:end], start, end, "GPE", qualifier(span)))
        return extra

    def _county_of_list(self, m: Mention, text: str) -> Mention:
        """"Douglas, Sarpy and Washington counties": each name is a county's."""
        if not _COUNTIES_FOLLOW.match(text, m.end) or m.text.endswith(("County", "county")):
            return m
        county = f"{m.text} County"
        return replace(m, text=county) if self.place_kind(county) is not None else m

    def _division_named_before(self, m: Mention, text: str) -> Mention:
        """"the region of Dnipropetrovsk", "the governorate of Saada": the division, not its town."""
        match = _DIVISION_BEFORE.search(text, max(0, m.start - 30), m.start)
        if match is None:
            return m
        division = f"{m.text} {match.group('noun').lower()}"
        return replace(m, text=division) if self.place_kind(division) is not None else m

    def _division_of_list(self, m: Mention, text: str) -> Mention:
        """"Dhamar and Ibb governorates": each name is a governorate's, not its town's."""
        match = _DIVISIONS_FOLLOW.match(text, m.end)
        if match is None:
            return m
        division = f"{m.text} {match.group('noun')}"
        return replace(m, text=division) if self.place_kind(division) is not None else m

    def _same_name_again(self, doc: Doc, text: str, found: list[Mention], people: set[str]) -> list[Mention]:
        """One sense per discourse: a name the document uses as a place is a place wherever it
        recurs, also where the NER read a person or an organisation ("Dublin operates its own
        sirens", "Dublin Mayor ..."), but not as a surname ("Michael Jordan")."""
        names = {m.text for m in found if m.label in PLACE_LABELS and m.text[:1].isupper()
                 and (len(m.text) >= 4 or len(m.text) == 3 and m.text.istitle())}  # "Jit", "Hit", "Ibb"
        if not names:
            return []
        taken = [(m.start, m.end) for m in found]
        surnames = [(e.start_char, e.end_char, e[0].idx) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
        read_as_person = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
        extra = []
        for name in sorted(names, key=lambda n: (-len(n), n)):  # longest first, and the same every run
            for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
                start, end = match.span()
                if any(a < end and start < b for a, b in taken):
                    continue
                if any(a <= start < b and start != first for a, b, first in surnames):
                    continue
                if name in people and (start, end) in read_as_person:
                    continue  # "Andrew Trapani ... Trapani said": the person's name, where the NER says so
                span = doc.char_span(start, end, alignment_mode="expand")
                extra.append(Mention(name, start, end, "GPE", qualifier(span) if span is not None else None))
                taken.append((start, end))
        return extra

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
            before = ent.doc[ent.start - 1] if ent.start > 0 else None
            # Without tags, a lowercase word may be a verb ("Jordan said"): ask for "the"/"a" too.
            determined = bool(following is not None and following.tag_) or (
                ent[0].lower_ == "the" or (before is not None and before.lower_ in ("the", "a", "an")))
            if following is not None and _common_noun(following) and determined and self._is_known(whole.text, places_named):
                return whole
            return None
        for size in (3, 2, 1):
            head = tokens[:size]
            if len(head) < size or len(head) == len(tokens) or not all(_proper_noun(t) for t in head):
                continue
            span = ent.doc[head[0].i:head[-1].i + 1]
            town = ent.doc[head[0].i:head[-2].i + 1] if size > 1 and head[-1].text == "City" else None
            if town is not None and town.text in places_named and self.place_kind(town.text) == "city":
                # "Dublin City Council" in an article that names Dublin: the town's council
                # (not Ireland's Dublin City); "Oklahoma City" and "Kansas City" stay whole.
                return town
            if self._is_known(span.text, places_named) or (
                    size > 1 and self.place_kind(span.text) == "city" and head[0].lower_ not in lx.DIRECTION_WORDS
                    and self.place_kind(head[0].text) == "region"):
                return span  # "Kansas City Chiefs": Kansas City, not Kansas
            if size > 1 and head[-1].lower_ in _DIVISION_WORDS and self.place_kind(span.text) is not None:
                return span  # "the Butler County Coroner's Office": the county, not a town called Butler
            if (tokens[size].lower_ in lx.LOCAL_INSTITUTIONS and span.text.lower() not in lx.LOCAL_INSTITUTIONS
                    and span.text.lower() not in lx.COMMON_WORDS and self.place_kind(span.text) == "city"):
                return span  # "Gainesville Police", "Oxford City Council": the town's own
        return None

    def _widen(self, ent: Span, start: int, end: int, text: str) -> tuple[int, int]:
        """Where the NER cut a place name short, the gazetteer's longer name: "Goz Beida" (not
        "Beida"), "Iowa City", "Atlantic Beach", "Rio Grande do Sul" (not "Iowa", "Atlantic",
        "Rio Grande"). Only words that continue a name (capitalised, or "do", "de", "of" inside
        one) are tried, and only a name the gazetteer knows is taken. ``text`` is the document's text
        (``Doc.text`` is rebuilt from the tokens at every call)."""
        doc = ent.doc
        if end == ent.end_char and _hyphen_joins(doc, ent.end):
            joined = doc[ent.end + 1]
            if self.place_kind(text[start:joined.idx + len(joined)]) is not None:
                return start, joined.idx + len(joined)  # "Tipo-tipo": the NER took the first half only
        right = list(doc[ent.end:ent.end + 3])
        base = text[start:end].lower().removeprefix("the ").split()
        government = len(base) == 2 and base[0] in _GOVERNMENTS and base[1] == "of"  # the NER's "the City of"
        if right and text[end:right[0].idx] == " ":
            for k in range(len(right), 0, -1):
                words = right[:k]
                continues = (words[0].text[:1].isupper() or words[0].lower_ in _NAME_JOINERS - {"of", "and"}) \
                    and words[-1].text[:1].isupper() and not any(w.is_punct for w in words) \
                    and all(w.text[:1].isupper() or w.lower_ in _NAME_JOINERS for w in words)
                if not continues:
                    continue
                if words[0].lower_ in ("city", "county") and self.place_kind(text[start:end]) == "city":
                    continue  # "Dublin City Council": the town's council (but "Iowa City" is a town)
                if words[-1].lower_ in SUFFIX_PLACE_NOUNS and len(words) == 1:
                    continue  # "the Brooklyn District Attorney", "Woodstock District schools": an office
                first = words[0].idx if government else start  # "the City of" + "Richmond": the town alone
                wider = text[first:words[-1].idx + len(words[-1])]
                if self.place_kind(wider) is not None:
                    start, end = first, words[-1].idx + len(words[-1])
                    break
        if ent.start > 0:
            before = doc[ent.start - 1]
            if before.text[:1].isupper() and before.is_alpha and not before.is_stop \
                    and before.lower_ not in lx.COMMON_WORDS and text[before.idx + len(before):start] == " ":
                wider = text[before.idx:end]
                if self.place_kind(wider) is not None:
                    start = before.idx
            elif before.lower_ in _NAME_JOINERS - {"of", "and"} and ent.start > 1 and doc[ent.start - 2].text[:1].isupper():
                first = doc[ent.start - 2]  # "Mocimboa da Praia", not Praia (Cape Verde)
                if self.place_kind(text[first.idx:end]) is not None:
                    start = first.idx
        return start, end

    def _past_direction(self, ent: Span, start: int, end: int, text: str) -> int:
        """"Northeast Georgia", "North Texas", "East Oxford": the place is the name after the
        direction word, unless the whole is a place of its own ("North Carolina", "East Timor")."""
        doc = ent.doc
        first = next((t for t in ent if t.idx >= start and not (t.i == ent.start and t.lower_ == "the")), None)
        if first is None or first.lower_ not in lx.DIRECTION_WORDS or first.i + 1 >= ent.end:
            return start
        whole, rest = text[first.idx:end], text[doc[first.i + 1].idx:end]
        if self.place_kind(whole) is None and self.place_kind(rest) in ("region", "city") \
                and rest.lower() not in lx.COMMON_WORDS:  # "East Bank" is not a town called Bank
            return doc[first.i + 1].idx
        return start

    def _town_of_someone(self, ent: Span) -> Span | None:
        """A town the NER took for a person or organisation where news names a town: "a Columbia
        woman", "Gainesville's Tom Thumb", "Alexandria," after a street address."""
        if len(ent) != 1 or self.place_kind(ent.text) not in ("city", "region"):
            return None
        doc = ent.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        # (sentence starts by punctuation: geoparsing runs without the parser)
        opens = before is None or before.text in (".", "!", "?") or "\n" in before.whitespace_ or before.is_space
        if (opens or before.lower_ in ("a", "an", "another") or before.like_num) and after is not None \
                and after.lower_ in lx.RESIDENT_NOUNS:  # "a Columbia woman", "two Hamilton women"
            return ent
        if after is not None and after.text in ("'s", "’s") and opens:
            return ent  # a sentence opening with "Gainesville's ..."
        if before is not None and before.text == "," and ent.start >= 2 and doc[ent.start - 2].text in lx.STREET_ABBREVIATIONS:
            return ent  # "1935 Orchard St., Alexandria"
        return None

    def _government_of(self, ent: Span) -> Span | None:
        """"the State of Ohio", "City of Dublin": the place a government is named for."""
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        if len(tokens) < 3 or tokens[0].lower_ not in _GOVERNMENTS or tokens[1].lower_ != "of":
            return None
        span = ent.doc[tokens[2].i:ent.end]
        return span if self.place_kind(span.text) in ("region", "city") else None

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

    def _misread_places(self, doc: Doc, text: str, people: set[str], over: bool = False) -> set[Span]:
        """Names the NER took for people or organisations where the sentence puts a place: after
        "in/at/near/from..." or an attack verb ("hit Rafah", "struck Kharkiv"), or beside a place
        in a list ("Kharkiv, Zaporizhzhia and Kherson")."""
        ents = list(doc.ents)
        misread = {e for e in ents if self._misread_place(e, over) and not (e.label_ == "PERSON" and e.text in people)}
        placed = [e.label_ in PLACE_LABELS or e in misread for e in ents]
        for _ in range(3):  # lists spread the reading a member at a time
            grew = False
            for i, e in enumerate(ents):
                if placed[i] or e.label_ not in ("PERSON", "ORG") or self.place_kind(e.text) not in ("region", "city") \
                        or e.label_ == "PERSON" and e.text in people or e.text.lower() in self.groups:
                    continue
                beside = [ents[j] for j in (i - 1, i + 1) if 0 <= j < len(ents) and placed[j]]
                if any(_LIST_JOIN.match(text[min(e.end_char, b.end_char):max(e.start_char, b.start_char)])
                       for b in beside):
                    placed[i], grew = True, True
                    misread.add(e)
            if not grew:
                break
        return misread

    def _misread_place(self, ent: Span, over: bool = False) -> bool:
        """``over``: "over" is a place preposition too ("drones downed over Belgorod"), as it is in
        conflict reporting (not in sports pages: "a win over Chelsea")."""
        if ent.label_ == "DATE" and not _name_as_date(ent) or ent.text.lower() in self.groups:
            return False  # ("talking to Hamas": the group the NER saw, whatever village bears its name)
        if ent.label_ not in ("PERSON", "ORG", "NORP", "LANGUAGE", "PRODUCT", "DATE", "WORK_OF_ART", "EVENT"):
            # ("shells hit a market in Kramatorsk"; "a patrol in Quetta", read as a title)
            return False
        doc = ent.doc
        start = ent.start
        if start >= 3 and doc[start - 1].tag_ == "POS" and doc[start - 2].ent_type_ in PLACE_LABELS:
            # "in Chhattisgarh's Sukma", "the strike on Ukraine's Sumy": a place of the one named
            # before it, read from before that one
            owner = doc[start - 2]
            start = next(e.start for e in doc.ents if e.start <= owner.i < e.end)
        before = [t for t in doc[max(start - 2, 0):start] if t.lower_ != "the"]
        if len(before) == 2 and before[-1].text[:1].isupper() and before[-1].is_alpha and not before[-1].ent_type_ \
                and before[-2].lower_ in PLACE_PREPOSITIONS and ent.label_ == "PERSON" \
                and self.place_kind(f"{before[-1].text} {ent.text}") in ("region", "city"):
            return True  # "in Sheikh Zuweid": the NER took the first word for a title and the rest for a person
        return bool(before) and (_puts_a_place(before[-1])
                                 # "in southwestern Niger", which the NER read as a date
                                 or len(before) == 2 and before[-1].lower_ in lx.DIRECTION_WORDS
                                 and _puts_a_place(before[-2])
                                 or over and before[-1].lower_ == "over"
                                 # "east of El-Arish", "the northern edge of Goma"
                                 or before[-1].lower_ == "of" and len(before) > 1
                                 and before[-2].lower_ in lx.DIRECTION_WORDS | lx.NEAR_QUALIFIERS
                                 or before[-1].lower_ in ("on", "of") and len(before) > 1 and before[-2].lemma_.lower() in _ATTACK_NOUNS
                                 # "the Yemeni capital of Sanaa", "the town of X"
                                 or before[-1].lower_ == "of" and len(before) > 1 and before[-2].lower_ in _TOWN_NOUNS) \
            and self.place_kind(ent.text) in ("region", "city")


def _puts_a_place(word: Token) -> bool:
    """Is the word before a name one that makes it a place, whatever the NER read: a place
    preposition ("in Damboa"), an attack verb ("hit Rafah"), "capital" ("the Yemeni capital Sanaa")?"""
    return word.lower_ in PLACE_PREPOSITIONS or word.lower_ in _ATTACK_VERBS or word.lower_ == "capital"


def _name_as_date(ent: Span) -> bool:
    """A town the NER calls a date ("near Turbat on Sunday"): proper nouns, none a day, a month or
    a number."""
    return all(_name_word(t) and t.lower_ not in lx.MONTHS and t.lower_ not in lx.WEEKDAYS and not t.like_num
               for t in ent)


def _placed_by_comma(ent: Span) -> bool:
    """"Bell, California", "Bell, Calif.": a town named with its state, whoever else is called so."""
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].ent_type_ in PLACE_LABELS


def surnames_of(doc: Doc) -> set[str]:
    """The last names of the people the document names in full ("Andrew Trapani"): alone, such
    a name is that person where the NER reads a person, even after "to" or beside a place."""
    out = set()
    for e in doc.ents:
        words = [t for t in e if t.lower_.rstrip(".") not in _NAME_SUFFIXES and not t.is_punct]
        if e.label_ == "PERSON" and len(words) > 1 and words[-1].text[:1].isupper():
            out.add(words[-1].text)  # (of "Filemon Tan Jr.", Tan)
    return out


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


_FRONTED = re.compile(r"(?m)^[*•\-–\s]*(?P<prep>Near|In|At|Outside|Around|Off)\s+"
                      r"(?P<name>[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+){0,3}),")
# Capitalised prepositions the NER reads as the first word of a name at the start of a sentence.
_OPENING_PREPOSITIONS = {"Near", "Outside", "Around", "In", "At", "Off"}
# Nouns that name what kind of place the name beside them is: "the town of X", "X village".
PLACE_KIND_NOUNS = {"town", "village", "city", "district", "province", "governorate", "region", "locality",
                    "neighbourhood", "neighborhood", "suburb", "hamlet", "township", "municipality", "oblast",
                    "county", "subdistrict", "commune", "settlement", "camp", "area", "island", "state", "territory"}
# Nouns of a town, in lower case (not "City Hall"): a known town's name right after one ("the border
# town Chaman", "the Sri Lankan capital Colombo") or after one's "of" ("the capital of Sanaa").
_TOWN_NOUNS = {"capital", "city", "cities", "town", "towns", "village", "villages", "port"}
_NAME_INNER = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "-", "de", "da", "do", "du", "del", "di", "bin", "ibn", "abu", "of"}


_DIVISION_AFTER = re.compile(r" (?:region|province|governorate|oblast|district|state|territory|Region|Province|"
                             r"Governorate|Oblast|State)\b")
# After a name: the kinds of place news names that way in conflict reporting ("Tel Halaf village",
# "the Pishin district"). Not "state", "county" or "city": in American local news those follow the
# names of universities, courts and councils.
SUFFIX_PLACE_NOUNS = {"village", "town", "district", "province", "governorate", "oblast", "region", "locality",
                      "neighbourhood", "neighborhood", "subdistrict", "commune", "settlement", "hamlet", "lga",
                      "township", "municipality", "woreda"}


def _suffix_noun(doc: Doc, t: Token) -> bool:
    """A place noun after a name: "Tel Halaf village", "Maru LGA", "Maru Local Government Area"."""
    return t.lower_ in SUFFIX_PLACE_NOUNS or (
        t.lower_ == "local" and doc[t.i + 1:t.i + 3].text.lower() == "government area")


def _spans_named_by_noun(doc: Doc, suffixed: bool) -> list[Span]:
    """``suffixed``: also names before a place noun ("Tel Halaf village"), not only after "of"."""
    spans = []
    for t in doc:
        if t.lower_ == "of" and t.i > 0 and doc[t.i - 1].lower_ in PLACE_KIND_NOUNS:
            name = _capitalised_run(doc, t.i + 1)
            if name is not None:
                spans.append(name)
        elif t.lower_ == "of" and t.i > 0 and doc[t.i - 1].lower_.removesuffix("s") in PLACE_KIND_NOUNS \
                and doc[t.i - 1].lower_.endswith("s"):
            # "the towns of Khiam and Kfar Kila", "the villages of A, B and C"
            name = _capitalised_run(doc, t.i + 1)
            while name is not None:
                spans.append(name)
                k = name.end
                while k < len(doc) and doc[k].lower_ in (",", "and", "or") and k < name.end + 2:
                    k += 1
                name = _capitalised_run(doc, k) if k > name.end else None
        elif suffixed and _suffix_noun(doc, t) and t.i > 0 and _name_word(doc[t.i - 1]):
            start = end = t.i
            while start > max(end - 4, 0) and not doc[start].is_sent_start and (
                    _name_word(doc[start - 1]) or doc[start - 1].lower_ in _NAME_INNER - {"of"}):
                start -= 1
            while start < end and not _name_word(doc[start]):
                start += 1
            first = doc[start] if start < end else None
            if first is not None and not first.is_stop and first.lower_ not in lx.DIRECTION_WORDS | lx.COMMON_WORDS:
                spans.append(doc[start:end])
        elif suffixed and t.lower_ in ("area", "zone") and t.i > 0 and _name_word(doc[t.i - 1]) \
                and t.i > 1 and doc[t.i - 2].lower_ == "the":
            spans.append(doc[t.i - 1:t.i])  # "in the Gimbi area" (known places only: see _named_by_noun)
    return spans


def capital_references(doc: Doc, text: str, found: list[Mention]) -> list[Mention]:
    """"the capital", "the Iraqi capital", "Libya's capital", "the capital of Yemen": a national
    capital named by description, as a mention with the qualifier "capital" whose text is the
    phrase ("the Iraqi capital"); which country's it is, is for the gazetteer to say (the one the
    words name, else the one the article is about). Not where the capital's name follows ("the
    capital Baghdad", "the provincial capital of El-Arish"): that name is the place."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for t in doc:
        if t.lower_ != "capital" or t.pos_ != "NOUN" or t.dep_ == "compound":
            continue
        if any(c.dep_ in ("appos", "compound") and c.text[:1].isupper() and c.i > t.i for c in t.children) or (
                t.i + 1 < len(doc) and doc[t.i + 1].text[:1].isupper()):
            continue  # "the capital Kyiv": Kyiv is the place
        if any(c.lower_ in ("provincial", "regional", "state", "district", "county") for c in t.children):
            continue  # "the provincial capital": not the nation's
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and not any(x.ent_type_ in ("GPE",) for x in of.subtree):
            continue  # "capital of the region"
        start = t.left_edge.idx
        words = [c for c in t.children if c.dep_ in ("det", "amod", "poss", "compound") and c.i < t.i]
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in words) and not any(
                c.dep_ == "poss" or c.ent_type_ in ("NORP", "GPE") for c in words):
            continue  # "venture capital", "a capital"
        end = of.right_edge.idx + len(of.right_edge) if of is not None else t.idx + len(t)
        start = min([start] + [c.left_edge.idx for c in words])
        if any(a < end and start < b and not (start <= a and b <= end) for a, b in taken):
            continue  # (a name inside the phrase gives way to it: "the Afghan capital", "Libya's capital")
        out.append(Mention(text[start:end], start, end, "GPE", "capital"))
    return out


_REGION_NOUNS = {"region", "province", "oblast", "governorate", "state", "district"}


def region_references(doc: Doc, text: str, found: list[Mention]) -> list[Mention]:
    """"in the region", "the province": a division named before, as a mention with the
    qualifier "anaphor" (which one it is, the gazetteer says: the last division named before it)."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for t in doc:
        if t.lower_ not in _REGION_NOUNS or t.pos_ != "NOUN" or t.dep_ != "pobj" or not _in_region(t.head):
            continue
        words = [c.lower_ for c in t.children]
        if words[:1] != ["the"] or not set(words[1:]) <= _SAME_REGION_WORDS \
                or t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "of":
            continue  # "the region of X", "the eastern region", "the Kharkiv region": not a bare reference
        start, end = t.i - len(words), t.i + 1
        span = doc[start:end]
        if any(a < span.end_char and span.start_char < b for a, b in taken):
            continue
        prep = doc[start - 1] if start > 0 else None
        if prep is not None and any(b <= prep.idx and text[b:prep.idx].isspace() for _, b in taken):
            continue  # "at Kumbo in the same region": the town is placed, the division adds nothing
        out.append(Mention(text[span.start_char:span.end_char], span.start_char, span.end_char, "GPE", "anaphor"))
    return out


# Words that describe the division named before rather than pick another ("the vast province";
# not "the eastern province", "the neighbouring province").
_SAME_REGION_WORDS = {"vast", "same", "restive", "volatile", "troubled", "sprawling", "whole", "entire"}


def _in_region(prep: Token) -> bool:
    """"in the province", "across the region", "in another part of the province"."""
    if prep.lower_ in ("in", "across"):
        return True
    part = prep.head
    return prep.lower_ == "of" and part.lemma_.lower() in lx.PART_NOUNS and part.dep_ == "pobj" \
        and part.head.lower_ in ("in", "across")


def _name_word(t) -> bool:
    """A word of a proper name: capitalised, and a proper noun where the tagger ran."""
    return t.text[:1].isupper() and not t.is_punct and (not t.tag_ or t.tag_ in ("NNP", "NNPS"))


def _capitalised_run(doc: Doc, i: int) -> Span | None:
    """The proper name starting at token ``i`` ("Jisr al-Shughur", "Bir al-Abd"), if one does.
    Called after a place noun ("the town of Sake"), where a capitalised word is a name even if
    the tagger read it as a common noun."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    if i >= len(doc) or not (_name_word(doc[i]) or doc[i].text[:1].isupper() and doc[i].is_alpha
                             and not doc[i].is_sent_start and doc[i].tag_ in ("NN", "NNS", "JJ")):
        return None
    end = i + 1
    while end < len(doc) and end < i + 6 and "\n" not in doc[end - 1].whitespace_:
        nxt = doc[end]
        if nxt.text[:1].isupper() and not nxt.is_punct:
            end += 1
        elif _hyphen_joins(doc, end):
            end += 2  # "Tipo-tipo", "Sharan-e-Kohna": one name, in whatever case its parts are written
        elif nxt.lower_ in _NAME_INNER - {"of"} and end + 1 < len(doc) and (doc[end + 1].text[:1].isupper()
                                                                         or doc[end + 1].lower_ in _NAME_INNER):
            end += 1
        else:
            break
    while end > i + 1 and not doc[end - 1].text[:1].isupper() and not _hyphen_joins(doc, end - 2):
        end -= 1
    return doc[i:end]


def _hyphen_joins(doc: Doc, i: int) -> bool:
    """Is token ``i`` a hyphen between two words written without spaces?"""
    return 0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and doc[i + 1].is_alpha


def _proper_noun(t) -> bool:
    # Geoparsing runs without the tagger (it costs as much as the NER): then the shape decides.
    return t.tag_ in ("NNP", "NNPS") if t.tag_ else (t.text[:1].isupper() and not t.is_punct)  # "U.S." too


def _common_noun(t) -> bool:
    return t.tag_ in ("NN", "NNS") if t.tag_ else (t.is_alpha and t.is_lower and not t.is_stop)


_NAMING_WORDS = _TOWN_NOUNS | {"the", "provincial", "regional"}
# The prepositions among lexicon.NEAR_QUALIFIERS: "near Kabul", "outside the town of X" (near it, not in it).
_NEAR_PREPOSITIONS = ("near", "outside", "off", "around")


def qualifier(ent: Span) -> str | None:
    """How the text places an event relative to this place: "eastern", "near", "off" (or None)."""
    root = ent.root
    start, doc = ent.start, ent.doc
    # ("west of Russian-occupied Donetsk", "south of rebel-held Idlib": what holds the place is no
    # part of where the event is told to be)
    held = {t.i for c in root.lefts if c.dep_ == "amod" and c.i < start for t in c.subtree} \
        if doc.has_annotation("DEP") else set()  # (geoparsing alone runs without the parser)
    while start > 0:
        prev = doc[start - 1]
        if prev.i in held:
            start -= 1
        elif prev.lower_ in _NAMING_WORDS or start > 1 and prev.lower_ in ("of", ",") \
                and doc[start - 2].lower_ in _NAMING_WORDS - {"the"}:
            start -= 1  # "80 km north of the capital Baghdad", "west of the town of Ras al-Ain", "capital, Mogadishu"
        elif prev.ent_type_ == "NORP" and doc[start].lower_ in _NAMING_WORDS:
            start -= 1  # "north of Somali capital, Mogadishu"
        else:
            break
    before = ent.doc[max(start - 7, 0):start]
    if len(before) > 3 and before[-1].lower_ == "of" and before[-2].lower_ in lx.DIRECTION_QUALIFIERS \
            and before[-3].lower_ == "the" and before[-4].lower_ == "in":
        return before[-2].lower_  # "in the east of the capital Sanaa": a part of it ("to the east of" is outside)
    if len(before) and before[-1].lower_ in ("of", "from", "off") and (
            any(t.lower_.rstrip("s") in DISTANCES for t in before)
            or len(before) > 1 and before[-2].lower_ in lx.DIRECTION_WORDS):
        # "50 nautical miles south-west of Aden", "the town south of Diyarbakir": near it, not in it
        return "off"
    for t in ent.doc[max(ent.start - 2, 0):ent.start]:
        if t.lower_ in lx.AREA_QUALIFIERS and t.head.i in range(ent.start, ent.end):
            return t.lower_
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _NEAR_PREPOSITIONS:
        return head.lower_
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ in lx.NEAR_WORDS:
        return "near"  # "close to Iraq's capital", "next to the airport"
    if root.dep_ == "pobj" and head.lower_ == "of":
        governor = head.head
        # "40 km west of El-Arish" (not "the town of Bir al-Abd, 40 km west of El-Arish")
        words = {t.lower_.rstrip("s") for t in governor.subtree if t.i < ent.start}
        if words & DISTANCES:
            return "off"
        if governor.lower_ in lx.AREA_QUALIFIERS:
            return governor.lower_
        if governor.dep_ == "pobj" and governor.head.lower_ in _NEAR_PREPOSITIONS:
            return governor.head.lower_  # "near the disputed territory of Makhmour"
    return None
