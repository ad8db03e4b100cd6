"""The petrarch2 evaluation harness on an invented mini suite: discards, scoring and error kinds."""

from __future__ import annotations

from pathlib import Path

from parley.dictionaries import convert
from parley.evaluation.datasets.petrarch2 import classify, expected, iso_date, run

ACTORS = """VELMORA_  [VLM]
KASTREL_  [KST]
"""

VERBS = """--- ACCUSE  [112]  ---
ACCUSE
"""

DISCARDS = """REGATTA
"""

RECORDS = [
    {"id": "MINI-1", "category": "DEMO", "date": "20200301",
     "text": "Velmora accused Kastrel on Monday.",
     "expected_events": [{"source": "VLM", "target": "KST", "code": "112"}]},
    {"id": "MINI-2", "category": "ERROR", "date": "20200301",
     "text": "Velmora accused Kastrel at the regatta.",
     "expected_events": [], "expected_error": "sentencediscard"},
]


def _converted(tmp_path: Path, with_discards: bool):
    files = {}
    for name, text in (("actors", ACTORS), ("verbs", VERBS), ("discards", DISCARDS)):
        files[name] = tmp_path / f"{name}.txt"
        files[name].write_text(text, "utf-8")
    return convert(tmp_path / ("with" if with_discards else "without"), actors=files["actors"],
                   verbs=files["verbs"], discards=files["discards"] if with_discards else None)


def test_expected_sets_and_dates() -> None:
    assert expected(RECORDS[0]) == {("VLM", "KST", "112")}
    assert expected(RECORDS[1]) == set()  # an error record expects nothing coded
    assert iso_date("19950101") == "1995-01-01" and iso_date("1995") is None


def test_error_kinds() -> None:
    gold = {("VLM", "KST", "112"), ("KST", "VLM", "040")}
    pred = {("VLM", "KST", "111"), ("VLMGOV", "VLM", "040"), ("KST", "OSG", "190")}
    kinds = classify(gold, pred)
    assert (kinds["wrong_code"], kinds["wrong_actor"], kinds["missed"], kinds["spurious"]) == (1, 1, 0, 1)


def test_discarded_sentence_is_left_uncoded(tmp_path: Path) -> None:
    result = run(RECORDS, _converted(tmp_path, with_discards=True))
    assert result["pass_rate"] == 1.0, result["examples"]
    without = run(RECORDS, _converted(tmp_path, with_discards=False))
    assert without["errors"]["spurious"] == 1 and without["pass_rate"] == 0.5
