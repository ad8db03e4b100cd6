"""A converted PETRARCH agent table read by the actor resolver (needs the resolver change proposed
with the petrarch2 work, /tmp/petr_actors.patch: skipped until `Lexicon.with_agents` exists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.actors import kb as kb_module
from parley.api import analyze
from parley.dictionaries import convert

pytestmark = pytest.mark.skipif(not hasattr(kb_module.Lexicon, "with_agents"),
                                reason="the actor resolver does not read user agent tables yet")

ACTORS = """VELMORA_  [VLM]
KASTREL_  [KST]
KUWAIT  [KUW]
"""

AGENTS = """HARBOUR_WARDEN [~GOVHBW]
TIDE_GUILD {} [NGO~]
"""


@pytest.fixture()
def converted(tmp_path: Path):
    actors, agents = tmp_path / "actors.txt", tmp_path / "agents.txt"
    actors.write_text(ACTORS, "utf-8")
    agents.write_text(AGENTS, "utf-8")
    return convert(tmp_path / "out", actors=actors, agents=agents)


def test_agent_codes_longer_than_a_sector_and_prefixes(converted) -> None:
    kb = kb_module.load_kb((str(converted.actors_file),), 88.0, (str(converted.agents_file),))
    assert kb.agent_sector(["harbour", "wardens"]) == "GOVHBW"
    assert kb.group_entry("VLM", "GOVHBW").code_on(None) == "VLMGOVHBW"
    assert kb.group_entry("VLM", "NGO~").code_on(None) == "NGOVLM"
    assert kb.group_entry("KWT", "GOV").code_on(None) == "KUWGOV"  # the file codes Kuwait KUW
    assert kb_module.load_kb((), 88.0).agent_sector(["harbour", "wardens"]) is None  # only when given


def test_resolver_codes_agents_from_the_table(converted) -> None:
    report = analyze("Velmora's harbour wardens accused Kastrel on Monday.", published="2020-03-02",
                     actors_file=converted.actors_file, extra=(("agents_file", str(converted.agents_file)),))
    assert "VLMGOVHBW" in {a.code for a in report.actors}


def test_a_missing_agent_table_is_reported(tmp_path: Path) -> None:
    report = analyze("Iranian officials met Iraqi officials.", published="2020-03-02",
                     extra=(("agents_file", str(tmp_path / "absent.tsv")),))
    assert "E560" in {e.code for e in report.errors}
    assert {a.code for a in report.actors} >= {"IRNGOV", "IRQGOV"}  # the shipped agent nouns still apply
