"""Capitals as place or government, look-alikes, coordination, agents and owners of names."""

from __future__ import annotations

import pytest

from parley.actors.resolver import find_actors


def _ids(text, doc=None, date="2019-06-01"):
    """(mention text, actor id) pairs of a text, in text order."""
    pairs = [(m.start, m.text, a.id) for a in find_actors(text, doc, on_date=date) for m in a.mentions]
    return [(t, i) for _, t, i in sorted(pairs)]


def _id_of(text, surface, doc=None, date="2019-06-01"):
    """The id of the actor whose mention overlaps the first `surface` in text (None if none)."""
    start = text.index(surface)
    end = start + len(surface)
    for a in find_actors(text, doc, on_date=date):
        if a.id.startswith("x:"):
            continue
        for m in a.mentions:
            if m.start < end and m.end > start:
                return a.id
    return None


CAPITALS = [
    ("Merkel responded to Beijing on Monday.", "Beijing", "CHNGOV"),
    ("Saddam received help from Washington.", "Washington", "USAGOV"),
    ("Putin offered missiles to Riyadh.", "Riyadh", "SAUGOV"),
    ("Pompeo flew to Jeddah after the attack.", "Jeddah", None),
    ("The ministers met in Addis Ababa.", "Addis Ababa", None),
    ("Bolsonaro visited New Delhi last year.", "New Delhi", None),
    ("Moscow denied the report.", "Moscow", "RUSGOV"),
    ("Talks with Tehran stalled.", "Tehran", "IRNGOV"),
    ("The road from Damascus to Beirut was closed.", "Beirut", None),
    ("Tokyo complained to Moscow about fishing.", "Moscow", "RUSGOV"),
]


@pytest.mark.parametrize("text,surface,want", CAPITALS)
def test_capital_reading_without_parse(text, surface, want):
    assert _id_of(text, surface) == want


@pytest.mark.slow
@pytest.mark.parametrize("text,surface,want", CAPITALS)
def test_capital_reading_with_parse(nlp, text, surface, want):
    assert _id_of(text, surface, nlp(text)) == want


LOOKALIKES = [
    ("Michael Jordan gave a speech.", "Jordan"),
    ("We read The Washington Post every day.", "Washington"),
    ("Yesterday Jordan Peterson spoke in Toronto.", "Jordan"),
    ("A quarterback, Chad Johnson, retired.", "Chad"),
    ("A fair in Atlanta, Georgia, sold peanuts.", "Georgia"),
    ("She studied at Moscow State University.", "Moscow"),
]


@pytest.mark.slow
@pytest.mark.parametrize("text,surface", LOOKALIKES)
def test_lookalikes_inside_longer_names_do_not_resolve(nlp, text, surface):
    assert _id_of(text, surface, nlp(text)) is None


@pytest.mark.parametrize("text,surface", [("A fan, Michael Jordan, smiled.", "Jordan"),
                                          ("A fair in Atlanta, Georgia, sold peanuts.", "Georgia"),
                                          ("He lives in the state of Georgia now.", "Georgia")])
def test_lookalikes_without_parse(text, surface):
    assert _id_of(text, surface) is None


@pytest.mark.parametrize("text,surface,want", [
    ("Jordan closed its border, and Georgia protested.", "Jordan", "JOR"),
    ("Georgia and Armenia signed a deal.", "Georgia", "GEO"),
    ("Foreign Minister Mohammad Javad Zarif met him.", "Zarif", "mohammad_javad_zarif"),
    ("The Washington government said no.", "Washington", "USAGOV"),
])
def test_real_actors_beside_capitalised_words_still_resolve(text, surface, want):
    assert _id_of(text, surface) == want


def test_second_half_of_coordination_and_first_half_share_the_agent():
    text = "The coup was backed by the British and American governments in 1953."
    assert ("British", "GBRGOV") in _ids(text, date="1953-08-19")
    assert ("American governments", "USAGOV") in _ids(text, date="1953-08-19")


@pytest.mark.parametrize("phrase,want", [
    ("Afghan police", "AFGCOP"), ("Iraqi envoys", "IRQGOV"), ("Iraqi Shia militias", "IRQREB"),
    ("Egyptian negotiators", "EGYGOV"), ("Chinese diplomats", "CHNGOV"), ("Turkish forces", "TURMIL"),
    ("Soviet officials", "RUSGOV"),
])
def test_agent_nouns_after_demonyms_and_modifiers(phrase, want):
    text = f"On Monday {phrase} arrived. Ayatollah Khamenei spoke later."
    assert (phrase, want) in _ids(text)


def test_sentence_end_does_not_turn_an_agent_into_a_title():
    text = "The Taliban attacked Afghan police. Pakistani officials denied it."
    assert ("Afghan police", "AFGCOP") in _ids(text)
    assert ("Pakistani officials", "PAKGOV") in _ids(text)


@pytest.mark.slow
def test_verbs_are_not_modifiers_of_a_collective(nlp):
    text = "Mexico, Argentina and South Africa sent ministers."
    ids = dict(_ids(text, nlp(text)))
    assert ids.get("Argentina") == "ARG" and ids.get("South Africa") == "ZAF"


@pytest.mark.parametrize("text,want", [("USSR", "RUS"), ("the Soviet Union", "RUS")])
def test_soviet_union_is_coded_rus(text, want):
    assert _id_of(f"In 1985 {text} signed.", text.removeprefix("the "), date="1985-01-01") == want


def test_soviet_leader_is_the_general_secretary_on_the_date():
    assert _id_of("The Soviet leader met Kohl.", "Soviet leader", date="1988-07-05") == "mikhail_gorbachev"


@pytest.mark.parametrize("text,surface,want,date", [
    ("Canada's Justin Trudeau arrived.", "Canada's Justin Trudeau", "justin_trudeau", "2022-11-16"),
    ("UN Secretary-General Antonio Guterres spoke.", "UN Secretary-General", "antonio_guterres", "2022-11-16"),
    ("EU foreign policy chief Federica Mogherini spoke.", "EU foreign", "federica_mogherini", "2017-05-01"),
])
def test_owner_before_a_person_is_part_of_the_person(text, surface, want, date):
    assert _id_of(text, surface, date=date) == want
    assert len([a for a in find_actors(text, on_date=date) if not a.id.startswith("x:")]) == 1


def test_demonym_before_title_joins_the_person_mention():
    pairs = _ids("He will meet the Iranian President Rouhani soon.", date="2018-08-14")
    assert ("Iranian President Rouhani", "hassan_rouhani") in pairs
