"""The seed articles in ../shared (skipped when absent): their datelines and bylines are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.readers import read_paths

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
_SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.shared
@pytest.mark.skipif(len(_SEED_FILES) < 2, reason="../shared/seeds is absent")
def test_seed_metadata():
    items = list(read_paths(_SEED_FILES))
    assert all(errors == [] for _, errors in items)
    first, second = items[0][0], items[1][0]
    assert first.dateline == "MADRID"
    assert second.author == "Kazem Wali"
    assert second.title is None  # "Skip to content" furniture is not a title
    assert all(doc.text and doc.id for doc, _ in items)
