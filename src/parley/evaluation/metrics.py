"""Scoring functions shared by the data sets: P/R/F1, macro-F1, confusion, span overlap, B-cubed.

Pure functions over plain Python values, so that they are easy to test on hand-made inputs and
the same definitions hold for every data set.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

#: Label used when the system gives no answer for an item (no event, no type).
NONE = "NONE"

_WORD = re.compile(r"\w+", re.UNICODE)


def safe_div(num: float, den: float) -> float:
    """num / den, or 0.0 when den is zero (an empty set scores 0, never crashes)."""
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from true positives, false positives and false negatives."""
    p = safe_div(tp, tp + fp)
    r = safe_div(tp, tp + fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(safe_div(2 * p * r, p + r), 4)}


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0.0 when both are zero)."""
    return safe_div(2 * precision * recall, precision + recall)


def per_label(gold: Sequence[Hashable], pred: Sequence[Hashable],
              labels: Iterable[Hashable] | None = None) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each label, for paired single-label predictions."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} items but pred has {len(pred)}")
    labels = sorted({*gold} if labels is None else set(labels), key=str)
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    support = Counter(gold)
    return {str(lab): {**prf(tp[lab], fp[lab], fn[lab]), "support": support[lab]} for lab in labels}


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable],
             labels: Iterable[Hashable] | None = None) -> float:
    """Unweighted mean F1 over `labels` (default: the labels that occur in gold)."""
    table = per_label(gold, pred, labels)
    return round(safe_div(sum(row["f1"] for row in table.values()), len(table)), 4)


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Share of items whose prediction equals the gold label."""
    return round(safe_div(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold)), 4)


def confusion(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, dict[str, int]]:
    """Counts of gold label -> predicted label (only cells that occur)."""
    table: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        table[str(g)][str(p)] += 1
    return {g: dict(sorted(row.items(), key=lambda kv: -kv[1])) for g, row in sorted(table.items())}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters two [start, end) spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the longer span's length (1.0 = identical, 0.0 = disjoint)."""
    return safe_div(overlap(a, b), max(a[1] - a[0], b[1] - b[0]))


def words(text: str | None) -> list[str]:
    """Lower-cased word tokens of a text (for lenient name and span comparison)."""
    return [w.lower() for w in _WORD.findall(text or "")]


def token_f1(a: str | None, b: str | None) -> float:
    """Bag-of-words F1 between two strings (SQuAD-style token overlap)."""
    wa, wb = Counter(words(a)), Counter(words(b))
    common = sum((wa & wb).values())
    if not common:
        return 0.0
    return round(f1(common / sum(wa.values()), common / sum(wb.values())), 4)


def match_spans(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]],
                threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs whose overlap ratio reaches `threshold`, best first."""
    pairs = sorted(
        ((overlap_ratio(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
         if overlap(g, p) > 0),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ratio, gi, pi in pairs:
        if ratio < threshold or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return sorted(out)


def bcubed(gold: dict[Hashable, Hashable], pred: dict[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster id) against gold."""
    items = [i for i in gold if i in pred]
    gmembers: dict[Hashable, set] = defaultdict(set)
    pmembers: dict[Hashable, set] = defaultdict(set)
    for i in items:
        gmembers[gold[i]].add(i)
        pmembers[pred[i]].add(i)
    p = r = 0.0
    for i in items:
        g, s = gmembers[gold[i]], pmembers[pred[i]]
        both = len(g & s)
        p += both / len(s)
        r += both / len(g)
    p, r = safe_div(p, len(items)), safe_div(r, len(items))
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1(p, r), 4)}


class ErrorLog:
    """Counts of error kinds with the first few examples of each (to guide improvements)."""

    KINDS = ("wrong_actor", "wrong_code", "missed", "spurious", "wrong_date")

    def __init__(self, keep: int = 3) -> None:
        self.keep = keep
        self.counts: Counter = Counter()
        self.examples: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(self, kind: str, n: int = 1, **example: Any) -> None:
        """Count `n` errors of `kind` and keep `example` if fewer than `keep` are kept."""
        if n <= 0:
            return
        self.counts[kind] += n
        if example and len(self.examples[kind]) < self.keep:
            self.examples[kind].append(example)

    def figures(self) -> dict[str, Any]:
        """The `errors` and `examples` figures of a result."""
        return {
            "errors": {k: self.counts[k] for k in sorted(self.counts, key=lambda k: -self.counts[k])},
            "examples": {k: self.examples[k] for k in self.counts if self.examples.get(k)},
        }
