"""Harm that is nobody's attack stays off the map: deaths from illness, accidents and disasters,
tolls of animals, "heart attacks", cars that strike trees, dismissals. A general news feed is full
of these; the same sentences with a weapon or an armed group in them stay incidents."""

from __future__ import annotations

import pytest

from tests.test_reporting import drawn

NOT_INCIDENTS = [
    "Cholera has killed 40 people in the town of Kalemie since January, health officials said.",
    "Two men died of malaria in Kalemie last week, the clinic said.",
    "A farmer died after contracting the virus in Kalemie on Monday.",
    "A man suffered a heart attack in Goma on Monday and was taken to hospital.",
    "A truck struck a tree near Bunia on Monday, killing its driver.",
    "Two pedestrians were hit by a bus in Bunia on Monday.",
    "Dozens of birds were found dead at a farm near Bunia on Monday.",
    "Thousands of chickens died at a farm in Kalemie last week.",
    "Torrential rain pounded Bunia on Monday, flooding hundreds of homes.",
    "The governor fired the provincial health minister in Goma on Monday.",
    "Lawmakers in Goma voted on Monday for a toll increase on the lake road.",
    "An elderly woman died on Sunday at a care home in Kalemie, her family said.",
    # "the incident" names an event told elsewhere; where nothing else is told, nothing happened
    "Inspectors in Kalemie said the incident at the brewery on Monday was caused by a faulty valve.",
    "Hundreds of frogs swelled up and exploded in a pond near Goma on Monday, researchers said.",
    # a story that opens on what killed them: the disaster's toll, not an attack's
    "A week after the floods swept through the valley, officials counted the dead. More than 200 "
    "were killed in Goma, Bunia and Kalemie.",
]


@pytest.mark.parametrize("text", NOT_INCIDENTS)
def test_harm_nobody_inflicted_is_no_incident(pipeline, text):
    assert drawn(pipeline, text) == []


@pytest.mark.parametrize("text, killed", [
    ("A drone struck a car near Bunia on Monday, killing two people.", 2),
    ("Gunmen killed 12 villagers in an attack near Bunia on Monday.", 12),
    ("Militants fired rockets at the town of Bunia on Monday, killing three civilians.", 3),
    ("A roadside bomb killed a soldier near Kalemie on Monday, a day after cholera killed two villagers.", 1),
])
def test_the_same_words_with_a_weapon_or_an_armed_group_stay_incidents(pipeline, text, killed):
    (i,) = drawn(pipeline, text)
    assert i.fatalities == killed


def test_a_device_that_detonates_is_an_attack_and_takes_the_toll_beside_it(pipeline):
    found = drawn(pipeline, "In Quetta, a policeman was shot dead on Monday. An hour later, another policeman died "
                            "when an explosive device detonated at a checkpoint in Mastung, about 50 km south of Quetta.")
    by_place = {i.place: i for i in found}
    assert by_place["Mastung"].sub_type == "Remote explosive/landmine/IED"
    assert by_place["Mastung"].fatalities == 1 and by_place["Quetta"].fatalities == 1
