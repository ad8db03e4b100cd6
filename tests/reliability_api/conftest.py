"""Fixtures for the reliability tests of the store and the web app: a seeded store and its app."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("filterwarnings", "ignore:.*httpx2.*")


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web tests' invented corpus (four documents, one with hostile HTML) in a fresh store."""
    from web.conftest import corpus

    from parley.store import Store

    path = tmp_path_factory.mktemp("reliability") / "seeded.duckdb"
    with Store(path) as store:
        store.add_many(corpus())
    return path
