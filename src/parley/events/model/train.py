"""Train the event model from the TRAIN splits of the evaluation data (reproducible, deterministic).

    python -m parley.events.model.train --root ../shared/eval --out src/parley/events/model/events-v1.npz

Reads conflibert_cameo/train.jsonl (penta classes) and plv_hu2024/PLV_train.jsonl (PLOVER roots).
Training sentences that also occur in a test split (or in plover_gsr, which has no train split)
are dropped, so no test sentence is learned. Each sentence runs through Parley's pipeline with the
model off; its features include the rule coder's events. The L2 strength and the decision
thresholds are chosen by 5-fold cross-validation on the training sentences only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import E, ParleyError
from . import DEFAULTS, NAME, WEIGHTS, EventModel, cells
from .features import sentence_features
from .linear import LinearModel, fit

SEED_FOLDS = 5
L2_GRID = (0.3, 1.0)
#: At most 0.75, the confidence of a verb pattern with source and target: such rules stay authoritative.
KEEP_GRID = (0.6, 0.65, 0.7, 0.75)
MARGIN_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: At least 0.4: the model recodes only with a class it holds fairly likely.
SURE_GRID = (0.4, 0.5, 0.6)
#: Not tuned: every training sentence holds an event, news text does not (see docs/events-model.md).
PROPOSE = 0.4


@dataclass
class Example:
    """One training sentence: its text, the cells its gold label allows, and (once parsed) its features."""

    text: str
    allowed: list[str]
    origin: str
    features: list[str] = field(default_factory=list)
    rule_events: list[Any] = field(default_factory=list)
    n_actors: int = 0


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise ParleyError(E.E251, path=path, reason=str(exc)[:200]) from exc


def held_out_keys(root: Path) -> set[str]:
    """Normalised texts of every test record (and of plover_gsr), which training must not see."""
    keys: set[str] = set()
    for path, field_name in ((root / "conflibert_cameo" / "test.jsonl", "text"),
                             (root / "plv_hu2024" / "PLV_test.jsonl", "sentence")):
        if path.is_file():
            keys |= {_key(r.get(field_name) or "") for r in _jsonl(path)}
    for path in sorted((root / "plover_gsr").glob("PLOVER_GSR_*.json")):
        data = json.loads(path.read_text("utf-8"))
        keys |= {_key(r.get("text") or "") for r in data if isinstance(r, dict)}
    keys.discard("")
    return keys


def read_training(root: Path) -> tuple[list[Example], dict[str, int]]:
    """The labelled training sentences of both train splits, merged by text, test overlaps dropped."""
    penta = {"MAKE_STATEMENT": 0, "VERBAL_COOPERATION": 1, "MATERIAL_COOPERATION": 2,
             "VERBAL_CONFLICT": 3, "MATERIAL_CONFLICT": 4}
    yield_types = "CONCEDE|RETREAT"
    raw: list[tuple[str, list[str], str]] = []
    path = root / "conflibert_cameo" / "train.jsonl"
    for rec in _jsonl(path):
        if rec.get("text") and rec.get("penta_label") in penta:
            raw.append((rec["text"], cells.allowed(penta=penta[rec["penta_label"]]), "conflibert_cameo"))
    path = root / "plv_hu2024" / "PLV_train.jsonl"
    for rec in _jsonl(path):
        if rec.get("sentence") and rec.get("gold_root"):
            label = yield_types if rec["gold_root"] == "YIELD" else rec["gold_root"]
            pen = rec.get("gold_penta")
            raw.append((rec["sentence"], cells.allowed(plover=label, penta=int(pen) if pen else None), "plv_hu2024"))
    held = held_out_keys(root)
    merged: dict[str, Example] = {}
    stats = {"read": len(raw), "dropped_test_overlap": 0, "merged_duplicates": 0}
    for text, allowed, origin in raw:
        key = _key(text)
        if key in held:
            stats["dropped_test_overlap"] += 1
            continue
        if not allowed:
            continue
        if key in merged:  # the same sentence in both sets: keep the labels both allow
            stats["merged_duplicates"] += 1
            both = [c for c in merged[key].allowed if c in allowed]
            merged[key].allowed = both or merged[key].allowed
            continue
        merged[key] = Example(text, allowed, origin)
    examples = [merged[k] for k in sorted(merged)]
    if not examples:
        raise ParleyError(E.E252, path=root)
    stats["examples"] = len(examples)
    return examples, stats


def parse_examples(examples: Sequence[Example]) -> None:
    """Run the pipeline (model off) on each example and fill in its features and rule events."""
    from ...pipeline import Context, Pipeline
    from ...readers import document_from_text
    from ...settings import load_settings
    from .. import coder
    from ..lexicon import load_lexicon, seed_enabled

    settings = load_settings()
    pipeline = Pipeline(settings)
    lexicon = load_lexicon(settings.verbs_file, seed_enabled(settings.extra))
    steps = [step for name, step in pipeline.steps if name != "events"]
    for example in examples:
        ctx = Context(document=document_from_text(example.text), settings=settings)
        for step in steps:
            step(ctx)
        memory = coder.Memory(ctx)
        best: tuple[Any, ...] | None = None
        for sent in ctx.doc.sents:
            events = coder.sentence_events(ctx, sent, lexicon, memory)
            memory.note(ctx, sent)
            n_actors = sum(1 for s in ctx.actor_spans() if sent.start_char <= s[0] and s[1] <= sent.end_char)
            rank = (sum(e.cameo_root != "01" for e in events), len(sent))
            if best is None or rank > best[0]:
                best = (rank, sent, events, n_actors)
        if best is None:
            continue
        _, sent, events, n_actors = best
        example.features = sentence_features(sent, events, n_actors)
        example.rule_events = events
        example.n_actors = n_actors


def outcome(model: EventModel, probs: dict[str, float], example: Example) -> str:
    """The cell the coder would output for an example (its top event's), or NONE."""
    decision = model.decide(probs, example.rule_events)
    if decision is not None and (decision[1] is not None or example.n_actors):
        return decision[0]
    typed = [e for e in example.rule_events if e.cameo_root != "01"]
    if typed:
        return cells.cell_of(max(typed, key=lambda e: (e.confidence, -e.evidence.start)).cameo)
    return "STATEMENT" if example.rule_events else "NONE"


def _folds(n: int, k: int = SEED_FOLDS) -> list[list[int]]:
    return [[i for i in range(n) if i % k == f] for f in range(k)]


def cross_validate(examples: Sequence[Example], l2: float) -> list[dict[str, float]]:
    """Out-of-fold probabilities of every example (deterministic folds: index modulo 5)."""
    probs: list[dict[str, float]] = [{} for _ in examples]
    for fold in _folds(len(examples)):
        held = set(fold)
        train = [e for i, e in enumerate(examples) if i not in held]
        model = fit([e.features for e in train], [e.allowed for e in train], cells.names(), l2=l2, min_count=2)
        for i in fold:
            probs[i] = model.probabilities(examples[i].features)
    return probs


def accuracy(examples: Sequence[Example], predicted: Iterable[str]) -> float:
    """Share of examples whose predicted cell is one their label allows."""
    pairs = list(zip(examples, predicted, strict=True))
    return sum(p in e.allowed for e, p in pairs) / max(1, len(pairs))


def tune(examples: Sequence[Example], log: Any = sys.stderr) -> dict[str, float]:
    """Choose l2, keep, margin and sure by cross-validated accuracy of the coder's output cell."""
    placeholder = LinearModel(cells.names(), {}, np.zeros((0, len(cells.names()))), np.zeros(len(cells.names())), {})
    rules_only = accuracy(examples, (outcome(_Never(placeholder), {}, e) for e in examples))
    print(f"rules alone: cell accuracy {rules_only:.3f}", file=log)
    best = (-1.0, {})
    for l2 in L2_GRID:
        probs = cross_validate(examples, l2)
        model_only = accuracy(examples, (max(p, key=p.get) for p in probs))
        print(f"l2={l2}: model alone {model_only:.3f}", file=log)
        for keep, margin, sure in itertools.product(KEEP_GRID, MARGIN_GRID, SURE_GRID):
            placeholder.meta = {"keep": str(keep), "margin": str(margin), "sure": str(sure), "propose": str(PROPOSE)}
            model = EventModel(placeholder)
            score = accuracy(examples, (outcome(model, p, e) for p, e in zip(probs, examples, strict=True)))
            if score > best[0] + 1e-9:
                best = (score, {"l2": l2, "keep": keep, "margin": margin, "sure": sure})
    print(f"chosen {best[1]}: coder cell accuracy {best[0]:.3f} (cross-validated)", file=log)
    return {**best[1], "cv_accuracy": round(best[0], 4), "rules_accuracy": round(rules_only, 4)}


class _Never(EventModel):
    """A model that never intervenes: the rules alone."""

    def decide(self, probs: dict[str, float], rule_events: Sequence[Any]) -> None:  # type: ignore[override]
        return None


def train(root: Path, out: Path, *, l2: float | None = None, log: Any = sys.stderr) -> LinearModel:
    """Read, parse, tune (unless `l2` is given) and fit the model on every training sentence; write it."""
    examples, stats = read_training(root)
    print(f"training sentences: {stats}", file=log)
    parse_examples(examples)
    examples = [e for e in examples if e.features]
    if l2 is None:
        chosen = tune(examples, log)
    else:
        chosen = {"l2": l2, **{k: DEFAULTS[k] for k in ("keep", "margin", "sure")}}
    meta = {k: str(v) for k, v in chosen.items() if k != "l2"}
    meta.update({"name": NAME, "propose": str(PROPOSE),
                 "data": "conflibert_cameo/train.jsonl; plv_hu2024/PLV_train.jsonl",
                 **{f"n_{k}": str(v) for k, v in stats.items()}})
    model = fit([e.features for e in examples], [e.allowed for e in examples], cells.names(),
                l2=float(chosen["l2"]), min_count=2, meta=meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    print(f"wrote {out}: {len(model.vocab)} features x {len(model.classes)} classes", file=log)
    return model


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: train and write the weights file."""
    parser = argparse.ArgumentParser(prog="python -m parley.events.model.train", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path("../shared/eval"), help="folder of the evaluation data sets")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(WEIGHTS), help="weights file to write")
    parser.add_argument("--l2", type=float, default=None, help="fixed L2 strength (skips cross-validation)")
    args = parser.parse_args(argv)
    try:
        train(args.root, args.out, l2=args.l2)
    except ParleyError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
