"""KB breadth: political parties of the G20 and the Middle East (data/parties.jsonl) and the national
institutions that news names constantly (House, Senate, Justice Department, Home Office...)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from parley.actors.kb import BASE_FILES, default_kb
from parley.actors.resolver import find_actors
from parley.actors.translit import fold

from .kb_data import data_rows

FILE = "parties.jsonl"
#: names that parties of several countries go by: each must stay shared, never owned by one
SHARED = ("Labor Party", "Conservative Party", "Conservatives", "Liberal Party", "National Party",
          "Ba'ath Party", "Baath Party")


def _rows() -> list[dict]:
    return data_rows(FILE)


def test_file_is_loaded_and_rows_are_parties_with_a_source():
    assert FILE in BASE_FILES
    rows = _rows()
    assert len(rows) >= 120
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["type"] == "organisation" and row["sectors"] == ["PTY"], row["id"]
        assert row["id"].startswith(row["country"] + "-"), row["id"]
        assert row.get("source", "").startswith("Wikipedia: "), row["id"]


@pytest.mark.parametrize("country", ["USA", "GBR", "CAN", "AUS", "DEU", "FRA", "ITA", "JPN", "KOR", "IND",
                                     "IDN", "BRA", "ARG", "MEX", "RUS", "ZAF", "TUR", "ISR", "IRN", "IRQ",
                                     "SYR", "EGY", "LBN"])
def test_every_g20_and_middle_east_country_has_its_parties(country):
    assert any(row["country"] == country for row in _rows())


@pytest.mark.parametrize("name,want", [
    ("GOP", "USA-GOP"), ("Republicans", "USA-GOP"), ("Democrats", "USA-DEM"),
    ("Democratic Party", "USA-DEM"), ("Tories", "GBR-CON"), ("Labour", "GBR-LAB"),
    ("Lib Dems", "GBR-LD"), ("SNP", "GBR-SNP"), ("CDU", "DEU-CDU"), ("AfD", "DEU-AFD"),
    ("Likud", "ISR-LIKUD"), ("Yesh Atid", "ISR-YESHATID"), ("AKP", "TUR-AKP"), ("CHP", "TUR-CHP"),
    ("BJP", "IND-BJP"), ("Congress Party", "IND-INC"), ("ANC", "ZAF-ANC"), ("LDP", "JPN-LDP"),
    ("United Russia", "RUS-UR"), ("CPSU", "RUS-CPSU"), ("PRI", "MEX-PRI"), ("Kuomintang", "TWN-KMT"),
    ("Australian Labor Party", "AUS-ALP"), ("Israeli Labor Party", "ISR-LABOR"),
    ("Conservative Party of Canada", "CAN-CON"), ("Syrian Ba'ath Party", "SYR-BAATH"),
])
def test_party_names_resolve(name, want):
    entry = default_kb().lookup(name, "2020-01-01")
    assert entry is not None and entry.id == want, (name, entry and entry.id)


@pytest.mark.parametrize("name", SHARED)
def test_names_of_parties_of_several_countries_stay_shared(name):
    """'Labor Party' is Australia's and Israel's: the data gives it to both, never to one alone."""
    kb = default_kb()
    owners = {kb.entries[i].country for i in kb.by_alias.get(fold(name), [])}
    assert len(owners) >= 2, (name, owners)


@pytest.mark.parametrize("name", ["Labor Party", "Conservative Party", "Ba'ath Party"])
def test_names_of_parties_of_several_countries_are_ambiguous(name):
    match = default_kb().match(name, "2020-01-01")
    assert match.entry is None and match.ambiguous


def test_labor_is_never_the_british_labour_party():
    for name in ("Labor Party", "Labor"):
        entry = default_kb().lookup(name, "2020-01-01")
        assert entry is None or entry.id != "GBR-LAB", name


@pytest.mark.parametrize("text,want", [
    ("House Republicans and Senate Democrats traded blame over the stalled spending bill.",
     {"House": "USALEG", "Republicans": "USAPTY", "Senate": "USALEG", "Democrats": "USAPTY"}),
    ("The GOP leadership asked the Justice Department to brief Capitol Hill.",
     {"GOP": "USAPTY", "Justice Department": "USAJUD", "Capitol Hill": "USALEG"}),
    ("The Tories and the Lib Dems said the Home Office had misled the Commons.",
     {"Tories": "GBRPTY", "Lib Dems": "GBRPTY", "Home Office": "GBRGOV", "Commons": "GBRLEG"}),
    ("Likud and the BJP sent observers, while the ANC stayed away.",
     {"Likud": "ISRPTY", "BJP": "INDPTY", "ANC": "ZAFPTY"}),
])
def test_parties_and_institutions_in_text(text, want):
    got = {a.mentions[0].text: a.code for a in find_actors(text, on_date="2019-03-01")}
    assert {k: got.get(k) for k in want} == want, got


@pytest.mark.parametrize("text", [
    "The labour market cooled and the conservatives on the board objected.",
    "They bought a house by the sea; the democrats of the club voted.",
])
def test_lowercase_words_name_no_party_or_chamber(text):
    assert find_actors(text, on_date="2019-03-01") == []


def test_chambers_are_their_own_bodies():
    kb = default_kb()
    assert kb.lookup("Senate").id == "USA-SENATE"
    assert kb.lookup("House of Representatives").id == "USA-HOUSE"
    assert kb.lookup("Congress").id == "USA-CONGRESS"
    assert kb.lookup("House of Commons").id == "GBR-COMMONS"
    assert kb.lookup("House of Lords").id == "GBR-LORDS"
    assert kb.lookup("Westminster").id == "GBR-PARLIAMENT"


def test_party_aliases_are_not_shared_with_other_kinds_of_entry():
    kb = default_kb()
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in kb.entries.values():
        for name in (entry.name, *entry.aliases, *entry.demonyms, *entry.plurals):
            owners[fold(name)].add(entry.id)
    parties = {row["id"] for row in _rows()}
    for row in _rows():
        for name in (row["name"], *row["aliases"]):
            assert owners[fold(name)] <= parties, (name, owners[fold(name)])


@pytest.mark.parametrize("text,expected", [
    ("The bill passed the State House in Boston.", set()),
    ("Guests dined at the Opera House in Sydney.", set()),
    ("The House passed the bill on Friday.", {"USA-HOUSE"}),
    ("The US Senate voted on Tuesday.", {"USA-SENATE"}),
])
def test_weak_aliases_inside_other_names_are_dropped(text, expected):
    from parley.actors.resolver import find_actors

    ids = {a.id for a in find_actors(text, on_date="2014-05-01")}
    assert ids & {"USA-HOUSE", "USA-SENATE"} == expected, ids
