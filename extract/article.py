"""The parts of a news article that are not sentences about events: headline, dateline, opening.

Wire copy opens its body with where and when it was filed: "KYIV, Ukraine (AP) —", "BAGHDAD —",
"ADDIS ABABA (REUTERS) -", "Peshawar, May 11 (PTI)", "KYIV:", "JIT, West Bank, Aug 16 (Reuters) -".
The place is where the reporter filed from (often, not always, where it happened); the date is
the day of the report, against which "on Sunday" is read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable
from urllib.parse import urlsplit

from .model import Article, DateMention, Dateline

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_NAME = r"[A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,3}"
DATELINE = re.compile(
    rf"(?P<place>{_NAME})"
    rf"(?:,\s*(?P<region>{_NAME})|\s*\[(?P<bracketed>{_NAME})\]"  # "Kabul [Afghanistan], September 14"
    rf"|\s*\((?P<parenthesised>{_NAME}(?:,\s*{_NAME})?)\)(?=,))?"  # "YOLA (Adamawa, Nigeria), Nov 4"
    rf"(?:,?\s*(?P<date>{_MONTH}\s+\d{{1,2}})(?:,\s*\d{{4}})?)?"
    r"(?:\s*\((?P<agency>[A-Za-z][A-Za-z .&/\-]{0,30})\))?"  # ("(ANI/Sputnik)", "(NNN-XINHUA)")
    r"(?:\s*(?P<dash>—|–|-{1,2}|:|•)\s|(?<=\))\s*(?=[A-Z]))")  # "Kabul, Afghanistan (CNN)A drone strike"
# The opening of an article (headline, dateline, lead), where wire copy gives its story's day.
OPENING_CHARS = 600
# How far into the body a dateline may start (after a byline or a "Published ..." line).
DATELINE_REACH = 400
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), 1)}


def headline_end(document: str) -> int:
    """Where the headline ends: a short first line with no full stop, or nothing."""
    first, newline, _ = document.partition("\n")
    return len(first) if newline and len(first) <= 200 and not first.rstrip().endswith(".") else 0


def find_dateline(document: str, published: dt.date | None, is_place: Callable[[str], bool],
                  body_start: int = 0) -> Dateline | None:
    """The dateline at the start of a line in the article's opening, if there is one: a place
    name (in capitals, or followed by a date, an agency or a colon) the gazetteer knows."""
    for line in re.finditer(r"(?m)^.+$", document[body_start:body_start + DATELINE_REACH]):
        match = DATELINE.match(line.group(0))
        if match is None:
            continue
        place = match.group("place")
        shouted = place.isupper() and len(place) > 2
        marked = match.group("agency") or match.group("date")
        if not (shouted or marked or match.group("dash") == ":") or not is_place(place.title() if shouted else place):
            continue
        start = body_start + line.start() + match.start("place")
        agency = match.group("agency")
        return Dateline(place, start, start + len(place), _date(match.group("date"), published),
                        body_start + line.start() + match.end(), agency.strip() if agency else None)
    return None


def outlet(article: Article, dateline: Dateline | None) -> str | None:
    """Who published the report: the site it came from ("reuters.com"), else the wire service its
    dateline credits ("AP")."""
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        return host.removeprefix("www.")
    return dateline.agency if dateline is not None else None


def _date(text: str | None, published: dt.date | None) -> DateMention | None:
    """"May 11" in an article published on 12 May 2024: 11 May 2024 (the latest such day not after
    publication)."""
    if not text or published is None:
        return None
    month_word, day = text.replace(".", "").split()
    month = _MONTHS.get(month_word[:3].lower())
    try:
        date = dt.date(published.year, month, int(day))
        if date > published:
            date = dt.date(published.year - 1, month, int(day))
    except (TypeError, ValueError):
        return None
    return DateMention(date, 1, text) if (published - date).days <= 7 else None
