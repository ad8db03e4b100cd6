"""Fast actor candidates: where a text may name a knowledge-base actor, from words alone.

A cheap over-approximation of the resolver's dictionary pass (no parse, no dates, no place
reading), used by the selective nlp stage to decide which sentences deserve the full parse.
"""

from __future__ import annotations

import functools
import weakref
from typing import Any

from .kb import KnowledgeBase, tokens
from .translit import fold

_PREFIXES: weakref.WeakKeyDictionary[KnowledgeBase, tuple[int, frozenset[tuple[str, ...]]]] = \
    weakref.WeakKeyDictionary()
_FIRSTS: weakref.WeakKeyDictionary[KnowledgeBase, tuple[int, frozenset[str]]] = weakref.WeakKeyDictionary()
_TITLE_FIRSTS: weakref.WeakKeyDictionary[KnowledgeBase, tuple[Any, int, frozenset[str]]] = \
    weakref.WeakKeyDictionary()
_AGENT_FIRSTS: weakref.WeakKeyDictionary[KnowledgeBase, tuple[Any, int, frozenset[str]]] = \
    weakref.WeakKeyDictionary()


@functools.lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return fold(word)


def alias_prefixes(kb: KnowledgeBase) -> frozenset[tuple[str, ...]]:
    """Every proper prefix of every alias key, so a match can stop as soon as no alias continues
    (built once per knowledge base; rebuilt if aliases were added since)."""
    cached = _PREFIXES.get(kb)
    if cached is None or cached[0] != len(kb.surface):
        cached = (len(kb.surface), frozenset(key[:n] for key in kb.surface for n in range(1, len(key))))
        _PREFIXES[kb] = cached
    return cached[1]


def alias_first_words(kb: KnowledgeBase) -> frozenset[str]:
    """The first word of every alias key: a word outside it starts no match, so a scan skips it
    after one set test (built once per knowledge base; rebuilt if aliases were added since)."""
    cached = _FIRSTS.get(kb)
    if cached is None or cached[0] != len(kb.surface):
        cached = (len(kb.surface), frozenset(key[0] for key in kb.surface if key))
        _FIRSTS[kb] = cached
    return cached[1]


def _first_words(memo: Any, kb: KnowledgeBase, phrases: Any) -> frozenset[str]:
    """The first word of every phrase of one of the knowledge base's lexicon tables, remembered per
    knowledge base until that table is replaced or grows."""
    cached = memo.get(kb)
    if cached is None or cached[0] is not phrases or cached[1] != len(phrases):
        cached = (phrases, len(phrases), frozenset(phrase[0] for phrase in phrases if phrase))
        memo[kb] = cached
    return cached[2]


def title_first_words(kb: KnowledgeBase) -> frozenset[str]:
    """The first word of every title in the knowledge base's lexicon ("lt", "supreme", "mr")."""
    return _first_words(_TITLE_FIRSTS, kb, kb.lexicon.titles)


def agent_first_words(kb: KnowledgeBase) -> frozenset[str]:
    """The first word of every agent phrase in the knowledge base's lexicon ("officials", "foreign")."""
    return _first_words(_AGENT_FIRSTS, kb, kb.lexicon.agents)


def candidate_spans(text: str, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Character spans (start, end) of longest alias, demonym or capital matches in `text`.

    Capitalisation must agree with the alias's first word ("US" is not "us"); everything else
    the resolver checks later, so this may find more than the resolver keeps, never fewer.
    """
    toks = tokens(text)
    folded = [_fold(t) for t, _, _ in toks]
    prefixes = alias_prefixes(kb)
    firsts = alias_first_words(kb)
    surface = kb.surface
    out: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if folded[i] not in firsts:  # no alias starts with this word: the common case
            i += 1
            continue
        best = 0
        for j in range(i + 1, min(n, i + kb.max_alias_tokens) + 1):
            key = tuple(folded[i:j])
            bucket = surface.get(key)
            if bucket and any(_case_fits(alias, toks[i][0]) for _, _, alias in bucket):
                best = j
            if key not in prefixes:
                break
        if best:
            out.append((toks[i][1], toks[best - 1][2]))
            i = best
        else:
            i += 1
    return out


def _case_fits(alias: str, word: str) -> bool:
    first = alias.lstrip()[:1]
    if first.isupper() and not word[:1].isupper():
        return False
    head = alias.split(" ", 1)[0]
    return not (len(head) > 1 and head.isupper() and not word.isupper())
