"""The PETRARCH importer: actors, agents and verb patterns, the cache and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.actors.kb import entry_from_dict
from parley.cli import app
from parley.dictionaries import (
    convert,
    convert_actors,
    convert_agents,
    convert_cached,
    convert_verbs,
)
from parley.dictionaries.common import Tally, parse_date, split_code
from parley.dictionaries.verbs import parse_pattern
from parley.errors import ParleyError
from parley.events.lexicon import read_file


def test_dates_and_codes() -> None:
    assert parse_date("20121109") == "2012-11-09"
    assert parse_date("950601") == "1995-06-01"
    assert parse_date("070723") == "2007-07-23"
    assert parse_date("2005") == "2005-01-01"
    assert parse_date("2004017") is None
    assert split_code("IRNGOV") == ("IRN", ("GOV",))
    assert split_code("IGOUNO") == ("UNO", ("IGO",))
    assert split_code("PSEREBHMS") == ("PSE", ("REB", "HMS"))


def test_actors_merge_names_by_code_and_keep_dated_roles(snippets: dict[str, Path]) -> None:
    tally = Tally()
    rows = {r["id"]: r for r in convert_actors([snippets["actors"]], tally)}
    state = rows["VLM"]
    assert state["type"] == "state" and state["name"] == "Velmora"
    assert "Velmoran" in state["aliases"] and "The Velmora Republic" in state["aliases"]
    assert rows["KSTGOV"]["country"] == "KST" and rows["KSTGOV"]["sectors"] == ["GOV"]
    assert rows["IGOOVT"]["country"] == "OVT" and rows["IGOOVT"]["sectors"] == ["IGO"]
    assert rows["VLMREBASH"]["sectors"] == ["REB", "ASH"]
    person = rows["petr-talin_merrow"]
    assert person["type"] == "person" and person["aliases"] == ["T. Merrow"]
    roles = {(r["title"], r["start"], r["end"]) for r in person["roles"]}
    assert ("VLMGOV", "2005-01-01", "2010-01-01") in roles  # inclusive end made exclusive
    assert ("VLMOPP", "2010-01-01", None) in roles
    assert ("VLMELI", None, "2005-01-01") in roles  # the default code fills the uncovered period
    assert [s.reason for s in tally.skipped] == ["entry without a code"]


def test_converted_actor_codes_on_dates(snippets: dict[str, Path]) -> None:
    rows = {r["id"]: r for r in convert_actors([snippets["actors"]])}
    entry = entry_from_dict(rows["petr-talin_merrow"])
    assert entry.affiliation("2007-05-05") == ("VLM", ("GOV",))
    assert entry.affiliation("2012-01-01") == ("VLM", ("OPP",))
    assert entry.affiliation("2001-01-01") == ("VLM", ("ELI",))


def test_agents_with_plurals_and_substitutions(snippets: dict[str, Path]) -> None:
    tally = Tally()
    rows = dict(convert_agents(snippets["agents"], tally))
    assert rows["harbour master"] == "GOV" and rows["harbour masters"] == "GOV"
    assert rows["ferryman"] == "BUS" and rows["ferrymen"] == "BUS"
    assert rows["dock police"] == "COP" and "dock polices" not in rows
    assert rows["port councils"] == "GOVLOC"  # the whole PETRARCH code is kept
    assert not tally.skipped and not tally.approximated


def test_pattern_translation() -> None:
    synsets = {"TRUCE": ["TRUCE", "CEASE_FIRE"]}
    with_target = parse_pattern("* (WITH +)", synsets)
    assert (with_target.particle, with_target.target, with_target.objects) == ("with", "with", [])
    assert parse_pattern("* &TRUCE", synsets).objects == ["truce", "cease fire"]
    assert parse_pattern("* {TRADE DEAL}", synsets).objects == ["trade deal"]
    tabari = parse_pattern("* DIPLOMATIC TIES", synsets)
    assert tabari.objects == ["diplomatic ties"]
    phrase = parse_pattern("* OUT (TO &TRUCE)", synsets)
    assert phrase.particle == "out" and phrase.notes  # the second phrase is dropped and said so
    never = parse_pattern("NEVER *", synsets)
    assert not never.problem and never.before == ["never"]
    assert parse_pattern("* (TO $)", synsets).notes


def test_verbs_rows_and_report(snippets: dict[str, Path]) -> None:
    tally = Tally()
    rows = convert_verbs(snippets["verbs"], tally)
    keyed = {(r[1], r[2], r[3]): (r[4], r[5]) for r in rows if "before=" not in r[5]}
    assert keyed[("parley", "", "")] == ("040", "")
    assert keyed[("negotiate", "with", "")] == ("031", "target=with")
    assert keyed[("parley", "", "truce|cease fire")] == ("0356", "")
    assert keyed[("negotiate", "", "trade deal")] == ("0311", "")
    assert keyed[("brush", "off", "")] == ("125", "")
    assert keyed[("snub", "", "envoy")] == ("1244", "")
    assert ("snub", "", "") not in keyed  # block code [---]: the bare verb codes nothing
    assert ("040", "before=never") in {(r[4], r[5]) for r in rows if r[1] == "negotiate" and not r[3]}
    reasons = {s.reason for s in tally.skipped}
    assert any("999" in r for r in reasons)
    assert tally.approximated  # '(TO $)'


def test_convert_writes_files_that_parley_reads(snippets: dict[str, Path], tmp_path: Path) -> None:
    done = convert(tmp_path / "out", actors=[snippets["actors"]], agents=snippets["agents"],
                   verbs=snippets["verbs"])
    assert done.verbs_file and read_file(done.verbs_file)  # valid lexicon rows
    assert done.actors_file
    for line in done.actors_file.read_text("utf-8").splitlines():
        entry_from_dict(json.loads(line))
    report = json.loads((done.folder / "report.json").read_text("utf-8"))
    assert report["verbs"]["skipped"] == len(report["verbs"]["skipped_items"]) > 0


def test_convert_needs_input_and_reports_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ParleyError, match="E451"):
        convert(tmp_path)
    with pytest.raises(ParleyError, match="E450"):
        convert(tmp_path, verbs=tmp_path / "absent.txt")


def test_cache_reuses_output(snippets: dict[str, Path], tmp_path: Path) -> None:
    first = convert_cached(verbs=snippets["verbs"], cache_dir=tmp_path / "cache")
    second = convert_cached(verbs=snippets["verbs"], cache_dir=tmp_path / "cache")
    assert first.folder == second.folder and second.verbs_file and second.actors_file is None
    snippets["verbs"].write_text(snippets["verbs"].read_text() + "\n--- NEW [040] ---\nCONVENE\n")
    third = convert_cached(verbs=snippets["verbs"], cache_dir=tmp_path / "cache")
    assert third.folder != first.folder


def test_cli_dict_import(snippets: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "converted"
    result = CliRunner().invoke(app, ["dict", "import", "--actors", str(snippets["actors"]),
                                      "--agents", str(snippets["agents"]), "--verbs", str(snippets["verbs"]),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "verbs:" in result.output and "not converted" in result.output
    assert {p.name for p in out.iterdir()} == {"actors.jsonl", "agents.tsv", "verbs.tsv", "report.json"}
    bad = CliRunner().invoke(app, ["dict", "import", "--out", str(out)])
    assert bad.exit_code != 0 and "E451" in bad.output
