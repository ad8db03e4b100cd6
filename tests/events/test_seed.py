"""The CAMEO 2.0 seed lexicon: it loads, sits under the hand-written rows, and codes what only it covers."""

from __future__ import annotations

import time

import pytest

from parley.events.lexicon import (
    Lexicon,
    builtin_patterns,
    load_lexicon,
    read_file,
    seed_enabled,
    seed_patterns,
)
from parley.registry import components
from parley.settings import Settings

from .conftest import make_context

SEED_ON = Settings(extra=(("seed_lexicon", "on"),))
SEED_OFF = Settings(extra=(("seed_lexicon", "off"),))
STATES = {"Velmora": ["Velmora", "Velmoran"], "Kastrel": ["Kastrel"]}


def test_seed_loads_with_the_expected_size_and_quickly() -> None:
    start = time.perf_counter()
    seed = seed_patterns()
    assert 30_000 < len(seed) < 50_000
    assert time.perf_counter() - start < 10  # once per process; about 1 s on a laptop
    assert any(p.before for p in seed)  # words before the verb are kept as before=
    assert len(load_lexicon(seed=True)) > len(load_lexicon(seed=False)) == len(Lexicon(builtin_patterns()))


def test_hand_written_rows_win_clashes_and_ties() -> None:
    hand = {p.key: p for p in builtin_patterns()}
    clashes = [p for p in seed_patterns() if p.key in hand]
    assert clashes  # the seed repeats many hand-written patterns
    merged = {p.key: p for p in load_lexicon(seed=True).patterns}
    assert all(merged[p.key] == hand[p.key] for p in clashes)
    assert any(p.code != hand[p.key].code or p.flags != hand[p.key].flags for p in clashes)
    lexicon = load_lexicon(seed=True)
    for lemma in ("attack", "meet", "reject"):
        found = lexicon.lookup("verb", lemma)
        for first, second in zip(found, found[1:], strict=False):  # among equals the hand-written row comes first
            if first.specificity == second.specificity and second.key in hand:
                assert first.key in hand


def test_review_drops_generic_rows() -> None:
    bare = {p.lemma for p in seed_patterns() if not (p.objects or p.particle or p.before or p.modifier)}
    assert not bare & {"give", "take", "leave", "see", "decide"}
    assert "airlift" in bare


def test_user_file_takes_over_the_words_it_covers(tmp_path) -> None:
    path = tmp_path / "verbs.tsv"
    path.write_text("verb\tairlift\t\t\t042\t\n", "utf-8")
    lexicon = load_lexicon(path, seed=True)
    assert [p.code for p in lexicon.lookup("verb", "airlift")] == ["042"]
    assert Lexicon(list(seed_patterns()) + read_file(path)).lookup("verb", "airlift")[0].code != "042"


def test_setting_and_environment_switch_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_SEED_LEXICON", "0")
    assert not seed_enabled() and seed_enabled((("seed_lexicon", "on"),))
    monkeypatch.setenv("PARLEY_SEED_LEXICON", "yes")
    assert seed_enabled() and not seed_enabled((("seed_lexicon", "off"),))


@pytest.fixture(scope="module")
def coders():
    import parley.events.coder  # noqa: F401  (registers the component)

    return components.get("events")(SEED_ON), components.get("events")(SEED_OFF)


def _code(nlp, coder, text: str) -> set[tuple[str | None, str | None, str, str]]:
    ctx = make_context(nlp, text, STATES)
    coder(ctx)
    return {(e.source and e.source.actor_id, e.target and e.target.actor_id, e.cameo, e.rule) for e in ctx.events}


@pytest.mark.parametrize(("text", "code", "source", "target"), [
    ("Velmora airlifted food to Kastrel on Sunday.", "073", "velmora", "kastrel"),
    ("Velmora sharply reprimanded Kastrel over the fishing quarrel.", "111", "velmora", "kastrel"),
])
def test_seeded_verbs_code_what_the_hand_written_lexicon_misses(nlp, coders, text, code, source, target) -> None:
    on, off = coders
    found = _code(nlp, on, text)
    assert (source, target, code) in {f[:3] for f in found}
    assert not {f for f in _code(nlp, off, text) if f[2] == code}


def test_seeded_before_pattern_needs_its_earlier_word(nlp, coders) -> None:
    on, _ = coders
    found = _code(nlp, on, "Velmoran troops rushed toward the Kastrel frontier.")
    assert any(f[2] == "154" and "~verb:rush" in f[3] for f in found)
    plain = _code(nlp, on, "Velmoran envoys rushed toward the Kastrel frontier.")
    assert not any("~verb:rush" in f[3] for f in plain)
