"""Time expressions with a spaCy Doc, and measured runs on the shared seeds (skipped if absent)."""

from pathlib import Path

import pytest

from parley.timex import extract_times

SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp import load_nlp

    return load_nlp()


def test_spacy_doc_keeps_offsets_and_drops_counts(nlp):
    text = "In 1990, some 2000 soldiers left. The 2003 invasion followed a decade later."
    times = extract_times(text, "2010-05-01", nlp(text))
    assert all(text[t.start : t.end] == t.text for t in times)
    values = {t.text: t.value for t in times}
    assert values.get("1990") == "1990" and values.get("2003") == "2003"
    assert "2000" not in values


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.exists(), reason="../shared absent")
def test_seed_times(nlp):
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        times = extract_times(text, "2018-08-14", nlp(text))
        assert len(times) >= 5
        assert all(text[t.start : t.end] == t.text for t in times)
        assert not any(t.text in {"52", "444", "5+1"} for t in times)
