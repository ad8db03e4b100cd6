"""The scoring functions on small hand-made inputs."""

from __future__ import annotations

import pytest

from parley.evaluation.metrics import (
    NONE,
    ErrorLog,
    accuracy,
    bcubed,
    confusion,
    f1,
    macro_f1,
    match_spans,
    overlap_ratio,
    per_label,
    prf,
    token_f1,
)


def test_prf_counts():
    assert prf(3, 1, 2) == {"precision": 0.75, "recall": 0.6, "f1": pytest.approx(0.6667, abs=1e-4)}


def test_prf_empty_is_zero_not_error():
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert f1(0.0, 0.0) == 0.0


def test_per_label_and_macro_f1():
    gold = ["A", "A", "B", "C"]
    pred = ["A", "B", "B", NONE]
    table = per_label(gold, pred)
    assert table["A"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(0.6667, abs=1e-4), "support": 2}
    assert table["B"]["precision"] == 0.5 and table["B"]["recall"] == 1.0
    assert table["C"]["f1"] == 0.0
    assert macro_f1(gold, pred) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3, abs=1e-3)
    # an explicit label set that adds an unseen label lowers the mean
    assert macro_f1(gold, pred, ["A", "B", "C", "D"]) < macro_f1(gold, pred)


def test_per_label_rejects_unpaired_lists():
    with pytest.raises(ValueError):
        per_label(["A"], ["A", "B"])


def test_accuracy_and_confusion():
    gold = ["X", "X", "Y"]
    pred = ["X", "Y", "Y"]
    assert accuracy(gold, pred) == pytest.approx(0.6667, abs=1e-4)
    assert confusion(gold, pred) == {"X": {"X": 1, "Y": 1}, "Y": {"Y": 1}}


def test_span_matching_is_one_to_one_and_thresholded():
    gold = [(0, 10), (20, 30)]
    pred = [(0, 9), (1, 10), (28, 40)]
    assert overlap_ratio((0, 10), (5, 15)) == 0.5
    assert match_spans(gold, pred, threshold=0.5) == [(0, 0)]
    assert match_spans(gold, pred, threshold=1e-9) == [(0, 0), (1, 2)]


def test_token_f1():
    assert token_f1("the Iranian president", "Iranian President Rouhani") == pytest.approx(0.6667, abs=1e-4)
    assert token_f1("", "x") == 0.0


def test_bcubed_perfect_and_merged():
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert bcubed(gold, {1: 9, 2: 9, 3: 7, 4: 7})["f1"] == 1.0
    merged = bcubed(gold, {1: 0, 2: 0, 3: 0, 4: 0})
    assert merged["recall"] == 1.0 and merged["precision"] == 0.5


def test_error_log_counts_and_keeps_few_examples():
    log = ErrorLog(keep=2)
    for i in range(4):
        log.add("missed", id=i)
    log.add("spurious", n=3, id="s")
    log.add("wrong_code", n=0, id="never")
    figs = log.figures()
    assert figs["errors"] == {"missed": 4, "spurious": 3}
    assert [e["id"] for e in figs["examples"]["missed"]] == [0, 1]
