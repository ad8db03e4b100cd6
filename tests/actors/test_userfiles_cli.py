"""User actor files (YAML, CSV, config), explicit codes, role phrases, explain and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parley.actors.kb import load_entries, load_kb
from parley.actors.resolver import explain, find_actors
from parley.actors.userfiles import user_files
from parley.cli import app
from parley.evaluation.datasets.actors_gold import evaluate, parse

GOLD = Path(__file__).resolve().parents[2] / "eval" / "actors_gold"


def test_yaml_file_with_explicit_code(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  - name: Arnorian Front\n    type: group\n    aliases: [ARF]\n"
                    "    code: ARN\n    country: IRN\n    sectors: [REB]\n", encoding="utf-8")
    kb = load_kb(str(path))
    assert kb.lookup("ARF").id == "arnorian_front"
    actors = find_actors("The Arnorian Front attacked.", kb=kb)
    assert actors[0].code == "ARN"


def test_csv_rows_with_dated_roles_and_override(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,aliases,type,country,sectors,code,role,start,end\n"
                    "Zora Quell,Quell;Z. Quell,person,ABC,GOV,ABCGOV,President,2001-01-01,2005-01-01\n"
                    "Zora Quell,,person,ABC,MIL,,General,1990-01-01,2001-01-01\n"
                    "Iran,Zorbistan,state,IRN,,,,,\n", encoding="utf-8")
    kb = load_kb(str(path))
    assert kb.lookup("Zorbistan").id == "IRN"  # overrides the shipped entry by name
    quell = kb.lookup("Quell")
    assert quell.code_on("2003-05-05") == "ABCGOV"
    assert quell.affiliation("1995-01-01") == ("ABC", ("MIL",))


def test_bad_yaml_and_csv_report_codes(tmp_path):
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("actors: [unclosed\n", encoding="utf-8")
    errors: list = []
    assert load_entries(bad_yaml, errors) == []
    assert errors[0].code == "E104"
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("who,what\nx,y\n", encoding="utf-8")
    errors = []
    assert load_entries(bad_csv, errors) == []
    assert errors[0].code == "E105"
    other = tmp_path / "x.xml"
    other.write_text("<a/>", encoding="utf-8")
    errors = []
    load_entries(other, errors)
    assert errors[0].code == "E106"


def test_user_files_from_config_and_env(tmp_path):
    (tmp_path / "parley.toml").write_text('[actors]\nfiles = ["a.yaml"]\n', encoding="utf-8")
    found = user_files(tmp_path, {"PARLEY_ACTORS_FILES": "/x/b.csv,/x/c.jsonl"})
    assert found == (tmp_path / "a.yaml", Path("/x/b.csv"), Path("/x/c.jsonl"))
    (tmp_path / "parley.toml").write_text("[actors\n", encoding="utf-8")
    errors: list = []
    assert user_files(tmp_path, {}, errors) == ()
    assert errors[0].code == "E107"


def test_role_phrases_by_date():
    text = "Ayatollah Ali Khamenei, the leader of the Islamic Revolution, spoke."
    ids = [a.id for a in find_actors(text, on_date="2020-01-01")]
    assert ids == ["ali_khamenei"]
    assert find_actors("The words of the Iranian leader.", on_date="1985-01-01")[0].id == "ruhollah_khomeini"
    assert explain("the Japanese prime minister", "2023-01-01")["id"] == "fumio_kishida"


def test_seed_style_collectives():
    codes = {a.code for a in find_actors("During four decades the mullahs in Iran ruled. "
                                         "Kurdish militants attacked.")}
    assert {"IRNREL", "KURREB"} <= codes
    actors = find_actors("the 1964 Majles (Congress) passed it.")
    assert [a.id for a in actors] == ["IRN-MAJLIS"]
    obama = find_actors("President Barack Obama's administration failed.", on_date="2025-03-01")
    assert obama[0].code == "USAGOV"


def test_explain_says_why():
    fuzzy = explain("Mosadegu")
    assert fuzzy["id"] == "mohammad_mosaddegh" and "fuzzy" in fuzzy["method"] and fuzzy["score"] >= 88
    assert explain("Ayatollah Seiyed Ali Khamenei")["method"] == "title stripped"
    assert explain("Zorgon Blip")["resolved"] is False


def test_cli_lookup_and_unresolved(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["actors", "lookup", "the US president", "--date", "2018-08-14", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == "donald_trump"
    missing = runner.invoke(app, ["actors", "--unresolved", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0


def test_gold_markup_and_size():
    text, date, gold = parse("date: 2020-01-01\n[[Iran|IRN|IRN|]] met [[X|none||]].")
    assert (text, date) == ("Iran met X.", "2020-01-01")
    assert [text[g["start"]:g["end"]] for g in gold] == ["Iran", "X"]
    total = sum(len(parse(p.read_text("utf-8"))[2]) for p in (GOLD / "texts").glob("*.txt"))
    assert total >= 200


def test_gold_figures_meet_a_floor():
    figures = evaluate(GOLD, limit=3)
    assert figures["country_accuracy"] >= 0.85 and figures["records"] > 50
