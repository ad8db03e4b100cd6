"""The seed articles: the actors an analyst expects are all found (needs ../shared and spaCy)."""

from __future__ import annotations

import pytest

from parley.actors.resolver import find_actors


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp import load_nlp

    return load_nlp()


@pytest.mark.slow
@pytest.mark.shared
def test_seed_actors_found(seeds, nlp):
    found: set[str] = set()
    for path in seeds:
        text = path.read_text("utf-8")
        actors = find_actors(text, nlp(text), on_date="2025-03-01")
        for actor in actors:
            for m in actor.mentions:
                assert text[m.start:m.end] == m.text
        found |= {a.id for a in actors}
    expected = {"ali_khamenei", "donald_trump", "USAGOV", "ruhollah_khomeini",
                "qasem_soleimani", "USA", "IRN"}
    assert expected <= found
    joined = " ".join(p.read_text("utf-8") for p in seeds)
    if any(v in joined for v in ("Mosadegu", "Mossadegh", "Mosaddegh", "Mosaddeq")):
        assert "mohammad_mosaddegh" in found


@pytest.mark.shared
def test_seed_actors_found_without_spacy(seeds):
    found: set[str] = set()
    for path in seeds:
        found |= {a.id for a in find_actors(path.read_text("utf-8"), None, on_date="2025-03-01")}
    assert {"ali_khamenei", "donald_trump", "USAGOV", "ruhollah_khomeini", "USA", "IRN"} <= found
