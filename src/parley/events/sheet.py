"""Per-document facts the event coder reads again and again, worked out once from the Doc's arrays.

The coder walks the dependency tree many times per sentence (children, heads, prepositions,
conjuncts). Through spaCy each step builds new `Token` objects and looks their strings up again;
a `Sheet` holds the tree and words as plain lists and one Token per position that is asked for,
so that a walk is list indexing. It is built on first use and kept in `doc.user_data` (the Doc's
annotations do not change once the events stage runs); `code_events` drops it when it is done
with the document. It keeps few objects alive (children as tuples of ints, Tokens only when used),
so that it adds little work for Python's garbage collector.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..pipeline import overlapping

#: Key of the sheet in `doc.user_data`.
KEY = "parley_ev_sheet"
#: String hash -> string, and lemma hash -> lower-cased lemma, for every Doc (a hash names one string
#: in every vocabulary); cleared when it grows past `_MAX_WORDS` so a long batch run stays bounded.
_WORDS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_MAX_WORDS = 200_000


class _Tokens(dict):  # type: ignore[type-arg]
    """Token index -> the Doc's Token, made on first use and then reused (a dict for C-speed hits)."""

    def __init__(self, doc: Any) -> None:
        super().__init__()
        self.doc = doc

    def __missing__(self, i: int) -> Any:
        token = self[i] = self.doc[i]
        return token


class Sheet:
    """One Doc's tokens, heads, children and words (dep, lower form, lower lemma, POS, tag, entity
    type) as lists."""

    def __init__(self, doc: Any) -> None:
        from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS

        self.doc = doc
        self.tokens: dict[int, Any] = _Tokens(doc)
        n = self.n = len(doc)
        if n:
            arrays = doc.to_array([HEAD, DEP, LOWER, LEMMA, POS])
            # HEAD is an offset stored unsigned: back to signed, then to the head's own index
            heads = (arrays[:, 0].astype(np.int64) + np.arange(n, dtype=np.int64)).tolist()
            columns = arrays[:, 1:].T.tolist()
        else:
            heads, columns = [], [[], [], [], []]

        if len(_WORDS) > _MAX_WORDS:
            _WORDS.clear()
            _LOWERED.clear()

        self.head: list[int] = heads
        dep, lower, lemma, pos = columns
        self.dep, self.lower, self.pos = (_words(doc, column, _WORDS) for column in (dep, lower, pos))
        self.lemma = _words(doc, lemma, _LOWERED)  # lower-cased, as the coder compares them
        groups: dict[int, list[int]] = {}
        for i, h in enumerate(heads):  # ascending, as Token.children gives them (lefts, then rights)
            if h != i:
                groups.setdefault(h, []).append(i)
        self.kids: list[tuple[int, ...]] = [()] * n
        for h, group in groups.items():
            self.kids[h] = tuple(group)
        self._conjuncts: dict[int, list[int]] = {}
        self._tag: list[str] | None = None
        self._ent_type: list[str] | None = None
        #: start, end -> `ctx.actor_at`'s answer, while the actors cannot change (see `actor_at`)
        self.actors: dict[tuple[int, int], Any] | None = None
        #: `ctx.actor_spans()` while `code_events` codes the document, else None (see `hold_actors`)
        self.spans: list[tuple[int, int, Any]] | None = None
        self.starts: list[int] = []
        #: (start, end) of a sentence -> its time expressions, while the document is coded
        self.times: dict[tuple[int, int], list[Any]] | None = None
        #: token index -> the actor mention `coder.actor_for` finds for it, while the document is coded
        self.named: dict[int, Any] | None = None

    def hold_actors(self, ctx: Any) -> None:
        """Take the context's actor mentions once, for `actor_at` and `actor_spans` to answer from
        while the document is coded (its actors do not change until the coder adopts participants)."""
        self.spans = ctx.actor_spans()
        self.starts = [s[0] for s in self.spans]
        self.actors = {}
        self.times = {}
        self.named = {}

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every lower-case word form of the Doc, for cheap tests before a walk."""
        return frozenset(self.lower)

    @property
    def tag(self) -> list[str]:
        """Fine-grained tags (read when first asked: few parts of the coder need them)."""
        if self._tag is None:
            from spacy.attrs import TAG

            self._tag = _words(self.doc, self.doc.to_array([TAG]).tolist(), _WORDS) if self.n else []
        return self._tag

    @property
    def ent_type(self) -> list[str]:
        """Entity types ("" outside entities), read when first asked."""
        if self._ent_type is None:
            from spacy.attrs import ENT_TYPE

            self._ent_type = _words(self.doc, self.doc.to_array([ENT_TYPE]).tolist(), _WORDS) if self.n else []
        return self._ent_type

    def children(self, i: int, deps: tuple[str, ...] | frozenset[str] | set[str]) -> list[Any]:
        """Children of token `i` whose dependency label is in `deps`, in text order."""
        dep, tokens = self.dep, self.tokens
        return [tokens[j] for j in self.kids[i] if dep[j] in deps]

    def conjuncts(self, i: int) -> list[int]:
        """Indices of the tokens coordinated with token `i`, in spaCy's order (`Token.conjuncts`)."""
        found = self._conjuncts.get(i)
        if found is None:
            dep, head, kids = self.dep, self.head, self.kids
            start = i
            while head[start] != start and dep[start] == "conj":  # up to the first of the coordination
                start = head[start]
            chain = [start]
            for word in chain:  # then down its "conj" children to the right, breadth first
                chain += [child for child in kids[word] if child > word and dep[child] == "conj"]
            found = self._conjuncts[i] = [w for w in chain if w != i]
        return found

    def subtree(self, i: int) -> list[int]:
        """Indices of token `i` and its descendants, in `Token.subtree`'s order (left children's
        subtrees, the token, right children's subtrees)."""
        out: list[int] = []
        kids = self.kids

        def walk(node: int) -> None:
            for child in kids[node]:
                if child < node:
                    walk(child)
            out.append(node)
            for child in kids[node]:
                if child > node:
                    walk(child)

        walk(i)
        return out


