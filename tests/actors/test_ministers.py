"""KB breadth: foreign and defence ministers of the remaining G20 and Middle-East states."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources

import pytest

from parley.actors.kb import default_kb
from parley.actors.resolver import find_actors

G20 = ("ARG", "AUS", "BRA", "CAN", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "ZAF")
MIDEAST = ("IRQ", "SYR", "LBN", "JOR", "EGY", "ARE", "QAT", "KWT", "OMN", "YEM")
#: countries whose defence ministers are not listed (none since the heads-of-state issue)
NO_DEFENCE_LIST: set[str] = set()
TITLES = ("Foreign Minister", "Defence Minister")


def _holders():
    by = defaultdict(list)
    for entry in default_kb().entries.values():
        for role in entry.roles:
            if role.title in TITLES:
                by[(role.country, role.title)].append((role, entry))
    return by


@pytest.mark.parametrize("country", G20 + MIDEAST)
def test_every_country_has_dated_foreign_ministers(country):
    roles = _holders()[(country, "Foreign Minister")]
    assert roles, country
    assert all(r.start for r, _ in roles)


@pytest.mark.parametrize("country", [c for c in G20 + MIDEAST if c not in NO_DEFENCE_LIST])
def test_defence_ministers_listed(country):
    assert _holders()[(country, "Defence Minister")], country


def test_no_two_holders_of_one_office_overlap():
    for (country, title), roles in _holders().items():
        spans = sorted((r.start or "", r.end or "9999", e.id) for r, e in roles)
        for (_, e1, a), (s2, _, b) in zip(spans, spans[1:], strict=False):
            assert s2 >= e1, f"{country} {title}: {a} until {e1} overlaps {b} from {s2}"
        assert all(s < e for s, e, _ in spans)


def test_approximate_dates_are_marked():
    lines = resources.files("parley.actors").joinpath("data", "persons_ministers.jsonl").read_text("utf-8")
    rows = [json.loads(x) for x in lines.splitlines() if x.strip() and not x.startswith("#")]
    notes = [r for row in rows for r in row["roles"] if "note" in r]
    assert any("approximate" in r["note"] for r in notes)
    assert all(len(r["start"]) == 10 and (r["end"] is None or r["end"] > r["start"])
               for row in rows for r in row["roles"])


@pytest.mark.parametrize("phrase,date,want", [
    ("the Indian foreign minister", "2016-03-01", "sushma_swaraj"),
    ("the Japanese defence minister", "2021-01-15", "nobuo_kishi"),
    ("the Egyptian foreign minister", "2019-01-01", "sameh_shoukry"),
    ("the Australian foreign minister", "2015-05-01", "julie_bishop"),
    ("the Syrian foreign minister", "2012-05-01", "walid_muallem"),
    ("the Qatari foreign minister", "2020-01-01", "mohammed_bin_abdulrahman_bin_jassim_al_thani"),
    ("the Italian defence minister", "2020-01-01", "lorenzo_guerini"),
])
def test_role_phrases_find_the_minister_on_the_date(phrase, date, want):
    assert [a.id for a in find_actors(phrase, on_date=date)] == [want]


def test_prime_minister_keeps_defining_role_first():
    rudd = default_kb().get("kevin_rudd")
    assert rudd.roles[0].title == "Prime Minister"
    assert rudd.role_on("2011-06-01").title == "Foreign Minister"
