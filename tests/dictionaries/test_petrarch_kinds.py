"""Conversion details behind the PETRARCH validation failures: preposition sets, whole codes,
shipped actors coded otherwise, agent codes and discard lists (invented snippets)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parley.actors.kb import entry_from_dict
from parley.api import analyze
from parley.cli import app
from parley.dictionaries import (
    Discards,
    convert,
    convert_actors,
    convert_agents,
    convert_discards,
    read_discards,
)
from parley.dictionaries.actors import explicit, name_forms, surface
from parley.dictionaries.agents import agent_code, sector
from parley.dictionaries.common import Tally
from parley.dictionaries.verbs import _code, convert_verbs, parse_pattern

VERBS = """&NEARBY_
+AROUND
+BESIDE
+NEAR

&CHARTER
+CHARTER
+COVENANT

--- MOOR  [040]  ---
MOOR
- * &NEARBY &CHARTER  [043]
- * &CHARTER  [057]
"""

ACTORS = """VELMORA_  [VLM]
+VELMORAN

KUWAIT  [KUW]
+KUWAITI_

ORDO_KASTREL [IGOCOPKST]

SILVERLAKE_WARDENS [VLMREBSLW]
"""

AGENTS = """HARBOUR_WARDEN [~GOVHBW]
TIDE_GUILD {} [NGO~]
ODD_CODE [~G1]
"""

DISCARDS = """# invented discard list
REGATTA
+SEA_SERPENT   # story level
TIDE TABLES
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_set_of_prepositions_opens_a_phrase_with_each_of_them() -> None:
    synsets = {"NEARBY": ["AROUND", "BESIDE", "NEAR"], "CHARTER": ["CHARTER", "COVENANT"]}
    parsed = parse_pattern("* &NEARBY &CHARTER", synsets)
    assert (parsed.particle, parsed.alternatives) == ("around", ["beside", "near"])
    assert parsed.objects == ["charter", "covenant"]
    assert parse_pattern("* &CHARTER", synsets).alternatives == []  # a set of nouns stays the object


def test_preposition_set_rows_in_the_lexicon(tmp_path: Path) -> None:
    rows = convert_verbs(_write(tmp_path, "verbs.txt", VERBS))
    keyed = {(r[1], r[2], r[3]): r[4] for r in rows}
    for prep in ("around", "beside", "near"):
        assert keyed[("moor", prep, "charter|covenant")] == "043"
    assert keyed[("moor", "", "charter|covenant")] == "057"


def test_actor_rows_keep_the_whole_code() -> None:
    assert explicit("IGOCOPKST") == {"code": "IGOCOPKST"}
    assert explicit("---REL") == {} and explicit("+++") == {}


def test_converted_codes_survive_into_the_knowledge_base(tmp_path: Path) -> None:
    rows = {r["name"]: r for r in convert_actors(_write(tmp_path, "actors.txt", ACTORS), shipped=False)}
    ordo = entry_from_dict(rows["Ordo Kastrel"])
    assert ordo.code_on(None) == "IGOCOPKST"  # not shortened to IGOKST
    assert entry_from_dict(rows["Silverlake Wardens"]).code_on(None) == "VLMREBSLW"


def test_a_shipped_actor_named_in_the_file_takes_the_files_code(tmp_path: Path) -> None:
    tally = Tally()
    rows = convert_actors(_write(tmp_path, "actors.txt", ACTORS), tally)
    kuwait = next(r for r in rows if r.get("code") == "KUW")
    assert kuwait["id"] == "KWT" and kuwait["name"] == "Kuwait"  # extends the shipped entry
    assert "Kuwaiti" in kuwait["aliases"]
    assert [o.text for o in tally.overridden] == ["Kuwait"]
    assert any(r["id"] == "VLM" for r in rows)  # an invented country stays its own entry
    alone = convert_actors(_write(tmp_path, "actors.txt", ACTORS), shipped=False)
    assert any(r["id"] == "KUW" for r in alone)


def test_names_take_the_shipped_spelling() -> None:
    assert surface("Imf") == "IMF"
    assert surface("Velmora") == "Velmora"


def test_agent_codes_are_kept_whole(tmp_path: Path) -> None:
    tally = Tally()
    rows = dict(convert_agents(_write(tmp_path, "agents.txt", AGENTS), tally))
    assert rows["harbour warden"] == rows["harbour wardens"] == "GOVHBW"
    assert rows["tide guild"] == "NGO~" and "tide guilds" not in rows
    assert "odd code" not in rows and [s.reason for s in tally.skipped] == ["not an agent code"]
    assert agent_code("~ COP") == "COP" and agent_code("NGO~") == "NGO~" and agent_code("NGO") is None
    assert sector("GOVHBW") == "GOV" and sector("NGO~") == "NGO"


