"""Coreference helper: pronouns and 'the minister' to the actor meant, quotes skipped."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from parley.actors.coref import quoted_spans, resolve_pronoun
from parley.actors.resolver import find_actors


def _ctx(text: str, date: str = "2019-06-01") -> SimpleNamespace:
    actors = find_actors(text, None, on_date=date)
    return SimpleNamespace(text=text, actors=actors, document=SimpleNamespace(published=date))


def _at(ctx: SimpleNamespace, word: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = ctx.text.index(word, start + 1)
    return start


def test_he_goes_to_latest_person_before():
    ctx = _ctx("Mike Pompeo met Mohammad Javad Zarif in Oslo. Later he told Iran to stop.")
    actor = resolve_pronoun(ctx, _at(ctx, "he told"))
    assert actor is not None and actor.id == "mohammad_javad_zarif"


def test_possessive_it_goes_to_latest_state():
    ctx = _ctx("Zarif said Iran would respond. Its missiles were ready.")
    actor = resolve_pronoun(ctx, _at(ctx, "Its"))
    assert actor is not None and actor.id == "IRN"


def test_they_skip_persons_for_collective():
    ctx = _ctx("Iranian officials met Pompeo. They said nothing.")
    actor = resolve_pronoun(ctx, _at(ctx, "They"))
    assert actor is not None and actor.id == "IRNGOV"


def test_actors_inside_quotes_are_skipped():
    ctx = _ctx('Hassan Rouhani said: "Trump cannot be trusted." He left early.')
    actor = resolve_pronoun(ctx, _at(ctx, "He left"))
    assert actor is not None and actor.id == "hassan_rouhani"


def test_definite_role_description_finds_holder():
    ctx = _ctx("Donald Trump spoke to Mike Pompeo and Benjamin Netanyahu. The secretary of state flew home.")
    actor = resolve_pronoun(ctx, _at(ctx, "The secretary"))
    assert actor is not None and actor.id == "mike_pompeo"
    ctx = _ctx("Mohammad Javad Zarif met Donald Trump's envoy and Angela Merkel. The minister left.")
    actor = resolve_pronoun(ctx, _at(ctx, "The minister"))
    assert actor is not None and actor.id == "mohammad_javad_zarif"


def test_gendered_title_is_respected():
    ctx = _ctx("Mrs Theresa May welcomed Mr Donald Trump. Later she spoke to Iran, and he left.")
    actor = resolve_pronoun(ctx, _at(ctx, "she"))
    assert actor is not None and actor.id == "theresa_may"
    actor = resolve_pronoun(ctx, _at(ctx, "he left"))
    assert actor is not None and actor.id == "donald_trump"


@pytest.mark.parametrize("text,word", [("Nobody was there. He left.", "He"),
                                        ("Zarif said so. Tomorrow is Monday.", "Tomorrow"),
                                        ("Zarif left. The weather was fine.", "The")])
def test_no_referent_gives_none(text, word):
    ctx = _ctx(text)
    assert resolve_pronoun(ctx, _at(ctx, word)) is None


def test_bad_offsets_give_none():
    ctx = _ctx("Zarif left. He came back.")
    assert resolve_pronoun(ctx, -1) is None
    assert resolve_pronoun(ctx, 10_000) is None
    assert resolve_pronoun(SimpleNamespace(text="", actors=[]), 0) is None


def test_pronouns_are_not_mentions():
    ctx = _ctx("Zarif left. He came back. They said it was fine.")
    words = {m.text.lower() for a in ctx.actors for m in a.mentions}
    assert not words & {"he", "they", "it"}


def test_quoted_spans_pairs_typographic_and_straight_quotes():
    text = 'a \u201cb\u201d c "d" e'
    assert [text[a:b] for a, b in quoted_spans(text)] == ["\u201cb\u201d", '"d"']
