"""Gender agreement in coreference: 'she' never goes to a man, 'he' never to a woman (KB `gender`)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from parley.actors.coref import resolve_pronoun
from parley.actors.kb import KnowledgeBase, default_kb, entry_from_dict, merge
from parley.actors.resolver import find_actors


def _ctx(text: str, date: str) -> SimpleNamespace:
    return SimpleNamespace(text=text, actors=find_actors(text, None, on_date=date),
                           document=SimpleNamespace(published=date))


def _resolve(text: str, date: str, word: str) -> str | None:
    ctx = _ctx(text, date)
    actor = resolve_pronoun(ctx, text.index(word))
    return actor.id if actor else None


@pytest.mark.parametrize("text,date,word,want", [
    ("Angela Merkel received Emmanuel Macron in the chancellery. She said the talks went well.",
     "2019-03-01", "She said", "angela_merkel"),
    ("Angela Merkel received Emmanuel Macron in the chancellery. He said the talks went well.",
     "2019-03-01", "He said", "emmanuel_macron"),
    ("Zulfikar Ali Bhutto flew to Simla to meet Indira Gandhi. He promised to return the prisoners' files.",
     "1972-07-01", "He promised", "zulfikar_ali_bhutto"),
    ("Golda Meir telephoned Henry Kissinger at night; her cabinet had met for hours.",
     "1973-10-12", "her cabinet", "golda_meir"),
    ("Benazir Bhutto was greeted by Rajiv Gandhi, and his aides praised the visit.",
     "1988-12-30", "his aides", "rajiv_gandhi"),
    ("Claudia Sheinbaum spoke with Mark Carney; she later told reporters the call was useful.",
     "2025-06-01", "she later", "claudia_sheinbaum"),
])
def test_pronoun_agrees_with_the_kb_gender(text, date, word, want):
    assert _resolve(text, date, word) == want


def test_no_person_of_that_gender_gives_none():
    text = "Narendra Modi met Shehbaz Sharif. She did not attend."
    assert _resolve(text, "2024-06-01", "She did") is None


def test_gender_field_loads_and_merges():
    base = entry_from_dict({"id": "a_b", "name": "A B", "type": "person", "gender": "f"})
    assert base.gender == "f"
    extra = entry_from_dict({"id": "a_b", "name": "A B", "roles": [{"title": "Mayor", "country": "FRA"}]})
    assert merge(base, extra, {"id", "name", "roles"}).gender == "f"
    fixed = entry_from_dict({"id": "a_b", "name": "A B", "gender": "m"})
    assert merge(base, fixed, {"id", "name", "gender"}).gender == "m"


def test_gender_comes_from_a_user_kb_too():
    kb = KnowledgeBase([entry_from_dict({"id": "sam_okoro", "name": "Sam Okoro", "type": "person",
                                         "gender": "f", "country": "NGA"}),
                        entry_from_dict({"id": "lee_varga", "name": "Lee Varga", "type": "person",
                                         "gender": "m", "country": "HUN"})],
                       lexicon=default_kb().lexicon)
    text = "Sam Okoro met Lee Varga. She left first."
    actors = find_actors(text, None, kb=kb, on_date="2020-01-01")
    ctx = SimpleNamespace(text=text, actors=actors, document=SimpleNamespace(published="2020-01-01"))
    actor = resolve_pronoun(ctx, text.index("She"), kb=kb)
    assert actor is not None and actor.id == "sam_okoro"
