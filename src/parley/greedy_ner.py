"""spaCy's greedy NER decoding, run for all sentences of a batch at once with array operations.

spaCy's entity recogniser reads a sentence left to right, one BILUO action per token, scoring
the actions from three precomputed feature rows (the next word, the first word of the open
entity, the word before) through a small hidden layer. Its C loop checks every action's
validity with calls that take and give back Python's lock several times per action (74 actions
per token with the small English model): three quarters of the recogniser's time after its
embeddings. Here every sentence of the batch is at the same token at each step (each action
reads one token), so a step is one gather, one maxout and one matrix product over all
sentences still running, with the same validity rules as array masks. Same model, same
arithmetic order (the output layer uses BLIS as spaCy does), same entities: `GreedyNer.usable`
refuses any model or Doc this does not cover (a beam, other features, entities already set),
and the caller then runs spaCy's recogniser instead.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy

from .step_maths import gemm_nt, max_pieces

#: BILUO move names as spaCy's NER spells them in class names ("B-ORG", "O").
_BEGIN, _IN, _LAST, _UNIT, _OUT = "B", "I", "L", "U", "O"


class GreedyNer:
    """Entities for many Docs with one spaCy NER component's weights (see module docstring)."""

    def __init__(self, ner: Any) -> None:
        self.ner = ner
        model = ner.model
        self.embed, self.lower, self.upper = model.layers[0], model.layers[1], model.layers[-1]
        n_classes = ner.moves.n_moves
        names = [ner.moves.get_class_name(i) for i in range(n_classes)]
        moves = [name.split("-", 1)[0] if name else "" for name in names]
        labels = [name.split("-", 1)[1] if "-" in name else "" for name in names]
        self.label_names = sorted({label for label in labels if label})
        index = {label: k + 1 for k, label in enumerate(self.label_names)}  # 0: no label
        self.label_of = numpy.array([index.get(label, 0) for label in labels], dtype=numpy.int64)
        self.move_of = numpy.array(moves)
        self.is_begin = self.move_of == _BEGIN
        self.is_in = self.move_of == _IN
        self.is_last = self.move_of == _LAST
        self.is_unit = self.move_of == _UNIT
        self.is_out = self.move_of == _OUT
        self.labelled = self.label_of > 0
        unseen = sorted(model.attrs.get("unseen_classes") or ())
        self.unseen = numpy.array(unseen, dtype=numpy.int64)
        self.label_ids = numpy.array([0] + [ner.vocab.strings.add(label) for label in self.label_names],
                                     dtype=numpy.uint64)

    @staticmethod
    def usable(ner: Any) -> bool:
        """Whether this decoder reproduces `ner` (greedy, three features, an output layer)."""
        try:
            model = ner.model
            lower = model.layers[1]
            # its own embeddings: a recogniser that listens to a shared tok2vec needs that run first
            listens = any("listener" in node.name for node in model.layers[0].walk())
            return (type(ner.moves).__name__ == "BiluoPushDown" and ner.cfg.get("beam_width", 1) == 1
                    and bool(model.attrs.get("has_upper")) and len(model.layers) == 3
                    and lower.name == "precomputable_affine" and lower.get_dim("nF") == 3
                    and not getattr(ner, "postprocesses", None) and not listens)
        except (AttributeError, KeyError, IndexError, ValueError):
            return False

    def __call__(self, docs: Sequence[Any], batch_size: int = 256) -> None:
        """Set the entities of `docs` (which must have none yet) as `ner.pipe` would."""
        docs = [doc for doc in docs if len(doc)]
        for k in range(0, len(docs), batch_size):
            self._batch(docs[k:k + batch_size])

    def _batch(self, docs: Sequence[Any]) -> None:
        from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, SENT_START

        if not docs:
            return
        columns = [doc.to_array([SENT_START, IS_SPACE, ENT_IOB]) for doc in docs]
        if any(column[:, 2].any() for column in columns):  # entities already set: spaCy's own way
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        tokvecs = self.embed.predict(list(docs))
        cached = self.lower.predict(tokvecs)  # (tokens + 1, 3, hidden, pieces); row 0: padding
        bias = self.lower.get_param("b")
        weights = numpy.ascontiguousarray(self.upper.get_param("W"), dtype=numpy.float32)  # once, not per step
        out_bias = self.upper.get_param("b")
        lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
        offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]) + 1  # +1: skip the padding row
        width = int(lengths.max()) + 1
        sent_start = numpy.zeros((len(docs), width), dtype=bool)
        is_space = numpy.zeros((len(docs), width), dtype=bool)
        for d, column in enumerate(columns):
            sent_start[d, :len(column)] = column[:, 0] == 1
            is_space[d, :len(column)] = column[:, 1] != 0
        open_start = numpy.full(len(docs), -1, dtype=numpy.int64)  # -1: no entity open
        open_label = numpy.zeros(len(docs), dtype=numpy.int64)
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        for t in range(int(lengths.max())):
            live = numpy.flatnonzero(lengths > t)
            is_open = open_start[live] >= 0
            rows = offsets[live]
            unmaxed = cached[rows + t, 0]  # a copy already (an index array); spaCy: word, + entity start, + word before
            unmaxed += numpy.where(is_open[:, None, None], cached[rows + numpy.maximum(open_start[live], 0), 1],
                                   cached[0, 1])
            unmaxed += numpy.where(is_open[:, None, None], cached[rows + t - 1, 2], cached[0, 2])
            unmaxed += bias
            hidden = max_pieces(unmaxed)
            scores = gemm_nt(hidden, weights)
            scores += out_bias
            if len(self.unseen):
                scores[:, self.unseen] = scores.min()
            valid = self._valid(t, lengths[live], is_open, open_label[live], sent_start[live, t + 1],
                                is_space[live, t])
            best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
            self._advance(t, live, best, open_start, open_label, found)
        for doc, ents in zip(docs, found, strict=True):
            iob = numpy.full(len(doc), 2, dtype=numpy.uint64)
            kind = numpy.zeros(len(doc), dtype=numpy.uint64)
            for start, end, label in ents:
                iob[start], iob[start + 1:end] = 3, 1
                kind[start:end] = self.label_ids[label]
            doc.from_array([ENT_IOB, ENT_TYPE], numpy.stack([iob, kind], axis=1))

    def _valid(self, t: int, lengths: Any, is_open: Any, open_label: Any, next_starts: Any, space: Any) -> Any:
        """(states, classes): which actions spaCy's BILUO rules allow (no preset entities)."""
        room = (lengths - t >= 2)[:, None]  # another token after this one
        same = open_label[:, None] == self.label_of[None, :]
        opened, closed = is_open[:, None], ~is_open[:, None]
        next_start, space = next_starts[:, None], space[:, None]
        begin = self.is_begin & self.labelled & closed & room & ~next_start & ~space
        inside = self.is_in & self.labelled & opened & room & same & ~next_start
        last = self.is_last & self.labelled & opened & same
        unit = self.is_unit & self.labelled & closed & ~space
        out = self.is_out & closed
        return begin | inside | last | unit | out

    def _advance(self, t: int, live: Any, best: Any, open_start: Any, open_label: Any,
                 found: list[list[tuple[int, int, int]]]) -> None:
        """Apply each state's chosen action: open, close or pass over the token."""
        move, label = self.move_of[best], self.label_of[best]
        for d, m, lab in zip(live[move != _OUT].tolist(), move[move != _OUT].tolist(),
                             label[move != _OUT].tolist(), strict=True):
            if m == _BEGIN:
                open_start[d], open_label[d] = t, lab
            elif m == _LAST:
                found[d].append((int(open_start[d]), t + 1, int(open_label[d])))
                open_start[d], open_label[d] = -1, 0
            elif m == _UNIT:
                found[d].append((t, t + 1, lab))


@functools.lru_cache(maxsize=4)
def greedy_ner(nlp: Any) -> GreedyNer | None:
    """The decoder for `nlp`'s "ner" component, None when it has none or this cannot reproduce it."""
    if "ner" not in nlp.pipe_names:
        return None
    ner = nlp.get_pipe("ner")
    return GreedyNer(ner) if GreedyNer.usable(ner) else None
