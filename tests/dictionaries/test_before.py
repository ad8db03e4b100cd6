"""Patterns with words before the verb become `before=` rows (invented PETRARCH-format snippets)."""

from __future__ import annotations

from pathlib import Path

from parley.dictionaries.common import Tally
from parley.dictionaries.verbs import before_words, convert_verbs, parse_pattern
from parley.events.lexicon import Lexicon, read_file

VERBS = """&ENVOYS
+ENVOY
+CONSUL
+ARMED_ENVOYS

&ROWERS
+OARSMEN
+&ENVOYS

--- CONVENE  [040]  ---
CONVENE
GATHER
- NOT * SUMMIT  [125]
- SAID * TO CONVENE  [043]
- &ENVOYS * (WITH +)  [046]
- WILL NOT *  [125]
- $ HARBOUR * [042]
- * SUMMIT  [043]
QUIETLY_+RECONVENE  [044]

--- FERRY  [---]  ---
FERRY
- &NOSUCHSET *  [040]
"""


def _rows(tmp_path: Path) -> tuple[list[tuple[str, ...]], Tally]:
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, "utf-8")
    tally = Tally()
    return convert_verbs(path, tally), tally


def test_parse_words_before_the_verb() -> None:
    sets = {"ENVOYS": ["ENVOY", "CONSUL", "ARMED_ENVOYS"], "ROWERS": ["OARSMEN", "&ENVOYS"]}
    parsed = parse_pattern("NOT * SUMMIT", sets)
    assert (parsed.before, parsed.objects, parsed.problem) == (["not"], ["summit"], "")
    said = parse_pattern("SAID * TO CONVENE", sets)
    assert (said.before, said.particle, said.objects) == (["said"], "to", ["convene"])
    assert parse_pattern("&ROWERS *", sets).before == ["oarsmen", "envoy", "consul", "armed_envoys"]
    assert parse_pattern("WILL NOT *", sets).before == ["will_not"]
    marked = parse_pattern("$ HARBOUR *", sets)
    assert marked.before == ["harbour"] and marked.notes  # the actor marker is dropped and said so
    assert parse_pattern("&NOSUCHSET *", sets).problem


def test_long_phrases_before_keep_two_content_words() -> None:
    notes: list[str] = []
    assert before_words(["&SHIPS", "ON_THE"], {"SHIPS": ["GUNBOATS"]}, notes) == ["gunboats"]
    assert before_words(["RIVER", "GUNBOATS", "FIRING"], {}, notes) == ["gunboats_firing"]
    assert notes


def test_converted_rows_carry_before(tmp_path: Path) -> None:
    rows, tally = _rows(tmp_path)
    keyed = {(r[1], r[2], r[3], r[5]): r[4] for r in rows}
    assert keyed[("convene", "", "summit", "before=not")] == "125"
    assert keyed[("gather", "", "summit", "before=not")] == "125"
    assert keyed[("convene", "", "summit", "")] == "043"  # same columns, no flag: another pattern
    assert keyed[("convene", "to", "convene", "before=said")] == "043"
    assert keyed[("gather", "with", "", "target=with before=armed_envoys|consul|envoy")] == "046"
    assert keyed[("convene", "", "", "before=will_not")] == "125"
    assert keyed[("reconvene", "", "", "before=quietly")] == "044"
    reasons = [s.reason for s in tally.skipped]
    assert not any("cannot be represented" in r for r in reasons)
    assert any("synonym set" in r for r in reasons)  # what still cannot convert is counted


def test_converted_file_reads_as_lexicon(tmp_path: Path) -> None:
    rows, _ = _rows(tmp_path)
    out = tmp_path / "verbs.tsv"
    out.write_text("".join("\t".join(r) + "\n" for r in rows), "utf-8")
    lexicon = Lexicon(read_file(out))
    found = lexicon.lookup("verb", "convene")
    negated = next(p for p in found if p.before == {"not"})
    assert negated.code == "125" and negated.id == "not~verb:convene/summit"
    assert found.index(negated) < found.index(next(p for p in found if p.objects == {"summit"} and not p.before))
    assert next(p for p in found if p.before == {"will not"}).code == "125"
