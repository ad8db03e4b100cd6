"""KB breadth, second round: foreign and defence ministers since 1945 of France, Germany, Italy,
Japan, the USSR/Russia, China, Turkey, Iran, Saudi Arabia, Syria, Libya, Algeria and the G20
countries listed before only from about 1990, and the prime ministers of Jordan and South Korea
(data/persons_ministers_hist.jsonl)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from parley.actors.kb import BASE_FILES, default_kb
from parley.actors.resolver import find_actors

from .kb_data import data_rows, earliest_start, rough_roles_without_note

FILE = "persons_ministers_hist.jsonl"


def _rows() -> list[dict]:
    return data_rows(FILE)


def test_file_is_loaded_and_every_row_names_a_source():
    assert FILE in BASE_FILES
    rows = _rows()
    assert len(rows) >= 300
    assert all(row.get("source", "").startswith("Wikipedia: ") for row in rows)


def test_rough_dates_carry_a_note():
    assert not rough_roles_without_note(_rows())


@pytest.mark.parametrize("country,title,since", [
    ("FRA", "Foreign Minister", "1948"), ("FRA", "Defence Minister", "1960"),
    ("DEU", "Foreign Minister", "1956"), ("DEU", "Defence Minister", "1956"),
    ("ITA", "Foreign Minister", "1948"), ("ITA", "Defence Minister", "1950"),
    ("JPN", "Foreign Minister", "1950"), ("RUS", "Foreign Minister", "1946"),
    ("RUS", "Defence Minister", "1956"), ("CHN", "Foreign Minister", "1950"),
    ("CHN", "Defence Minister", "1955"), ("AUS", "Foreign Minister", "1946"),
    ("JOR", "Prime Minister", "1974"), ("KOR", "Prime Minister", "1989"),
])
def test_offices_are_listed_from_early_on(country, title, since):
    first = earliest_start(country, title)
    assert first is not None and first <= since + "-12-31", (country, title, first)


@pytest.mark.parametrize("phrase,date,want", [
    ("the Soviet foreign minister", "1950-06-01", "andrey_vyshinsky"),
    ("the Soviet defence minister", "1962-10-20", "rodion_malinovsky"),
    ("the French foreign minister", "1956-11-01", "christian_pineau"),
    ("the French defence minister", "1985-07-15", "charles_hernu"),
    ("the German defence minister", "2010-06-01", "karl_theodor_zu_guttenberg"),
    ("the Japanese foreign minister", "1984-05-01", "shintaro_abe"),
    ("the Chinese foreign minister", "1993-05-01", "qian_qichen"),
    ("the Saudi defence minister", "1990-08-10", "sultan_bin_abdulaziz"),
    ("the Jordanian prime minister", "1990-06-01", "mudar_badran"),
    ("the South Korean prime minister", "2011-06-01", "kim_hwang_sik"),
    ("the Turkish foreign minister", "2005-03-01", "abdullah_gul"),
    ("the Australian foreign minister", "1985-01-01", "bill_hayden"),
])
def test_role_phrases_find_the_historical_minister(phrase, date, want):
    assert [a.id for a in find_actors(phrase, on_date=date)] == [want]


@pytest.mark.parametrize("text,date,want,code", [
    ("Chou Enlai greeted the delegation.", "1954-07-01", "zhou_enlai", "CHNGOV"),
    ("Abd al-Halim Khaddam flew home.", "1976-05-01", "abdul_halim_khaddam", "SYRGOV"),
    ("Andrei Vyshinsky rejected the plan.", "1950-01-01", "andrey_vyshinsky", "RUSGOV"),
    ("Marshal Zhukov inspected the troops.", "1956-05-01", "georgy_zhukov", "RUSGOV"),
    ("Manfred Woerner met his colleagues.", "1985-05-01", "manfred_worner", "DEUGOV"),
])
def test_transliterations_resolve(text, date, want, code):
    found = {a.id: a.code for a in find_actors(text, on_date=date)}
    assert found.get(want) == code, found


def test_person_out_of_office_is_former_elite():
    """Khaddam after his break with Damascus in 2005 is a former official, not the government."""
    actor = next(a for a in find_actors("Abdul Halim Khaddam spoke from Paris.", on_date="2008-01-01")
                 if a.id == "abdul_halim_khaddam")
    assert actor.country == "SYR" and actor.sectors == ["ELI"]


def test_existing_people_are_extended_not_duplicated():
    kb = default_kb()
    gromyko = kb.get("andrei_gromyko")
    assert gromyko is not None and gromyko.role_on("1970-01-01").title == "Foreign Minister"
    saudi_faisal = kb.get("faisal_bin_abdulaziz")
    assert {r.title for r in saudi_faisal.roles} >= {"King", "Foreign Minister"}
    homonyms = {row["id"] for name in BASE_FILES  # declared by `homonym_of`: two people, one name
                for line in resources.files("parley.actors").joinpath("data", name).read_text("utf-8").splitlines()
                if line.strip() and (row := json.loads(line)).get("homonym_of")}
    names = [e.name for e in kb.entries.values() if e.type == "person" and e.id not in homonyms]
    assert len(names) == len(set(names)), "a person was entered twice"


@pytest.mark.parametrize("text,want,code", [
    ("East German officials protested.", "DDRGOV", "DDRGOV"),
    ("The GDR foreign minister arrived in Bonn.", "oskar_fischer", "DDRGOV"),
    ("East Berlin rejected the note.", "DDRGOV", "DDRGOV"),
])
def test_east_germany_is_its_own_state(text, want, code):
    found = {a.id: a.code for a in find_actors(text, on_date="1985-03-01")}
    assert found.get(want) == code, found


def test_surname_that_is_a_common_phrase_is_no_alias():
    """'Molotov cocktails' name no Soviet minister; a full name first still links the surname."""
    assert find_actors("Protesters threw Molotov cocktails at the embassy.", on_date="2020-01-01") == []
    found = find_actors("Vyacheslav Molotov signed the pact. Molotov then left.", on_date="1940-01-01")
    assert [len(a.mentions) for a in found if a.id == "vyacheslav_molotov"] == [2]
