"""Integrity of the shipped actor data: dates, terms, country codes, genders and aliases.

Reads the raw JSONL rows (so that the precision a date was written with is known) and the loaded
knowledge base. Terms of one office in one country may not overlap beyond a hand-over day, unless a
date is only known to the month or year (then within that month or year) or the overlap is a
documented historical one (two rival claimants, an acting holder beside an incapacitated one).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest

from parley.actors.kb import BASE_FILES, GENDERS, default_kb, entry_from_dict
from parley.actors.translit import fold

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: offices held by several people at once (ranks, not posts)
SHARED_TITLES = {"Grand Ayatollah"}
#: (country, title, earlier holder, later holder): overlaps that really happened
HISTORICAL_OVERLAPS = {
    ("IRN", "Prime Minister", "shapour_bakhtiar", "mehdi_bazargan"),  # rival governments, Feb 1979
    ("RUS", "President", "mikhail_gorbachev", "boris_yeltsin"),  # USSR and RSFSR, both coded RUS
    ("ISR", "Prime Minister", "ariel_sharon", "ehud_olmert"),  # Olmert acting from January 2006
}
#: surnames shared by relatives who both have entries; resolved by role on the date
SHARED_SURNAMES = {"bush", "clinton"}


def _rows() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name in BASE_FILES:
        text = resources.files("parley.actors").joinpath("data", name).read_text("utf-8")
        out += [(name, json.loads(line)) for line in text.splitlines()
                if line.strip() and not line.startswith("#")]
    return out


def _persons() -> dict[str, list[dict[str, Any]]]:
    """Person id -> all its raw rows (an id may be extended in a later file)."""
    kinds = {row["id"]: row.get("type") for _, row in _rows() if row.get("type")}
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, row in _rows():
        if kinds.get(row["id"]) == "person":
            by[row["id"]].append(row)
    return by


def _span(date: str | None, end: bool) -> tuple[str, str]:
    """(earliest, latest) day a date written as YYYY, YYYY-MM or YYYY-MM-DD may stand for."""
    if date is None:
        return ("9999-12-31", "9999-12-31") if end else ("0000-01-01", "0000-01-01")
    if len(date) == 4:
        return date + "-01-01", date + "-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:])
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        return date + "-01", last
    return date, date


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def test_role_dates_are_valid_and_ordered():
    for name, row in _rows():
        for role in row.get("roles") or []:
            for key in ("start", "end"):
                value = role.get(key)
                assert value is None or _ISO.match(value), (name, row["id"], key, value)
                if value and len(value) == 10:
                    dt.date.fromisoformat(value)  # a real calendar day
            if role.get("start") and role.get("end"):
                assert role["start"] < role["end"], (name, row["id"], role)


def test_approximate_dates_say_so():
    """A date given to the month or year only carries a note (or the entry a source)."""
    for name, row in _rows():
        for role in row.get("roles") or []:
            rough = [v for v in (role.get("start"), role.get("end")) if v and len(v) < 10]
            if rough:
                assert role.get("note") or row.get("source"), (name, row["id"], role)


def test_country_codes_are_known():
    kb = default_kb()
    known = {e.id for e in kb.entries.values() if e.type == "state"}
    known |= {e.country for e in kb.entries.values() if e.type == "organisation" and e.country}
    for name, row in _rows():
        if row.get("type") == "person" and row.get("country"):
            assert row["country"] in known, (name, row["id"], row["country"])
        for role in row.get("roles") or []:
            assert role.get("country") is None or role["country"] in known, (name, row["id"], role)


def test_sector_codes_are_known():
    table = resources.files("parley.actors").joinpath("data", "sectors.tsv").read_text("utf-8")
    known = {line.split("\t")[0] for line in table.splitlines() if line.strip() and not line.startswith("#")}
    for name, row in _rows():
        assert set(row.get("sectors") or []) <= known, (name, row["id"], row.get("sectors"))
        for role in row.get("roles") or []:
            assert role.get("sector") is None or role["sector"] in known, (name, row["id"], role)


def test_every_person_has_a_gender():
    for ident, rows in _persons().items():
        genders = {row["gender"] for row in rows if "gender" in row}
        assert len(genders) == 1 and genders <= set(GENDERS), (ident, genders)
    kb = default_kb()
    assert all(e.gender in GENDERS for e in kb.entries.values() if e.type == "person")


def test_bad_gender_is_rejected():
    with pytest.raises(ValueError, match="gender"):
        entry_from_dict({"id": "x", "name": "X", "type": "person", "gender": "male"})
    assert entry_from_dict({"id": "x", "name": "X", "type": "person"}).gender is None


def test_one_office_has_one_holder_at_a_time():
    terms: dict[tuple[str, str], list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for ident, rows in _persons().items():
        seen = set()
        for row in rows:
            for role in row.get("roles") or []:
                key = (role.get("country") or row.get("country"), role["title"], role.get("start"), role.get("end"))
                if role["title"] in SHARED_TITLES or key in seen:
                    continue
                seen.add(key)
                start_lo, start_hi = _span(role.get("start"), end=False)
                end_lo, end_hi = _span(role.get("end"), end=True)
                terms[key[:2]].append((start_lo, start_hi, end_lo, end_hi, ident))
    problems = []
    for (country, title), spans in terms.items():
        spans.sort()
        for a, b in zip(spans, spans[1:], strict=False):
            if a[4] == b[4] or (country, title, a[4], b[4]) in HISTORICAL_OVERLAPS:
                continue
            # some reading of the dates lets b start no earlier than the day before a ends
            if _next_day(b[1]) >= a[2]:
                continue
            problems.append(f"{country} {title}: {a[4]} until {a[3]} overlaps {b[4]} from {b[0]}")
    assert not problems, "\n".join(problems)


def test_aliases_do_not_collide():
    """No name or alias of a person is also another entry's name, alias, demonym or plural."""
    owners: dict[str, set[str]] = defaultdict(set)
    persons = set()
    for entry in default_kb().entries.values():
        if entry.type == "person":
            persons.add(entry.id)
        for name in (entry.name, *entry.aliases, *entry.demonyms, *entry.plurals):
            owners[fold(name)].add(entry.id)
    declared = declared_homonyms()
    clashes = {name: ids for name, ids in owners.items()
               if len(ids) > 1 and ids & persons and name not in SHARED_SURNAMES
               and not (len(ids) == 2 and frozenset(ids) in declared)}
    assert not clashes, clashes


