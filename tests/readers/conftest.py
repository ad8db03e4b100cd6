"""Helpers for the reader tests: write invented fixture files and read them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.readers import read_paths


@pytest.fixture
def read_all():
    """Read paths into a list of (Document, errors) pairs."""

    def read(*paths: str | Path, **options: object) -> list:
        return list(read_paths([str(p) for p in paths], **options))

    return read


@pytest.fixture
def read_one(read_all):
    """Read a single path that holds exactly one document."""

    def read(path: str | Path, **options: object):
        items = read_all(path, **options)
        assert len(items) == 1, items
        return items[0]

    return read
