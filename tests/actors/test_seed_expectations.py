"""Seeds check: every expected actor mention of the two seed articles, to the right country.

The expectations (mention, country, id; no article text) are in eval/seed_actors/ and scored by
`parley eval seed_actors`; the articles are read from ../shared/seeds (skipped when absent).
Goal from the actors issue: >= 90% to the right country.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from parley.evaluation.datasets import seed_actors


@pytest.mark.slow
@pytest.mark.shared
def test_seed_mentions_resolve_to_right_country(seeds, monkeypatch):
    monkeypatch.setenv("PARLEY_SEEDS", str(seeds[0].parent))
    figures = seed_actors.evaluate(ROOT / "eval" / "seed_actors")
    print(figures)
    assert figures["records"] >= 60
    assert figures["country_accuracy"] >= 0.9, figures["examples"]
