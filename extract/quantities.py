"""Reading casualty counts: digits, number words and vague quantities."""

from __future__ import annotations

import re

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities read as the least they can mean (ACLED codes the lowest reported figure).
VAGUE = {
    "several": 3, "a few": 3, "few": 3, "a number of": 3, "some": 2, "couple": 2, "a couple": 2,
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20,
    "many": 5, "numerous": 5,
}
_RANGE = re.compile(r"(.+?)\s+(?:to|or|-|–)\s+(.+)")
# (the last four say more besides those counted: extract.incidents._besides)
_HEDGES = re.compile(r"^(?:at least|more than|over|nearly|almost|about|around|some|approximately|up to|as many as|"
                     r"fewer than|less than|only|just|roughly|an estimated|"
                     r"another|an additional|additional|a further)\s+")


# No event kills or injures more: a larger number is not a count of people (and would not fit the store).
MAX_COUNT = 10_000_000


def parse_count(text: str) -> int | None:
    """'three' -> 3, 'at least 34' -> 34, 'five to seven' -> 5, 'dozens' -> 24, '1,200' -> 1200."""
    value = _parse_count(text)
    return value if value is None or value <= MAX_COUNT else None


def _parse_count(text: str) -> int | None:
    t = text.lower().strip().replace(",", "")
    t = re.sub(r"\s*\(\s*\d+\s*\)?", "", t)  # military statements' "three (3)"
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r" more$", "", t)  # "24 more (fighters)", "two more": more besides (extract.incidents._besides)
    while True:
        stripped = _HEDGES.sub("", t)
        if stripped == t:
            break
        t = stripped
    if t in VAGUE:
        return VAGUE[t]
    m = _RANGE.fullmatch(t)
    if m:
        low = _parse_count(m.group(1))
        return low if low is not None else _parse_count(m.group(2))
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d+(\.\d+)? (thousand|million)", t):
        num, scale = t.split()
        return int(float(num) * _SCALES[scale])
    return _words_to_int(t)


def _words_to_int(t: str) -> int | None:
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", t):
        if word in ("and",):
            continue
        if word in _UNITS and word not in _SCALES:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


# A toll this large is rarely one event's: checked by a person before it is believed, and a total
# where the events it is of are told in the plural with no day ("12,000 killed in attacks").
LARGE_TOLL = 1000

# How a toll was given, best first: a figure told as a revision, a figure, one person named, a
# vague word, a figure told as superseded.
REVISED, FIGURE, ONE_NAMED, VAGUE_WORD, SUPERSEDED = -1, 0, 1, 2, 3
# A count of more dead or hurt besides those counted elsewhere ("two militants were also killed"):
# added to the event's toll, not an alternative to it
ADDED = 4


# An age in a victim's phrase: "an 11-year-old boy", "a boy aged 11", "a six-year-old".
_AGE = re.compile(r"\b[\w]+[\s-]years?[\s-]old\b|\baged\s+\w+")


def figure_kind(text: str, sentence: str = "") -> int:
    """How a toll was given: as a figure ("at least 12", "three soldiers", "no one"), as one person
    named ("a senior leader", "the commander": one of the dead, not a count of them), or by a
    vague word ("dozens"). A figure in a ``sentence`` that revises a toll ("the new death toll is
    16", "the toll rose to 16") beats the others; one it calls superseded ("a provisional toll of
    5") loses to them."""
    if is_vague(text):
        return VAGUE_WORD
    t = _AGE.sub("", text.lower())  # ("the dead 11-year-old boy" is one person named)
    if not (re.search(r"\d", t) or set(re.split(r"[\s-]+", t)) & (_NUMBER_WORDS | {"no", "none", "nobody"})) \
            or _PART_OF.match(t):
        return ONE_NAMED  # (and "one of its volunteers": some of the dead, counted apart)
    said_before = _SAID_BEFORE.search(sentence)
    if _SUPERSEDED.search(sentence) or said_before and sentence.lower().find(t, said_before.end()) != -1:
        return SUPERSEDED
    brought = _BROUGHT_TO.search(sentence)
    if brought:
        return REVISED if brought.group("figure").lower().startswith(t) else SUPERSEDED
    return REVISED if _REVISED.search(sentence) else FIGURE


def injured_kind(kind: int, text: str, at: int) -> int:
    """How a count of injured was given, from the words of ``text`` from ``at`` (where the count is)
    on: "seven others critically injured", "one sustained serious injuries" count those worst hurt,
    a part of the injured, told besides a count of all of them ("five injured"), which they do not
    replace."""
    return ONE_NAMED if kind == FIGURE and _SEVERELY.match(text, at) else kind


# (within a few words of the count; matched from the count on, without copying the text after it)
_SEVERELY = re.compile(r"[^.;:]{0,45}?\b(?:serious|severe|critical|grave)(?:ly)?\s+(?:\w+\s+)?"
                       r"(?:injur|wound|hurt|burn)|"
                       r"[^.;:]{0,45}?\bin\s+(?:a\s+)?(?:serious|critical|grave)\s+condition", re.IGNORECASE)


_PART_OF = re.compile(r"^[\w,.-]+\s+of\s+(?:its|their|his|her|our|my|your|the\s+dead)\b")
_TALLY = r"(?:death\s+|casualty\s+)?(?:toll|assessment|count|tally|figures?)"
_SUPERSEDED = re.compile(rf"\b(?:previous|provisional|preliminary|initial|earlier|first)\s+{_TALLY}\b", re.IGNORECASE)
# "they had previously said at least 10 were killed": the figures said after it are superseded
_SAID_BEFORE = re.compile(r"\b(?:previously|earlier|initially)\s+(?:said|reported|put|gave|given|announced)\b",
                          re.IGNORECASE)
_REVISED = re.compile(rf"\b(?:new|updated|revised|latest|final)\s+{_TALLY}\b|"
                      r"\btoll\b[^.;]{0,40}\b(?:rose|risen|climbed|increased|jumped)\b", re.IGNORECASE)
# "two more died, raising the death toll to eight": the figure after "to" is the revised toll; the
# others of the sentence are counted in it
_BROUGHT_TO = re.compile(r"\b(?:rais|bring|brought|tak|took|push)\w*\s+(?:the\s+)?(?:death\s+)?toll\s+to\s+"
                         r"(?P<figure>[^,.;]+)", re.IGNORECASE)


def is_vague(text: str) -> bool:
    """"dozens of people", "scores", "several" (not "at least 12", "three soldiers", "a man")."""
    t = text.lower()
    words = set(re.split(r"[\s-]+", t))
    return bool(words & _VAGUE_WORDS) and not re.search(r"\d", t) and not words & _NUMBER_WORDS


_NUMBER_WORDS = (set(_UNITS) | set(_SCALES)) - {"a", "an"}
_VAGUE_WORDS = {w for phrase in VAGUE for w in phrase.split()} - {"a", "of", "number"}
