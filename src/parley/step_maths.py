"""The array maths of one decoding step that the bulk decoders (parley.greedy_ner,
parley.greedy_parser) and the models' prediction ops (parley.nlp) share: spaCy's own results,
computed for many states at once."""

from __future__ import annotations

from typing import Any

import numpy


def max_pieces(values: Any) -> Any:
    """The maxout: each unit's best piece (last axis), as one new C-contiguous array, by elementwise
    maxima over the pieces (a fraction of the time of numpy's reduction over a last axis of two or
    three). The values are those of spaCy's and thinc's loops for finite numbers; only the sign of
    a zero may differ where +0 and -0 tie, which no later sum or comparison can tell apart."""
    pieces = values.shape[-1]
    if pieces == 1:
        return numpy.ascontiguousarray(values[..., 0])
    best = numpy.maximum(values[..., 0], values[..., 1])
    for p in range(2, pieces):
        numpy.maximum(best, values[..., p], out=best)
    return best


def gemm_nt(a: Any, b: Any) -> Any:
    """a · bᵀ with BLIS, as spaCy's decoding loop multiplies (numpy's BLAS rounds differently);
    both C-contiguous float32."""
    try:
        from blis.py import gemm
    except ImportError:  # pragma: no cover - BLIS ships with thinc
        return a @ b.T
    return gemm(a, b, trans2=True)
