"""Dates resolved against the article's publication date, never the server's clock."""

from __future__ import annotations

import datetime as dt
import re

from dateparser.date import DateDataParser

from . import lexicon as lx
from .model import DateMention
from .quantities import parse_count

_SAME_DAY = re.compile(r"^(today|tonight|this (morning|afternoon|evening))$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PERIODS = {"day": 1, "week": 2, "month": 3, "year": 4}
# Phrases that name a stretch of time, not the day of an event.
_NOT_A_DATE = re.compile(r"\b(ahead|coming|next|future|recent|past|years|months|weeks|decades|ago)\b")
# A length of time ("about a week", "two days", "hours") is no day: "a week after another strike".
_ROUGHLY = r"(?:about |around |nearly |some |almost |just |over |more than |less than )?"
_HOW_MANY = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+"
_DURATION = re.compile(rf"^{_ROUGHLY}(?:{_HOW_MANY}|several|few|a few) (?:day|week|month|year|hour|minute)s?$")
# "11 days this month", "three days last week": days within a period, which is the date told
_DAYS_IN = re.compile(rf"^{_ROUGHLY}(?:{_HOW_MANY}|several|few|a few) (?:day|hour)s? (?=(?:this|last) (?:week|month|year)$)")
# "two weeks ago", "about a fortnight ago": a day that long before publication, as precise as its unit.
_AGO = re.compile(rf"^{_ROUGHLY}(?P<n>{_HOW_MANY}) (?P<unit>day|week|fortnight|month|year)s? ago$")
_AGO_UNITS = {"day": (1, 1), "week": (7, 2), "fortnight": (14, 2), "month": (30, 3), "year": (365, 4)}
# "the early hours of Wednesday", "the night of Sunday": the day named
_PART_OF_DAY = re.compile(r"^(?:(?:early|late|small|wee)\s+)?(?:hours|morning|afternoon|evening|night)\s+of\s+"
                          r"(?:the\s+)?")
_LEADING = re.compile(r"^(on|in|since|by|from|during|the|early|late|earlier|mid|last)\s+", re.I)
# "March this year", "in June last year": a day or month of the year named, which dateparser
# does not read with the year phrase attached.
_OF_YEAR = re.compile(r"^(?P<core>.+?),?\s+(?P<which>this|last) year$")


class DateResolver:
    def __init__(self):
        self._parsers: dict[dt.date | None, DateDataParser] = {}

    def _parser(self, base: dt.date | None) -> DateDataParser:
        if base not in self._parsers:
            settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
            if base:
                settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12))
            self._parsers[base] = DateDataParser(languages=["en"], settings=settings)
        return self._parsers[base]

    def resolve(self, text: str, published: dt.date | None) -> DateMention | None:
        """'Wednesday', 'Jan. 28', 'last week', 'in 2016' -> a date with its precision."""
        text = re.sub(r"[’']s$", "", text.strip())  # "Monday night's attack": the day told
        phrase = _DAYS_IN.sub("", text.lower())
        ago = _AGO.match(phrase)
        if ago and published:
            days, precision = _AGO_UNITS[ago.group("unit")]
            count = parse_count(ago.group("n")) or 1  # ("a", "an")
            date = published - dt.timedelta(days=days * count)
            return DateMention(_coded(date, precision), precision, text)
        if not phrase or _NOT_A_DATE.search(phrase) and "last" not in phrase or _DURATION.match(phrase):
            return None
        core = re.sub(r"^back\s+", "", phrase)  # "back in April"
        while _LEADING.match(core) and not core.startswith("last "):
            core = _LEADING.sub("", core, count=1)
        last_month = re.match(r"^last\s+(\w+)$", core)
        if last_month and last_month.group(1) in lx.MONTHS and published:
            # "last September": the latest September before this month
            found = self.resolve(last_month.group(1), published.replace(day=1) - dt.timedelta(days=1))
            return DateMention(found.date, found.precision, text) if found else None
        core = _PART_OF_DAY.sub("", core)  # "the early hours of Wednesday": Wednesday
        if published:
            if _SAME_DAY.match(core):
                return DateMention(published, 1, text)
            for i, name in enumerate(lx.WEEKDAYS):
                # News means the most recent such day, the publication day included.
                if core.split(" ")[0] == name:
                    back = (published.weekday() - i) % 7
                    return DateMention(published - dt.timedelta(days=back), 1, text)
        elif not _YEAR.search(core):
            return None  # a relative date with nothing to be relative to
        of_year = _OF_YEAR.match(core)
        if of_year and published:
            year = published.year - (of_year.group("which") == "last")
            found = self.resolve(of_year.group("core"), dt.date(year, 12, 31) if year < published.year else published)
            return DateMention(found.date, found.precision, text) if found and found.date.year == year else None
        data = self._parser(published).get_date_data(core)
        if data is None or data.date_obj is None:
            return None
        date = data.date_obj.date()
        precision = _PERIODS.get(data.period or "day", 1)
        weekday = next((i for i, name in enumerate(lx.WEEKDAYS) if re.search(rf"\b{name}\b", core)), None)
        if published and weekday is not None and precision == 1 and date.weekday() != weekday:
            # "Tuesday, December 20" in a report dated the 19th (another time zone): the year in
            # which that day is a Tuesday, near the report, not the one before
            fits = [d for d in (_in_year(date, published.year + k) for k in (0, -1)) if d is not None
                    and d.weekday() == weekday and d <= published + _FILED_EARLY]
            if fits:
                return DateMention(min(fits, key=lambda d: abs((d - published).days)), 1, text)
        if published and date > published:
            return None
        if precision == 4 and not _YEAR.search(core):
            return None
        return DateMention(_coded(date, precision), precision, text)


# How far after its own date a report may name a day (its writer's time zone ahead of the event's).
_FILED_EARLY = dt.timedelta(days=2)


def _in_year(date: dt.date, year: int) -> dt.date | None:
    try:
        return date.replace(year=year)
    except ValueError:  # 29 February
        return None


def _coded(date: dt.date, precision: int) -> dt.date:
    """Like ACLED, a month is coded to its middle; a year to its first day."""
    if precision == 3:
        return date.replace(day=15)
    if precision == 4:
        return date.replace(month=1, day=1)
    return date
