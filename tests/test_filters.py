"""Filter parameters on their own (no Flask): what they select, and what they refuse with which message."""

from __future__ import annotations

import datetime as dt

import pytest

from service.errors import Invalid
from service.filters import LayerFilters, query_from_params


def test_repeated_and_comma_separated_values_make_one_list_without_repeats():
    query = query_from_params({"category": ["strike,attack", "strike"], "country": ["iq, sy"]})
    assert query.categories == ("strike", "attack")
    assert query.countries == ("IQ", "SY")


def test_single_values_are_typed():
    query = query_from_params({"since": ["2024-02-01"], "until": ["2024-02-29"], "min_confidence": ["0.5"],
                               "bbox": ["40,30,50,38"], "actor": [" militia "], "status": ["all"]})
    assert (query.since, query.until) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert query.min_confidence == 0.5 and query.bbox == (40, 30, 50, 38)
    assert query.actor == "militia" and query.status == "all"


def test_empty_values_are_no_filter():
    assert query_from_params({"since": [""], "bbox": [" "], "category": [""], "status": [""]}) == query_from_params({})


def test_a_layer_narrows_but_never_widens():
    assert query_from_params({}, "strike").categories == ("strike",)
    assert query_from_params({"category": ["strike,attack"]}, "strike").categories == ("strike",)
    assert "attack" not in query_from_params({"category": ["attack"]}, "strike").categories


def test_parameters_that_are_not_filters_are_left_to_their_endpoint():
    assert LayerFilters.from_params({"limit": ["5"], "f": ["json"]}) == LayerFilters()


@pytest.mark.parametrize("params, message", [
    ({"since": ["yesterday"]}, "'since' must be a date like 2024-02-07, not 'yesterday'"),
    ({"since": ["2024-03-01"], "until": ["2024-01-01"]}, "'since' 2024-03-01 is after 'until' 2024-01-01"),
    ({"category": ["bombing"]}, "unknown category 'bombing'"),
    ({"country": ["Iraq"]}, "'country' takes ISO 3166-1 alpha-2 codes like IQ, not 'IRAQ'"),
    ({"sub_type": [",".join(map(str, range(51)))]}, "'sub_type' lists more than 50 values"),
    ({"actor": ["x" * 201]}, "'actor' is at most 200 characters"),
    ({"min_confidence": ["high"]}, "'min_confidence' must be a number from 0 to 1"),
    ({"min_confidence": ["1.5"]}, "'min_confidence' must be from 0 to 1"),
    ({"bbox": ["1,2,3"]}, "'bbox' must be four numbers"),
    ({"bbox": ["0,10,5,5"]}, "'bbox': minlat 10.0 is north of maxlat 5.0"),
    ({"status": ["deleted"]}, "'status' must be one of active, rejected, all"),
])
def test_malformed_filters_say_which_and_why(params, message):
    with pytest.raises(Invalid) as caught:
        query_from_params(params)
    assert caught.value.message.startswith(message)
