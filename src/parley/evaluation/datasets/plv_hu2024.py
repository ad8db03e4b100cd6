"""PLV (Hu et al., ACL 2024): the PLOVER root between a given source and target, test split.

Each (sentence, source, target) pair is analysed as one sentence. The event scored is the one
whose source and target match the given actors (by shared name word, `coding.names_agree`),
else one whose source matches, else the sentence's top event. Its PLOVER type is put in PLV's
15 roots (CONCEDE and RETREAT are both YIELD), and the root gives the penta class (1-4) as in PLV
(`data/plv_penta.tsv`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...api import analyze
from ...errors import E, ParleyError
from .. import coding
from ..metrics import NONE, ErrorLog, accuracy, confusion, macro_f1, per_label

NAME = "plv_hu2024"
TASK = "PLOVER root code for a given (source, target) pair (PLV test split)"
LAYOUT = ("PLV_test.jsonl",)
LABELS = "gold"
REFERENCE: list[dict[str, Any]] = [
    {"system": "ZSP level-2 (Hu et al. 2024, NLI zero-shot)", "metric": "root_accuracy", "value": 0.835,
     "source": "predictions shipped in upstream PLV_test.tsv, all 1,033 test pairs"},
    {"system": "ZSP level-2 (Hu et al. 2024, NLI zero-shot)", "metric": "root_macro_f1", "value": 0.821,
     "source": "predictions shipped in upstream PLV_test.tsv, all 1,033 test pairs"},
    {"system": "ZSP level-2 (Hu et al. 2024, NLI zero-shot)", "metric": "penta_accuracy", "value": 0.897,
     "source": "predictions shipped in upstream PLV_test.tsv, all 1,033 test pairs"},
    {"system": "ZSP level-2 (Hu et al. 2024, NLI zero-shot)", "metric": "penta_macro_f1", "value": 0.892,
     "source": "predictions shipped in upstream PLV_test.tsv, all 1,033 test pairs"},
]


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The test pairs."""
    path = folder / "PLV_test.jsonl"
    if not path.is_file():
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no PLV_test.jsonl")
    records = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise ParleyError(E.E402, path=path, name=NAME, reason=f"line {n}: {exc}") from exc
    records = [r for r in records if r.get("sentence") and r.get("gold_root")]
    return records[:limit] if limit else records


def pick(events: list[Any], source: str | None, target: str | None) -> tuple[Any | None, str]:
    """The event between the given actors and how it was chosen (dyad, source, top, none)."""
    typed = [e for e in events if e.plover]

    def has(ref: Any, name: str | None) -> bool:
        return ref is not None and (coding.names_agree(name, ref.text) or coding.names_agree(name, ref.name))

    for how, keep in (("dyad", lambda e: has(e.source, source) and has(e.target, target)),
                      ("source", lambda e: has(e.source, source))):
        chosen = [e for e in typed if keep(e)]
        if chosen:
            return max(chosen, key=lambda e: (e.confidence, -e.evidence.start)), how
    top = coding.top_event(events)
    return top, "top" if top else "none"


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Root and penta accuracy / macro-F1 of the event Parley codes between the given actors."""
    records = load(folder, limit)
    log = ErrorLog()
    cache: dict[str, list[Any]] = {}
    gold, pred, gpenta, ppenta = [], [], [], []
    dyads = 0
    for rec in records:
        text = rec["sentence"]
        if text not in cache:
            cache[text] = analyze(text).events
        event, how = pick(cache[text], rec.get("source"), rec.get("target"))
        root = coding.from_parley(event.plover if event else None, "plv")
        gold.append(rec["gold_root"])
        pred.append(root)
        gpenta.append(str(rec.get("gold_penta")))
        ppenta.append(coding.plv_penta().get(root, NONE))
        dyads += how == "dyad"
        example = {"id": rec.get("uid"), "text": text[:200],
                   "gold": f"{rec.get('source')} -[{rec['gold_root']}]-> {rec.get('target')}",
                   "pred": f"{coding.describe(event)} ({how})"}
        if event is None or not event.plover:
            log.add("missed", **example)
        elif root != rec["gold_root"]:
            log.add("wrong_code", **example)
        elif how != "dyad":
            log.add("wrong_actor", **example)
    labels = sorted(set(gold))
    return {
        "records": len(records),
        "root_accuracy": accuracy(gold, pred),
        "root_macro_f1": macro_f1(gold, pred, labels),
        "macro_f1": macro_f1(gold, pred, labels),
        "penta_accuracy": accuracy(gpenta, ppenta),
        "penta_macro_f1": macro_f1(gpenta, ppenta, sorted(set(gpenta))),
        "dyad_found": round(dyads / max(1, len(records)), 4),
        "per_type": per_label(gold, pred, labels),
        "confusion": confusion(gold, pred),
        **log.figures(),
    }