def test_discards_by_level(tmp_path: Path) -> None:
    tally = Tally()
    rows = convert_discards(_write(tmp_path, "discards.txt", DISCARDS), tally)
    assert rows == [("regatta", "sentence"), ("sea serpent", "story"), ("tide tables", "sentence")]
    found = Discards(tuple(rows))
    assert found.find("Velmora cancelled the regatta with Kastrel.") == ("regatta", "sentence")
    assert found.find("A sea  serpent sank a ferry; the Regatta went on.") == ("sea serpent", "story")
    assert found.find("Velmora's regattas resumed.") is None  # whole words only
    assert found.find("Velmora signed a pact with Kastrel.") is None
    assert Discards().find("anything") is None


def test_discards_file_round_trip_and_cli(tmp_path: Path) -> None:
    source = _write(tmp_path, "discards.txt", DISCARDS)
    done = convert(tmp_path / "out", discards=source)
    assert done.discards_file and done.report["discards"]["written"] == 3
    assert read_discards(done.discards_file).find("SEA SERPENT sighted") == ("sea serpent", "story")
    out = tmp_path / "cli"
    result = CliRunner().invoke(app, ["dict", "import", "--discards", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "discards: 3 read" in result.output
    assert json.loads((out / "report.json").read_text("utf-8"))["inputs"]["discards"] == [str(source)]


def test_a_phrase_of_skipped_words_gives_way_to_the_target_phrase() -> None:
    later = parse_pattern("* FEAST AT ^ WITH +", {})
    assert (later.particle, later.objects, later.target) == ("with", ["feast"], "with")
    assert any("skipped words" in n for n in later.notes)
    alone = parse_pattern("* FEAST AT ^", {})
    assert (alone.particle, alone.target) == ("at", "")  # '^' is a skipped word, not the target
    inside = parse_pattern("* FEAST IN ^ +", {})
    assert (inside.particle, inside.objects, inside.target) == ("in", ["feast"], "in")


def test_three_digit_codes_keep_their_meaning(tmp_path: Path) -> None:
    text = "--- DETAIN  [212]  ---\nDETAIN\n--- HAIL  [051]  ---\nHAIL\n"
    tally = Tally()
    rows = convert_verbs(_write(tmp_path, "verbs.txt", text), tally)
    assert [(r[1], r[4]) for r in rows] == [("hail", "051")]  # '212' is not read as '0212'
    assert _code("212")[0] is None and _code("043") == ("043", "") and _code("04") == ("04", "")


def test_bracketed_acronyms_and_trailing_articles() -> None:
    assert name_forms("HARBOUR_WATCH_LEAGUE_(HWL)_") == ["Harbour Watch League", "HWL"]
    assert name_forms("TIDE_RIDERS_OF_KASTREL_(TRK)_") == ["Tide Riders Of Kastrel", "TRK"]
    assert name_forms("VELMORA_(COUNTRY)_") == ["Velmora"]  # a gloss, not an acronym
    assert name_forms("SALT_GUILD_(SG)_") == ["Salt Guild"]  # two letters: too short to be safe
    assert name_forms("LANTERN_SOCIETY,_THE") == ["The Lantern Society"]


PIPELINE = ("nlp", "actors", "times", "quotes", "events", "discards", "places")


def test_discards_component_in_the_pipeline(tmp_path: Path) -> None:
    done = convert(tmp_path / "out", discards=_write(tmp_path, "discards.txt", DISCARDS))
    extra = (("discards_file", str(done.discards_file)),)
    text = "Iran condemned Iraq on Monday. Iran accused Iraq of rigging the regatta."
    plain = analyze(text, published="2020-03-02", pipeline=PIPELINE)
    assert len({e.evidence.start for e in plain.events}) == 2  # no discards file: both sentences coded
    kept = analyze(text, published="2020-03-02", pipeline=PIPELINE, extra=extra)
    assert {e.evidence.text for e in kept.events} == {"Iran condemned Iraq on Monday."}
    story = analyze("A sea serpent was sighted. Iran condemned Iraq on Monday.", published="2020-03-02",
                    pipeline=PIPELINE, extra=extra)
    assert story.events == []
    missing = analyze(text, published="2020-03-02", pipeline=PIPELINE,
                      extra=(("discards_file", str(tmp_path / "absent.tsv")),))
    assert [e.code for e in missing.errors] == ["E450"] and missing.events
