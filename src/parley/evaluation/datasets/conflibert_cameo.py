"""ConfliBERT / Multi-CoPED CAMEO sentences: penta class of the top event + source/target spans.

Test split only (`test.jsonl`); train is development data and never read here. The predicted
class is the penta class of the CAMEO root of the sentence's top event (`coding.top_event`), NONE
when Parley codes no event. Spans: the top event's source (target) text agrees with a gold
source (target) span when they share a word (`overlap`) or have the same words (`exact`);
reciprocal spans count for both roles.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...api import analyze
from ...errors import E, ParleyError
from .. import coding
from ..metrics import NONE, ErrorLog, accuracy, confusion, macro_f1, per_label, token_f1, words

NAME = "conflibert_cameo"
TASK = "CAMEO penta class (statement / verbal-material cooperation-conflict) + actor spans, test split"
LAYOUT = ("test.jsonl", "original_format/cameo_class_*.tsv")
LABELS = "gold"
PENTA = ("MAKE_STATEMENT", "VERBAL_COOPERATION", "MATERIAL_COOPERATION", "VERBAL_CONFLICT", "MATERIAL_CONFLICT")
REFERENCE: list[dict[str, Any]] = [
    {"system": "Multi-CoPED (Parolin et al. 2022)", "metric": "penta_macro_f1",
     "value": "+23.3 points macro-F1 over existing event coders (abstract; table figures not verified)",
     "source": "Parolin et al. 2022, AIES, abstract"},
]


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Test records that carry a penta label."""
    path = folder / "test.jsonl"
    if not path.is_file():
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no test.jsonl")
    records = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise ParleyError(E.E402, path=path, name=NAME, reason=f"line {n}: {exc}") from exc
        if rec.get("penta_label") and rec.get("text"):
            records.append(rec)
    return records[:limit] if limit else records


def _agree(text: str | None, spans: list[dict[str, Any]]) -> tuple[bool, bool]:
    """(shares a word, same words) between a predicted actor text and any gold span."""
    overlap = any(token_f1(text, s.get("text")) > 0 for s in spans)
    exact = any(words(text) == words(s.get("text")) for s in spans) if text else False
    return overlap, exact


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Penta macro-F1/accuracy and source/target span agreement on the test split."""
    records = load(folder, limit)
    log = ErrorLog()
    gold: list[str] = []
    pred: list[str] = []
    span = {"source": [0, 0, 0], "target": [0, 0, 0]}  # overlap, exact, gold records with spans
    for rec in records:
        report = analyze(rec["text"])
        top = coding.top_event(report.events)
        label = coding.penta_label(top.cameo_root) if top else NONE
        gold.append(rec["penta_label"])
        pred.append(label)
        recip = rec.get("reciprocal_spans") or []
        wrong_actor = False
        for role in ("source", "target"):
            spans = (rec.get(f"{role}_spans") or []) + recip
            if not spans:
                continue
            ref = getattr(top, role) if top else None
            ov, ex = _agree(ref.text if ref else None, spans)
            span[role][0] += ov
            span[role][1] += ex
            span[role][2] += 1
            wrong_actor |= top is not None and not ov
        example = {"id": rec.get("id"), "text": rec["text"][:200], "gold": rec["penta_label"],
                   "pred": f"{label} {coding.describe(top)}"}
        if top is None:
            log.add("missed", **example)
        elif label != rec["penta_label"]:
            log.add("wrong_code", **example)
        elif wrong_actor:
            log.add("wrong_actor", **example)
    figures: dict[str, Any] = {
        "records": len(records),
        "penta_macro_f1": macro_f1(gold, pred, PENTA),
        "penta_accuracy": accuracy(gold, pred),
        "coverage": round(sum(p != NONE for p in pred) / max(1, len(pred)), 4),
    }
    for role, (ov, ex, n) in span.items():
        figures[f"{role}_overlap"] = round(ov / max(1, n), 4)
        figures[f"{role}_exact"] = round(ex / max(1, n), 4)
    figures.update({"per_type": per_label(gold, pred, PENTA), "confusion": confusion(gold, pred), **log.figures()})
    return figures
