"""Knowledge base: romanisation variants, false-match guards, titles, roles by date, data files."""

from __future__ import annotations

import json

import pytest

from parley.actors.build import state_entries
from parley.actors.kb import actor_code, default_kb, load_entries, load_kb
from parley.actors.translit import fold, phonetic_key


@pytest.fixture(scope="module")
def kb():
    return default_kb()


@pytest.mark.parametrize("variants, expected", [
    (["Mosadegu", "Mossadegh", "Mosaddegh", "Mohammad Mosadegu"], "mohammad_mosaddegh"),
    (["Kasem Soleimani", "Qasem Soleimani", "Ghasem Soleimani"], "qasem_soleimani"),
    (["Ghadafi", "Qadhafi", "Gaddafi"], "muammar_gaddafi"),
    (["Pahlabi", "Pallavi", "Pahlavi"], "IRN-PAHLAVI"),
    (["Rohani", "Rouhani", "Hassan Rohani"], "hassan_rouhani"),
])
def test_romanisation_variants_resolve_to_one_entry(kb, variants, expected):
    assert {kb.lookup(v).id for v in variants} == {expected}


@pytest.mark.parametrize("name, not_expected", [
    ("Iraq", "IRN"), ("Iran", "IRQ"), ("Osama", "barack_obama"), ("John Kelly", "john_kerry"),
])
def test_near_names_do_not_match(kb, name, not_expected):
    found = kb.lookup(name)
    assert found is None or found.id != not_expected


def test_unknown_name_is_none(kb):
    assert kb.lookup("Zorblax Quintavian") is None
    assert kb.lookup("") is None


def test_titles_are_stripped(kb):
    assert kb.strip_titles("Ayatollah Seiyed Ali Khamenei") == "Ali Khamenei"
    assert kb.strip_titles("Lt. Gen. Kasem Soleimani") == "Kasem Soleimani"
    assert kb.lookup("Grand Ayatollah Ali Khamenei").id == "ali_khamenei"
    assert kb.lookup("Dr. Hassan Rouhani").id == "hassan_rouhani"
    assert kb.strip_titles("President") == "President"  # a title alone is kept


def test_role_holder_by_date(kb):
    assert kb.holder("President", "USA", "2018-08-14").id == "donald_trump"
    assert kb.holder("president", "USA", "2010-06-01").id == "barack_obama"
    assert kb.holder("Supreme Leader", "IRN", "1985-01-01").id == "ruhollah_khomeini"
    assert kb.holder("Prime Minister", "IRN", "1953-08-01").id == "mohammad_mosaddegh"
    assert kb.holder("President", "USA", None) is None


def test_person_affiliation_follows_the_date(kb):
    khamenei = kb.lookup("Khamenei")
    assert khamenei.affiliation("2018-08-14") == ("IRN", ("GOV",))
    obama = kb.lookup("Obama")
    assert obama.affiliation("2012-01-01") == ("USA", ("GOV",))
    assert obama.affiliation("2020-01-01") == ("USA", ("ELI",))  # former office holder
    assert kb.lookup("Soleimani").affiliation(None) == ("IRN", ("MIL",))


def test_actor_codes():
    assert actor_code("IRN", ["GOV"]) == "IRNGOV"
    assert actor_code("USA", []) == "USA"
    assert actor_code("UNO", ["IGO"]) == "IGOUNO"
    assert actor_code(None, []) is None


def test_metonyms_and_bodies(kb):
    assert kb.lookup("the Kremlin").id == "RUSGOV"
    assert kb.lookup("the White House").id == "USAGOV"
    assert kb.lookup("Pentagon").country == "USA"
    assert kb.lookup("Brussels").id == "EUR"
    assert (kb.lookup("Mossad").country, kb.lookup("Mossad").sectors) == ("ISR", ("SPY",))
    assert kb.lookup("Quds Force").sectors == ("MIL",)
    assert kb.lookup("Majles").id == kb.lookup("Majlis").id


def test_every_iso_country_is_a_state(kb):
    states = list(state_entries())
    assert len(states) >= 249
    assert all(kb.get(s["id"]).type == "state" for s in states)
    assert kb.get("IRN").name == "Iran"


def test_shipped_data_files_are_valid_jsonl():
    from importlib import resources

    folder = resources.files("parley.actors").joinpath("data")
    for item in folder.iterdir():
        if item.name.endswith(".jsonl"):
            for line in item.read_text("utf-8").splitlines():
                row = json.loads(line)
                assert row["id"] and row["name"]


def test_fold_and_key():
    assert fold("Élysée") == "elysee"
    assert phonetic_key("Qadhafi") == phonetic_key("Gaddafi")


def test_user_actors_file_merges_over_base(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(
        '{"id": "x-zorbia", "name": "Zorbian Liberation Front", "type": "group", "country": "IRN",'
        ' "sectors": ["REB"], "aliases": ["ZLF"]}\n'
        '{"id": "IRN", "name": "Iran", "aliases": ["Zorbistan"]}\n', encoding="utf-8")
    kb = load_kb(str(path))
    assert kb.lookup("ZLF").id == "x-zorbia"
    assert kb.lookup("Zorbistan").id == "IRN"
    assert kb.lookup("Persia").id == "IRN"  # base aliases kept


def test_bad_actors_file_reports_codes(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "name": "A"}\nnot json\n{"name": "no id"}\n', encoding="utf-8")
    errors = []
    good = load_entries(path, errors)
    assert [e.id for e, _ in good] == ["a"]
    assert [e.code for e in errors] == ["E101", "E102"]
    missing = []
    assert load_entries(tmp_path / "absent.jsonl", missing) == []
    assert missing[0].code == "E100"


def test_demonym_is_not_fuzzy_matched_to_its_country(kb):
    assert kb.lookup("American") is None
    assert kb.lookup("Iranian") is None
