"""A sparse linear (softmax) classifier over string features: trained with L-BFGS, stored as NPZ.

Training accepts *partial labels*: each example names the set of classes its gold label allows
(a penta class allows every PLOVER type in it), and the loss is the negative log of the
probability mass on that set. Weights are stored as plain arrays (no pickle), so a file loads
safely and across versions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Format version of the weights file; a loader refuses another version.
FORMAT = 1


@dataclass
class LinearModel:
    """Softmax scores of `classes` from binary string features (`vocab` row i = feature i)."""

    classes: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_classes) float32
    bias: np.ndarray  # (n_classes,) float32
    meta: dict[str, str]

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        """Class -> probability for one example's features (unknown features are ignored)."""
        found = set(map(self.vocab.get, features))
        found.discard(None)
        rows = sorted(found)  # the rows are summed in float32, in index order, as the model was tuned
        # `take` and the ufuncs' own reductions: the same sums as fancy indexing and `.sum()`, with
        # less of numpy's Python-level overhead (this runs once per parsed sentence)
        scores = self.bias.astype(np.float64) + (np.add.reduce(self.weights.take(rows, axis=0), axis=0)
                                                 if rows else 0.0)
        scores -= np.maximum.reduce(scores)
        probs = np.exp(scores, out=scores)
        probs /= np.add.reduce(probs)
        return dict(zip(self.classes, probs.tolist(), strict=True))

    def save(self, path: Path) -> None:
        """Write the model as a compressed NPZ of arrays (vocabulary and classes as text arrays)."""
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        keys = sorted(self.meta)
        np.savez_compressed(
            path, format=np.array([FORMAT]), classes=np.array(self.classes, dtype=str),
            vocab=np.array(names, dtype=str), weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32), meta_keys=np.array(keys, dtype=str),
            meta_values=np.array([self.meta[k] for k in keys], dtype=str),
        )


def load(path: Path | object) -> LinearModel:
    """Read a model written by `LinearModel.save` (no pickle; ValueError/OSError on a bad file)."""
    with np.load(path, allow_pickle=False) as data:  # type: ignore[arg-type]
        if int(data["format"][0]) != FORMAT:
            raise ValueError(f"format {int(data['format'][0])}, expected {FORMAT}")
        vocab = {str(name): i for i, name in enumerate(data["vocab"])}
        weights = data["weights"].astype(np.float32)
        classes = [str(c) for c in data["classes"]]
        if weights.shape != (len(vocab), len(classes)):
            raise ValueError(f"weights of shape {weights.shape} for {len(vocab)} features, {len(classes)} classes")
        meta = {str(k): str(v) for k, v in zip(data["meta_keys"], data["meta_values"], strict=True)}
        return LinearModel(classes, vocab, weights, data["bias"].astype(np.float32), meta)


def fit(examples: Sequence[Sequence[str]], allowed: Sequence[Sequence[str]], classes: Sequence[str], *,
        l2: float = 1.0, min_count: int = 1, max_iter: int = 300,
        meta: dict[str, str] | None = None) -> LinearModel:
    """Fit a softmax model by minimising -sum log P(allowed classes) + l2/2 |W|^2 (deterministic).

    Features seen in fewer than `min_count` examples are dropped; the bias is not penalised.
    """
    from scipy import optimize, sparse  # training only: inference needs numpy alone
    counts: dict[str, int] = {}
    for feats in examples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: i for i, f in enumerate(names)}
    index = {c: j for j, c in enumerate(classes)}
    n, d, k = len(examples), len(vocab), len(classes)
    rows, cols = [], []
    for i, feats in enumerate(examples):
        for j in sorted({vocab[f] for f in feats if f in vocab}):
            rows.append(i)
            cols.append(j)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, d))
    mask = np.zeros((n, k))
    for i, labels in enumerate(allowed):
        for label in labels:
            mask[i, index[label]] = 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: d * k].reshape(d, k), theta[d * k:]
        z = x @ w + b
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        mass = (p * mask).sum(axis=1)
        q = p * mask / mass[:, None]
        value = -np.log(np.maximum(mass, 1e-300)).sum() + 0.5 * l2 * float((w * w).sum())
        grad_z = p - q
        grad_w = x.T @ grad_z + l2 * w
        return value, np.concatenate([np.asarray(grad_w).ravel(), grad_z.sum(axis=0)])

    result = optimize.minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                               options={"maxiter": max_iter})
    w, b = result.x[: d * k].reshape(d, k), result.x[d * k:]
    info = {"examples": str(n), "features": str(d), "l2": str(l2), "iterations": str(result.nit)}
    return LinearModel(list(classes), vocab, w.astype(np.float32), b.astype(np.float32), {**info, **(meta or {})})


def log_loss(model: LinearModel, examples: Sequence[Sequence[str]], allowed: Sequence[Sequence[str]]) -> float:
    """Mean negative log probability of the allowed classes (for choosing l2 by cross-validation)."""
    total = 0.0
    for feats, labels in zip(examples, allowed, strict=True):
        probs = model.probabilities(feats)
        total -= math.log(max(1e-12, sum(probs[c] for c in labels)))
    return total / max(1, len(examples))
