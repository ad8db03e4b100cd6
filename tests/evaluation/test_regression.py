"""Quick-subset regression: each data set with a small --limit must stay above today's floors.

Floors sit a little under the figures measured when they were set (see docs/accuracy.md for the
full-size figures), so that accuracy cannot fall silently; raise them when Parley improves.
Skipped when ../shared/eval is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.evaluation import dataset_names, evaluate_dataset

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

#: data set -> (limit, {figure: floor}); measured values when set are in the comments.
FLOORS: dict[str, tuple[int, dict[str, float]]] = {
    "plover_gsr": (80, {"macro_f1": 0.60, "full_f1": 0.47}),  # 0.662, 0.523
    "conflibert_cameo": (80, {"penta_accuracy": 0.68, "source_overlap": 0.76}),  # 0.738, 0.816
    "plv_hu2024": (100, {"root_macro_f1": 0.69, "penta_accuracy": 0.65}),  # 0.747, 0.70
    "ngec_synthetic": (40, {"accuracy": 0.15}),  # 0.20 (pseudo-labels)
    "tempeval3": (4, {"platinum_relaxed_f1": 0.80, "platinum_value_f1": 0.63}),  # 0.839, 0.677
    "polnear": (4, {"content_f1": 0.44, "direct_recall": 0.75, "speaker_accuracy": 0.85}),  # 0.496, 0.818, 0.968
    "petrarch2_gsr": (55, {"pass_rate": 0.20}),  # 0.255
    "petrarch2": (217, {"pass_rate": 0.44}),  # 0.47
}


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quick_subset_stays_above_floor(name: str):
    if not (EVAL / name).is_dir():
        pytest.skip(f"../shared/eval/{name} not present")
    if name not in dataset_names():
        pytest.skip(f"no data set module {name}")
    limit, floors = FLOORS[name]
    result = evaluate_dataset(name, EVAL / name, limit=limit)
    assert result["records"] > 0
    low = {k: (result[k], floor) for k, floor in floors.items() if result[k] < floor}
    assert not low, f"{name} fell under its floor (value, floor): {low}"
