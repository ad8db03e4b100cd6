"""The actors gold set (eval/actors_gold): false matches under 2% without losing recall."""

from __future__ import annotations

from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "eval" / "actors_gold"


@pytest.mark.slow
def test_gold_false_match_rate_and_recall(nlp):
    from parley.evaluation.datasets import actors_gold

    if not GOLD.is_dir():
        pytest.skip("eval/actors_gold not present")
    figures = actors_gold.evaluate(GOLD)
    print({k: figures[k] for k in ("precision", "recall", "country_accuracy", "false_match_rate")})
    assert figures["false_match_rate"] < 0.02, figures["examples"]
    assert figures["recall"] >= 0.93
    assert figures["country_accuracy"] >= 0.9


def test_gold_texts_parse_and_have_enough_mentions():
    from parley.evaluation.datasets import actors_gold

    records = actors_gold.load(GOLD)
    assert sum(len(gold) for *_, gold in records) >= 300
    for name, text, date, gold in records:
        assert date, name
        for g in gold:
            assert text[g["start"]:g["end"]] == g["text"]
