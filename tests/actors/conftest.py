"""Fixtures for the actors tests: spaCy loaded once per session (skipped when the model is missing)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The shared spaCy pipeline (`parley.nlp.load_nlp`, cached)."""
    try:
        from parley.nlp import load_nlp

        return load_nlp()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"spaCy model not available: {exc}")