def declared_homonyms() -> set[frozenset[str]]:
    """Pairs of persons who really share a name, declared by a row's `homonym_of` (the KB then
    chooses between them by the role held on the document's date)."""
    return {frozenset((row["id"], row["homonym_of"])) for _, row in _rows() if row.get("homonym_of")}


def test_declared_homonyms_exist_and_share_a_name():
    kb = default_kb()
    for pair in declared_homonyms():
        first, second = (kb.get(i) for i in sorted(pair))
        assert first is not None and second is not None, pair
        assert fold(first.name) == fold(second.name) or \
            {fold(n) for n in (first.name, *first.aliases)} & {fold(n) for n in (second.name, *second.aliases)}


def test_merged_rows_keep_the_name():
    """A row that extends an earlier entry (same id) repeats its name, so merging renames nothing."""
    names: dict[str, str] = {}
    for name, row in _rows():
        assert names.setdefault(row["id"], row["name"]) == row["name"] or row.get("type") != "person", \
            (name, row["id"])


@pytest.mark.parametrize("name", ["Sinai", "Sinay"])
def test_short_unknown_names_are_not_fuzzy_matched(name):
    """Five-letter names are too short for a fuzzy score to mean much ('Sinai' is not 'China')."""
    assert default_kb().match(name, "1956-11-05").entry is None


def test_longer_misspellings_still_fuzzy_match():
    entry = default_kb().match("Erdogn", "2019-01-01").entry
    assert entry is not None and entry.id == "recep_tayyip_erdogan"
