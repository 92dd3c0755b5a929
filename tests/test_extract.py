"""Incident extraction on short texts written for these tests."""

from __future__ import annotations

import datetime as dt

from extract.model import Article


def incidents(pipeline, text, published="2023-06-14", title=None):
    article = Article(text=text, title=title, published=dt.date.fromisoformat(published) if published else None)
    return [i for i in pipeline.incidents(article) if not i.aggregate]


def test_state_airstrike_is_a_strike_with_toll_and_date(pipeline):
    (i,) = incidents(pipeline, "Israeli warplanes carried out an airstrike on a house in Khan Younis on Monday, "
                               "killing at least 12 people and wounding 20, health officials said.")
    assert (i.category, i.sub_type) == ("strike", "Air/drone strike")
    assert i.actor1 == "Israel"
    assert i.place_resolved == "Khan Yunis" or i.place == "Khan Younis"
    assert i.country == "PS"
    assert i.date == dt.date(2023, 6, 12) and i.date_precision == 1
    assert (i.fatalities, i.injured) == (12, 20)


def test_non_state_attack_on_a_base(pipeline):
    (i,) = incidents(pipeline, "Kataib Hezbollah fighters launched a drone attack on Ain al-Asad air base in western "
                               "Iraq on Sunday. Two U.S. service members were wounded.")
    assert i.category == "attack"
    assert i.actor1 == "Kataib Hezbollah"
    assert i.place_resolved == "Ain al-Asad" and i.geo_precision == 1
    assert i.injured == 2
    assert i.date == dt.date(2023, 6, 11)


def test_shipping_attack_is_at_sea(pipeline):
    (i,) = incidents(pipeline, "Houthi forces fired two anti-ship missiles at a tanker in the Gulf of Aden on Tuesday.")
    assert i.category == "attack" and i.actor1 == "Houthis"
    assert i.place_resolved == "Gulf of Aden" and i.country is None and i.geo_precision == 3


def test_places_joined_by_and_are_separate_incidents(pipeline):
    found = incidents(pipeline, "U.S. warplanes struck weapons depots in Iraq and Syria on Friday.")
    assert sorted(i.country for i in found) == ["IQ", "SY"]
    assert all(i.category == "strike" and i.geo_precision == 3 for i in found)


def test_a_place_inside_another_is_one_incident(pipeline):
    (i,) = incidents(pipeline, "A roadside bomb exploded near a military convoy at al-Tanf in southern Syria on Thursday.")
    assert i.place_resolved == "al-Tanf" and i.country == "SY"


def test_where_the_actor_is_from_is_not_where_it_happened(pipeline):
    (i,) = incidents(pipeline, "Iran-backed militants in Syria attacked a convoy in Mosul on Monday.")
    assert i.place_resolved == "Mosul"


def test_launch_point_is_not_the_impact_point(pipeline):
    found = incidents(pipeline, "A rocket fired from southern Lebanon struck a house in Kiryat Shmona on Saturday.")
    assert [i.place for i in found] == ["Kiryat Shmona"]


def test_aggregates_are_not_single_events(pipeline):
    article = Article(text="Militants have carried out more than 60 attacks on U.S. forces in Iraq since October.",
                      published=dt.date(2023, 12, 1))
    located = pipeline.incidents(article)
    assert located and all(i.aggregate for i in located)


def test_future_and_avoided_events_are_not_incidents(pipeline):
    text = ("The ministry warned that militias would attack bases in Iraq. Officials said they would avoid "
            "hitting targets in Iran.")
    assert incidents(pipeline, text) == []


def test_same_event_twice_is_one_incident(pipeline):
    text = ("Drone strike kills two commanders in Aleppo\n"
            "A drone strike hit a car in Aleppo on Tuesday, killing two commanders of the group, a monitor said. "
            "The strike in Aleppo was the third this month.")
    found = incidents(pipeline, text)
    assert len(found) == 1
    assert found[0].fatalities == 2 and found[0].date == dt.date(2023, 6, 13)


def test_jordan_the_person_is_not_a_place(pipeline):
    text = "Michael Jordan said the attack in Baghdad on Friday killed four people."
    found = incidents(pipeline, text)
    assert [i.country for i in found] == ["IQ"]


def test_without_publication_date_relative_dates_stay_unknown(pipeline):
    (i,) = incidents(pipeline, "Gunmen attacked a checkpoint in Kirkuk on Monday, killing three police officers.",
                     published=None)
    assert i.date is None and i.fatalities == 3


def test_event_without_a_place_of_its_own_goes_to_the_articles_place(pipeline):
    text = ("Four police officers were killed when a suicide bomber blew himself up at a checkpoint on Sunday, "
            "officials in Kandahar said.")
    (i,) = incidents(pipeline, text, published="2023-06-12")
    assert i.country == "AF" and i.place == "Kandahar" and i.geo_precision == 2
    assert i.category == "attack" and i.sub_type == "Suicide bomb"
    assert i.fatalities == 4 and i.date == dt.date(2023, 6, 11)
    assert i.field_confidence["place"] <= 0.5


def test_no_place_anywhere_means_no_incident(pipeline):
    assert incidents(pipeline, "A drone strike killed two fighters on Sunday, the group said.") == []


def test_a_name_used_as_a_place_is_a_place_wherever_it_recurs(pipeline):
    text = ("Storm sirens were tested in Dublin on Monday. Dublin operates its own sirens, and Dublin Mayor "
            "Ann Sims said Tom Dublin, a resident, asked for more.")
    spans = [(t.start, t.name) for t in pipeline.toponyms(text)]
    assert [name for _, name in spans].count("Dublin") == 3  # not the surname in "Tom Dublin"
    assert text.index("Tom Dublin") + 4 not in [start for start, _ in spans]


def test_towns_named_by_their_residents_and_institutions(pipeline):
    names = [t.name for t in pipeline.toponyms(
        "A Columbia woman was sentenced on Monday, according to a release from Gainesville Police. "
        "Most Northeast Georgia school systems have not cut jobs.")]
    assert {"Columbia", "Gainesville", "Georgia"} <= set(names)
    assert "Northeast Georgia" not in names


def test_slain_is_a_toll(pipeline):
    (i,) = [x for x in pipeline.incidents(Article("Four police officers were slain in an ambush near Uruapan on "
                                                  "Monday, officials said.", published=dt.date(2024, 3, 14)))
            if not x.aggregate]
    assert i.fatalities == 4


def test_place_names_end_where_the_name_does(pipeline):
    # the NER's spans may take a line break or an opening bracket with them
    text = ("Militants attack post in western Cameroon\nMilitants attacked an army post in Kupwara town near the Line "
            "of Control (LoC), the de facto border, killing two soldiers on Monday.")
    names = [m.text for m in pipeline.extractor.extract(Article(text=text, published=dt.date(2017, 8, 26))).mentions]
    assert "the Line of Control" in names and all(n == n.strip() and n.count("(") == n.count(")") for n in names)
