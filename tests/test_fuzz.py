"""Arbitrary Unicode through the whole reading (extract -> geocode -> merge): no crash, sane output."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.model import Article

# Text mixing arbitrary Unicode with the words the extractor reacts to, so that the fuzzing
# reaches the event and place logic instead of only the tokenizer.
WORDS = st.sampled_from(["strike", "attack", "killed", "in", "Baghdad", "Jordan", "Tower 22", "the Red Sea",
                         "on Wednesday", "three", "dozens", "U.S.", "Houthis", ",", ".", "\n", "Jan. 28",
                         "near", "of", "Paris, Texas", "since", "would", "militants", "drone"])
TEXT = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=12)), max_size=60).map(" ".join)


# 400 texts in CI (.ci/run sets CI), 150 in the fast loop on a laptop
@settings(max_examples=400 if os.environ.get("CI") else 150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))))
def test_any_text_reads_without_crashing(pipeline, text, published):
    incidents = pipeline.incidents(Article(text=text, published=published))
    for i in incidents:
        assert -90 <= i.lat <= 90 and -180 <= i.lon <= 180
        assert i.category in ("strike", "attack", "clash", "other")
        assert i.geo_precision in (1, 2, 3)
        assert i.fatalities is None or i.fatalities >= 0
        if published and i.date:
            assert i.date <= published
    for t in pipeline.toponyms(text):
        assert text[t.start:t.end] == t.name
