"""spaCy's greedy dependency parse with the step's arithmetic done once per step for all states.

spaCy's parser decodes a batch in a C loop: at each step it sums every state's precomputed
feature rows, takes the maxout, scores the actions and applies the best valid one. The maxout
there calls a helper that takes and gives back Python's lock once per hidden unit (64 per state
per step with the small English model): about half of the loop's time goes to that lock. Here
each step's feature sum and maxout run for all the states of a batch at once through spaCy's own
step model (`state2vec`, no lock per unit), the output layer is one matrix product, and spaCy's
own transition code (`Parser.transition_states`: validity, best valid action, the move itself)
advances the states. Same batches, same arithmetic (BLIS for the output layer, as spaCy's loop),
same parses: `GreedyParser.usable` refuses any parser this does not cover (a beam, no output
layer), and the caller then runs spaCy's parser instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy

from .step_maths import gemm_nt


class GreedyParser:
    """Parses for many Docs with one spaCy parser component's weights (see module docstring)."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        model = parser.model
        self.upper = model.layers[-1]
        unseen = sorted(model.attrs.get("unseen_classes") or ())
        self.unseen = numpy.array(unseen, dtype=numpy.int64)

    @staticmethod
    def usable(parser: Any) -> bool:
        """Whether this decoder reproduces `parser` (greedy, precomputed features, an output layer)."""
        try:
            model = parser.model
            return (hasattr(parser, "transition_states") and hasattr(parser, "set_annotations")
                    and hasattr(parser.moves, "init_batch") and parser.cfg.get("beam_width", 1) == 1
                    and bool(model.attrs.get("has_upper")) and len(model.layers) == 3
                    and model.layers[1].name == "precomputable_affine")
        except (AttributeError, KeyError, IndexError, ValueError):
            return False

    def pipe(self, docs: Iterable[Any], batch_size: int = 256) -> Iterator[Any]:
        """Parse a stream of Docs as `parser.pipe` does (batches of `batch_size`, each sorted by
        length into quarter batches), yielding them in their order."""
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            by_length = sorted(batch, key=len)
            step = max(batch_size // 4, 2)
            for k in range(0, len(by_length), step):
                self.parse(by_length[k:k + step])
            yield from batch

    def parse(self, docs: Sequence[Any]) -> None:
        """Set the heads, labels and sentence starts of `docs`, as `parser.predict` followed by
        `parser.set_annotations` would."""
        parser = self.parser
        parser._ensure_labels_are_added(docs)
        states = parser.moves.init_batch(docs)
        if any(len(doc) for doc in docs):
            self._decode(docs, states)
        parser.set_annotations(docs, states)

    def _decode(self, docs: Sequence[Any], batch: Sequence[Any]) -> None:
        """Advance every state to its end, one step for all of them at a time."""
        parser = self.parser
        step = parser.model.predict(docs)  # the embeddings and each token's precomputed feature rows
        try:
            weights = numpy.ascontiguousarray(self.upper.get_param("W"), dtype=numpy.float32)
            bias = self.upper.get_param("b")
            states = [state for state in batch if not state.is_final()]
            while states:
                hidden = step.state2vec.predict(step.get_token_ids(states))  # feature sum, bias, maxout
                scores = gemm_nt(numpy.ascontiguousarray(hidden, dtype=numpy.float32), weights)
                scores += bias
                if len(self.unseen):  # as spaCy's loop: the lowest score of the step
                    scores[:, self.unseen] = scores.min()
                states = parser.transition_states(states, scores)
        finally:
            step.clear_memory()


@functools.lru_cache(maxsize=4)
def greedy_parser(nlp: Any) -> GreedyParser | None:
    """The decoder for `nlp`'s "parser" component, None when it has none or this cannot reproduce it."""
    if "parser" not in nlp.pipe_names:
        return None
    parser = nlp.get_pipe("parser")
    return GreedyParser(parser) if GreedyParser.usable(parser) else None
