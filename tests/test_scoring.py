"""The incident scorer (bench/eval_incidents.py): the figures the team compares runs by."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("eval_incidents", Path(__file__).parent.parent / "bench" / "eval_incidents.py")
scorer = sys.modules.setdefault("eval_incidents", importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(scorer)


def gold(lat, lon, level="point", date="2025-01-01", category="attack"):
    return {"lat": lat, "lon": lon, "level": level, "date": date, "category": category, "also_ok": []}


def pred(lat, lon, date="2025-01-01", category="attack"):
    return {"lat": lat, "lon": lon, "date": date, "category": category}


def ok(g, p):
    return scorer.allowed(g, p) and scorer.near(g, p)


def test_each_event_is_scored_on_its_own_prediction():
    # Three towns 30-40 km apart; two predictions, each at its town. Both pairings match two, but
    # only the one that pairs each prediction with its own town scores the right fields.
    a, b, c = gold(3.0, -76.4), gold(3.25, -76.45), gold(3.45, -76.53)
    pa, pc = pred(3.0, -76.4), pred(3.45, -76.53)
    assert scorer.max_matching([a, b, c], [pc, pa], ok, set()) in ({0: 1, 2: 0},)


def test_as_many_pairs_as_can_be_before_the_closest():
    # The prediction nearest the first event is the only one the second can have.
    first, second = gold(0.0, 0.0), gold(0.0, 0.4)
    near_both, near_first = pred(0.0, 0.2), pred(0.0, 0.01)
    assert scorer.max_matching([first, second], [near_both, near_first], ok, set()) == {0: 1, 1: 0}


@pytest.mark.parametrize("taken, expected", [(set(), {0: 0}), ({0}, {})])
def test_predictions_taken_by_main_incidents_are_not_offered_again(taken, expected):
    assert scorer.max_matching([gold(0.0, 0.0)], [pred(0.0, 0.0)], ok, taken) == expected


def test_another_day_is_a_worse_reading_than_another_place_nearby():
    g = gold(0.0, 0.0)
    same_day_nearby, other_day_here = pred(0.0, 0.3), pred(0.0, 0.0, date="2025-01-02")
    assert scorer.max_matching([g], [other_day_here, same_day_nearby], ok, set()) == {0: 1}
