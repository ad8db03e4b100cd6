"""Shared fixtures and paths: ../shared data (skipped when absent) and the examples folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def seeds() -> list[Path]:
    """The two seed articles in ../shared/seeds (the test is skipped when they are absent)."""
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip("../shared/seeds not present")
    return files
