"""The scans' shortcuts (first words of aliases, titles and agents) skip only words that start nothing."""

from __future__ import annotations

from parley.actors.candidates import (
    agent_first_words,
    alias_first_words,
    alias_prefixes,
    candidate_spans,
    title_first_words,
)
from parley.actors.kb import default_kb
from parley.actors.resolver import _dictionary, _Resolver, _Text

TEXT = ("Iranian officials met U.S. Secretary of State Mike Pompeo in Geneva on Monday, and the "
        "Supreme Leader said Tehran would answer. Mrs Meir and King Faisal were not there.")


def test_every_alias_and_prefix_starts_with_a_first_word():
    kb = default_kb()
    firsts = alias_first_words(kb)
    assert all(key[0] in firsts for key in kb.surface if key)
    assert all(prefix[0] in firsts for prefix in alias_prefixes(kb))
    assert "the" not in firsts or ("the",) in alias_prefixes(kb) or ("the",) in kb.surface


def test_title_first_words_cover_every_title():
    kb = default_kb()
    firsts = title_first_words(kb)
    assert firsts == {t[0] for t in kb.lexicon.titles if t}
    resolver = _Resolver(TEXT, kb, "2019-06-01")
    tx = resolver.tx
    starts = [k for k in range(len(tx)) if resolver.title_at(k, len(tx) - 1) is not None]
    assert starts and all(tx.folded[k] in firsts for k in starts)


def test_agent_first_words_cover_every_agent_phrase():
    kb = default_kb()
    assert agent_first_words(kb) == {phrase[0] for phrase in kb.lexicon.agents if phrase}
    resolver = _Resolver("Iranian officials and Saudi senior military commanders met.", kb, None)
    assert resolver.agent_after(1) is not None and resolver.agent_after(1)[1] == resolver.kb.agent_sector(["officials"])
    assert resolver.agent_after(4) is not None  # over the modifiers "senior military"


def test_dictionary_scan_equals_a_scan_that_tries_every_word(monkeypatch):
    from parley.actors import candidates, resolver

    kb = default_kb()
    tx = _Text(TEXT, kb.lexicon.abbreviations)
    found = _dictionary(tx, kb, None)
    spans = candidate_spans(TEXT, kb)
    monkeypatch.setattr(resolver, "alias_first_words", lambda kb: _Every())
    monkeypatch.setattr(candidates, "alias_first_words", lambda kb: _Every())
    assert _dictionary(tx, kb, None) == found and found
    assert candidate_spans(TEXT, kb) == spans and spans


def test_candidate_spans_cover_the_known_names():
    spans = candidate_spans(TEXT, default_kb())
    names = {TEXT[s:e] for s, e in spans}
    assert {"Iranian", "Tehran", "Mike Pompeo"} <= names


class _Every:
    """A set that holds every word: turns the first-word shortcut off."""

    def __contains__(self, word: object) -> bool:
        return True
