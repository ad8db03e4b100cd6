"""Conversion of the real PETRARCH dictionaries in ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.dictionaries import convert

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"
PHOENIX = SHARED / "petrarch2_gsr" / "dictionaries"
VALIDATE = SHARED / "petrarch2" / "dictionaries"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not PHOENIX.is_dir() or not VALIDATE.is_dir(), reason="../shared/eval absent")]


def test_phoenix_sizes(tmp_path: Path) -> None:
    actors = [PHOENIX / f"Phoenix.{n}.actors.txt" for n in ("Countries", "International", "MilNonState")]
    done = convert(tmp_path, actors=actors, agents=PHOENIX / "Phoenix.agents.txt", verbs=PHOENIX / "CAMEO.2.0.txt",
                   discards=PHOENIX / "Phoenix.discards.txt")
    report = done.report
    # SOURCE.md: about 18,000 + 7,800 + 1,000 actor entries, 2,000 agents, 4,700 verb patterns
    assert 24_000 < report["actors"]["read"] < 30_000
    assert 1_800 < report["agents"]["read"] < 2_600
    assert 4_300 < report["verbs"]["read"] < 5_200
    assert report["verbs"]["written"] > 20_000  # block patterns apply to every verb of the block
    assert report["verbs"]["skipped"] < 0.6 * report["verbs"]["read"]
    assert report["actors"]["skipped"] < 100
    assert 100 < report["actors"]["overridden"] < 1_000  # Phoenix names of Parley's shipped actors
    assert 400 < report["discards"]["written"] < 600
    rows = [json.loads(line) for line in done.actors_file.read_text("utf-8").splitlines()]
    assert any(r.get("code") == "IGOCOPITP" for r in rows)  # Interpol's whole code
    assert {r["id"] for r in rows if r.get("code") == "IGOEUREEC"} == {"EUR"}  # over the shipped EU


def test_validation_dictionaries(tmp_path: Path) -> None:
    done = convert(tmp_path, actors=VALIDATE / "PETR.Validate.actors.txt",
                   agents=VALIDATE / "PETR.Validate.agents.txt", verbs=VALIDATE / "PETR.Validate.verbs.txt")
    assert done.actors_file and "SAM_GAMGEE" not in done.actors_file.read_text()
    assert "Sam Gamgee" in done.actors_file.read_text()
    assert 100 < done.report["actors"]["read"] < 160
    assert done.report["verbs"]["written"] > 300
    overridden = {item["text"] for item in done.report["actors"]["overridden_items"]}
    assert {"Kuwait", "New Zealand"} <= overridden
