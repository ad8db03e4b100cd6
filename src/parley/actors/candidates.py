"""Fast actor candidates: where a text may name a knowledge-base actor, from words alone.

A cheap over-approximation of the resolver's dictionary pass (no parse, no dates, no place
reading), used by the selective nlp stage to decide which sentences deserve the full parse.
"""

from __future__ import annotations

import functools
import weakref

from .kb import KnowledgeBase, tokens
from .translit import fold

_PREFIXES: weakref.WeakKeyDictionary[KnowledgeBase, tuple[int, frozenset[tuple[str, ...]]]] = \
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


def candidate_spans(text: str, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Character spans (start, end) of longest alias, demonym or capital matches in `text`.

    Capitalisation must agree with the alias's first word ("US" is not "us"); everything else
    the resolver checks later, so this may find more than the resolver keeps, never fewer.
    """
    toks = tokens(text)
    folded = [_fold(t) for t, _, _ in toks]
    prefixes = alias_prefixes(kb)
    surface = kb.surface
    out: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
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
