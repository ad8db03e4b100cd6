"""Same-story and framing scoring of basil / allsides_neus: dev/test split, target-decoy cut-offs,
tone toward bias-span targets. Tiny invented folders in BASIL's layout; the real data when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.compare.align import Pair
from parley.evaluation.datasets import _framing, _samestory


def test_split_is_deterministic_and_uses_both_halves():
    parts = [_samestory.split(i) for i in range(200)]
    assert parts == [_samestory.split(i) for i in range(200)]
    assert 60 < parts.count("dev") < 140


def _pairs(targets: list[float], decoys: list[float], kind: str = "align") -> list[tuple[bool, Pair]]:
    ok = kind == "align"
    return ([(True, Pair(0, 1, v, False, ok, True)) for v in targets]
            + [(False, Pair(0, 1, v, False, ok, True)) for v in decoys])


def test_decoy_precision_counts_chance_merges():
    # 10 target and 10 decoy pairs; at 0.5, 4 targets and 1 decoy merge: 1 chance merge expected
    pairs = _pairs([0.9, 0.8, 0.7, 0.6, 0.2, 0.1, 0.0, 0.0, 0.0, 0.0], [0.55, 0.3, 0.2] + [0.0] * 7)
    est, hits = _samestory.decoy_precision(pairs, "align", 0.5)
    assert hits == 4 and est == pytest.approx(0.75)
    assert _samestory.decoy_precision(pairs, "align", 0.95) == (None, 0)
    assert _samestory.choose_cut(pairs, "align", precision=0.95) == 0.56


def test_clash_pairs_are_those_with_one_disagreement():
    pairs = _pairs([0.7, 0.4], [0.5], kind="clash") + [(False, Pair(0, 1, 0.9, False, False, False))]
    est, hits = _samestory.decoy_precision(pairs, "clash", 0.45)
    assert hits == 1 and est == 0.0
    assert _samestory.choose_cut(pairs, "clash") == 0.51


def _basil(folder: Path) -> Path:
    """Two invented triplet articles with bias spans in BASIL's layout."""
    arts = folder / "articles" / "2020"
    anns = folder / "annotations" / "2020"
    arts.mkdir(parents=True)
    anns.mkdir(parents=True)
    sentences = [["Senator Alden Marsh praised the brave volunteers."],
                 ["Critics called Petra Quell corrupt and cruel.", "The vote is on Friday."]]
    spans = [{"id": "p0", "start": 15, "end": 26, "txt": "Alden Marsh", "bias": "lex", "aim": "dir",
              "polarity": "pos", "target": "Alden_Marsh"},
             {"id": "p1", "start": 0, "end": 40, "txt": "x", "bias": "lex", "aim": "dir",
              "polarity": "neg", "target": "Petra_Quell"},
             {"id": "p2", "start": 0, "end": 5, "txt": "x", "bias": "inf", "aim": "dir",
              "polarity": "neg", "target": "Petra_Quell"},
             {"id": "p9", "start": 0, "end": 5, "txt": "x", "bias": "inf", "aim": "dir",
              "polarity": "neg", "target": "Petra_Quell"}]
    for n, story in enumerate(("story-a", "story-b")):
        body = [sentences[0], sentences[1]]
        (arts / f"{story}_1.json").write_text(json.dumps(
            {"uuid": f"u{n}", "triplet-uuid": story, "title": "Vote Ahead", "date": "2020-01-02",
             "source": "nyt", "body-paragraphs": body}), "utf-8")
        (anns / f"{story}_1_ann.json").write_text(json.dumps(
            {"uuid": f"u{n}", "phrase-level-annotations": spans}), "utf-8")
    return folder


def test_load_spans_reads_sentence_target_and_polarity(tmp_path):
    spans = _framing.load_spans(_basil(tmp_path))
    assert len(spans) == 6  # p9 points past the last sentence: left out
    first = spans[0]
    assert first["sentence"].startswith("Senator Alden Marsh") and first["polarity"] == "pos"
    assert {s["story"] for s in spans} == {"story-a", "story-b"}
    assert len(_framing.load_spans(tmp_path, {"story-a"})) == 3


def test_tone_figures_score_the_invented_spans(tmp_path):
    figures = _framing.tone_figures(_framing.load_spans(_basil(tmp_path)))
    assert figures["tone_spans"] == 6
    key = "tone_test_macro_f1" if "tone_test_macro_f1" in figures else "tone_macro_f1"
    assert figures[key] == 1.0  # praise -> pos, "corrupt and cruel" -> neg, no valence -> neg


@pytest.mark.shared
@pytest.mark.slow
def test_basil_tone_beats_the_majority_class():
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "basil"
    if not folder.is_dir():
        pytest.skip("../shared/eval/basil not present")
    figures = _framing.tone_figures(_framing.load_spans(folder))
    assert figures["tone_test_macro_f1"] > figures["tone_majority_test_macro_f1"]
    assert figures["tone_test_spans"] > 300


_TEXTS = {
    "harvest": ["Farmers brought pumpkins and apples to the autumn harvest festival in Lindvale.",
                "The Lindvale harvest festival drew farmers selling pumpkins, apples and cider."],
    "bridge": ["Engineers closed the old Kessel river bridge after cracks were found in its pillars.",
               "Cracks in the pillars forced engineers to shut the Kessel river bridge to traffic."],
}


def test_small_sets_group_invented_stories():
    keys = [k for k in range(50) if _samestory.split(k) == "test"][:2]
    records = [{"story": key, "title": None, "text": text}
               for key, texts in zip(keys, _TEXTS.values(), strict=True) for text in texts]
    assert _samestory.small_sets(records, "test", size=2) == 1.0
    assert _samestory.small_sets(records, "dev", size=2) is None
