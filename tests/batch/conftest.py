"""Fixtures for the batch tests: a small invented corpus written in every input format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLES = [
    ("Iran rejected talks with the United States on Monday, officials in Tehran said.", "2018-08-14"),
    ("France and Germany signed a trade agreement in Paris on Tuesday.", "2019-03-05"),
    ("Russia accused Ukraine of shelling a border village, the ministry said on Friday.", "2022-02-18"),
    ("China urged Japan to resume negotiations over the disputed islands.", "2014-06-02"),
    ("Egypt hosted a meeting between Israeli and Palestinian envoys in Cairo.", "2021-05-20"),
    ("Brazil condemned the coup in Bolivia and called for new elections.", "2019-11-12"),
    ("India and Pakistan agreed to reopen the border crossing for pilgrims.", "2019-10-24"),
    ("Turkey threatened to expel the Dutch ambassador after the row over rallies.", "2017-03-12"),
    ("Kenya sent troops to Somalia to fight the insurgents near the border.", "2011-10-16"),
    ("The United Nations praised Colombia for the peace deal with the rebels.", "2016-09-26"),
]


def records() -> list[dict[str, str]]:
    """The invented articles as records (title, text, published), numbered so each text is unique."""
    return [{"title": f"Story {n}", "text": f"{text}\n\nReport number {n} of the desk.", "published": date}
            for n, (text, date) in enumerate(ARTICLES, start=1)]


@pytest.fixture
def jsonl_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), "utf-8")
    return path


@pytest.fixture(scope="session")
def fast_settings():
    """Settings without the spaCy stage: batch mechanics are tested without paying for a model."""
    from parley.settings import load_settings

    return load_settings().with_(pipeline=("actors", "times"))