def _words(doc: Any, keys: list[int], table: dict[int, str]) -> list[str]:
    """The strings of a column of hashes, each distinct one looked up in the StringStore once."""
    strings = doc.vocab.strings
    for key in set(keys).difference(table):
        table[key] = strings[key].lower() if table is _LOWERED else strings[key]
    return list(map(table.__getitem__, keys))


#: The Doc asked for last and its sheet: the coder asks for one Doc's sheet a hundred thousand times
#: in a row, and this answers without reading `doc.user_data` (one tuple, replaced whole, so that
#: threads coding other Docs at the same time only miss it).
_LAST: tuple[Any, Sheet | None] = (None, None)


def sheet_of(doc: Any) -> Sheet:
    """The Doc's sheet, built on first use."""
    global _LAST
    last = _LAST
    if last[0] is doc and last[1] is not None:
        return last[1]
    sheet = doc.user_data.get(KEY)
    if sheet is None:
        sheet = doc.user_data[KEY] = Sheet(doc)
    _LAST = (doc, sheet)
    return sheet


def drop_sheet(doc: Any) -> None:
    """Forget the Doc's sheet (it holds Tokens, which must not outlive the coding in `user_data`)."""
    global _LAST
    doc.user_data.pop(KEY, None)
    if _LAST[0] is doc:
        _LAST = (None, None)


def actor_at(ctx: Any, start: int, end: int) -> Any:
    """`ctx.actor_at(start, end)`, remembered per span while `code_events` codes the document (the
    actors do not change until it is done; outside it this asks the context every time)."""
    sheet = ctx.doc.user_data.get(KEY) if ctx.doc is not None else None
    memo = sheet.actors if sheet is not None else None
    if memo is None or sheet.spans is None:
        return ctx.actor_at(start, end)
    key = (start, end)
    if key not in memo:
        memo[key] = overlapping(sheet.spans, start, end, sheet.starts)  # without Context's freshness check
    return memo[key]


def actor_spans(ctx: Any) -> list[tuple[int, int, Any]]:
    """`ctx.actor_spans()`, taken once while `code_events` codes the document (see `actor_at`)."""
    sheet = ctx.doc.user_data.get(KEY) if ctx.doc is not None else None
    spans = sheet.spans if sheet is not None else None
    return spans if spans is not None else ctx.actor_spans()
