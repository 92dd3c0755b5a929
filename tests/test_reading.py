"""Reading pieces: counts, dates, headlines."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.dates import DateResolver
from extract.incidents import truecase_headline
from extract.quantities import parse_count


@pytest.mark.parametrize("text, value", [
    ("three", 3), ("at least 34", 34), ("five to seven", 5), ("dozens", 24), ("1,200", 1200), ("24 more", 24),
    ("twenty-one", 21), ("more than 160", 160), ("a dozen", 12), ("two dozen", 24),
    ("one hundred and five", 105), ("only two", 2), ("several", 3), ("unknown", None),
    ("another 95", 95), ("a further 16", 16), ("an additional two", 2),
])
def test_counts(text, value):
    assert parse_count(text) == value


WEDNESDAY = dt.date(2024, 2, 7)


@pytest.mark.parametrize("text, date, precision", [
    ("Wednesday", "2024-02-07", 1),  # the publication day itself
    ("Tuesday night", "2024-02-06", 1),
    ("Sunday", "2024-02-04", 1),
    ("Jan. 28", "2024-01-28", 1),
    ("Oct. 17", "2023-10-17", 1),  # the most recent Oct. 17 before publication
    ("last week", "2024-01-31", 2),
    ("March 2023", "2023-03-15", 3),
    ("2016", "2016-01-01", 4),
    ("today", "2024-02-07", 1),
    ("earlier this month", "2024-02-15", 3),
    ("in January this year", "2024-01-15", 3),  # a month with its year said in words
    ("June last year", "2023-06-15", 3),
    ("on Jan. 9 this year", "2024-01-09", 1),
    ("last September", "2023-09-15", 3),  # the latest September before this month
    ("back in January", "2024-01-15", 3),
    ("three days ago", "2024-02-04", 1),  # a length before publication, as precise as its unit
    ("about a fortnight ago", "2024-01-24", 2),
    ("two months ago", "2023-12-15", 3),
    ("a year ago", "2023-01-01", 4),
    ("the early hours of Wednesday", "2024-02-07", 1),
    ("the night of Sunday", "2024-02-04", 1),
    ("12 days this month", "2024-02-15", 3),  # days within a period: the period, not twelve days ago
    # a weekday with the date: the year in which they agree ("Thursday, February 8" in a report
    # dated the 7th, filed from a time zone behind the event's; "Wednesday, February 8" of 2023)
    ("the night of Thursday, February 8", "2024-02-08", 1),
    ("Wednesday, February 8", "2023-02-08", 1),
])
def test_dates_against_publication(text, date, precision):
    resolved = DateResolver().resolve(text, WEDNESDAY)
    assert resolved is not None
    assert (resolved.date.isoformat(), resolved.precision) == (date, precision)


@pytest.mark.parametrize("text", ["the days ahead", "recent weeks", "Dec. 25, 2030", "November this year",
                                  "years ago"])
def test_not_a_date_of_an_event(text):
    assert DateResolver().resolve(text, WEDNESDAY) is None


def test_relative_dates_need_a_publication_date():
    resolver = DateResolver()
    assert resolver.resolve("Wednesday", None) is None
    assert resolver.resolve("Jan. 28, 2024", None).date == dt.date(2024, 1, 28)


def test_week_interval():
    week = DateResolver().resolve("last week", WEDNESDAY)
    assert week.interval() == (dt.date(2024, 1, 29), dt.date(2024, 2, 4))


def test_headline_truecasing_keeps_names_and_length():
    text = "Rebel Drone Strike Hits Fuel Depot In Kherson\nThe drone strike hit a fuel depot on Monday."
    fixed = truecase_headline(text)
    assert len(fixed) == len(text)
    assert fixed.startswith("Rebel drone strike hits fuel depot in Kherson\n")


def test_long_text_is_cut_at_line_breaks_into_bounded_pieces():
    from extract.incidents import chunks

    text = "\n".join(f"Paragraph {n} says nothing much at all." for n in range(5000))
    pieces = chunks(text, limit=10_000)
    assert len(pieces) > 10
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 10_000 for _, p in pieces)
    assert all(text[start:start + len(p)] == p for start, p in pieces)
    assert all(p.startswith("\n") or start == 0 for start, p in pieces)
    assert chunks("short") == [(0, "short")]
