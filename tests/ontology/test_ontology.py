"""The CAMEO/PLOVER tables are complete and consistent."""

from __future__ import annotations

import pytest

from parley import ontology
from parley.errors import ParleyError
from parley.events.lexicon import builtin_patterns, frame_rules

QUAD_BY_ROOT = {f"{r:02d}": 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in range(1, 21)}


def test_twenty_roots_in_order():
    assert [c.code for c in ontology.roots()] == [f"{r:02d}" for r in range(1, 21)]


def test_every_root_has_its_generic_and_specific_codes():
    codes = {c.code for c in ontology.codes()}
    for root in QUAD_BY_ROOT:
        three = [c for c in codes if len(c) == 3 and c.startswith(root)]
        assert f"{root}0" in codes, root
        assert len(three) >= 4, root


def test_four_digit_codes_have_a_three_digit_parent():
    codes = {c.code for c in ontology.codes()}
    for code in codes:
        if len(code) == 4:
            assert code[:3] in codes, code


def test_goldstein_in_range_and_quad_class_follows_root():
    for c in ontology.codes():
        assert -10.0 <= c.goldstein <= 10.0, c.code
        assert c.quad_class == QUAD_BY_ROOT[c.root], c.code


def test_known_values():
    assert ontology.cameo("125").goldstein == -5.0
    assert ontology.cameo("057").goldstein == 8.0
    assert ontology.cameo("190").plover == "ASSAULT"
    assert ontology.cameo("183").plover_mode == "bomb"
    assert ontology.cameo("186").plover_mode == "assassinate"
    assert ontology.cameo("043").plover == "CONSULT" and ontology.cameo("043").plover_mode == "host"
    assert ontology.cameo("010").plover is None


def test_every_code_has_a_plover_row_with_a_known_type():
    rows = {r["cameo"]: r["plover"] for r in ontology.read_table("plover.tsv")}
    for c in ontology.codes():
        assert c.code in rows, c.code
        assert rows[c.code] == "" or rows[c.code] in ontology.PLOVER_TYPES, c.code
    used = {v for v in rows.values() if v}
    assert used == set(ontology.PLOVER_TYPES)


def test_lost_leading_zero_and_unknown_code():
    assert ontology.is_valid("43") and ontology.cameo(43).code == "043"
    assert not ontology.is_valid("999")
    with pytest.raises(ParleyError, match="E200"):
        ontology.cameo("999")


def test_sectors_include_the_contract_codes():
    for code in ("GOV", "MIL", "LEG", "JUD", "OPP", "REB", "PTY", "COP", "SPY", "IGO", "NGO",
                 "MED", "EDU", "BUS", "CRM", "CVL", "REL"):
        assert code in ontology.sectors()


def test_every_lexicon_and_frame_code_is_valid():
    patterns = builtin_patterns()
    assert len(patterns) >= 250
    assert {p.code[:2] for p in patterns} == set(QUAD_BY_ROOT)
    for p in patterns:
        assert ontology.is_valid(p.code), p.id
    for rules in frame_rules().values():
        for rule in rules:
            assert rule.code == "=" or ontology.is_valid(rule.code), rule
            assert rule.inner == "*" or ontology.is_valid(rule.inner), rule
