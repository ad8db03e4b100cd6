"""PLOVER gold-standard records (OEDA, CAMEO-manual sentences): end-to-end events vs gold.

Each sentence is analysed on its own with its record date as publication date. A gold event
(source actors, target actors, type) is found when Parley outputs an event of the same type
(2016 labels mapped, see `coding`) whose source matches a gold source and whose target matches
a gold target; when the gold has no target, any target or none is accepted, and for reciprocal
records (SRC/TAR) a target among the gold sources too. Actors match leniently by country code
or name (`coding.actor_matches`). The sentence's predicted type (for macro-F1) is that of the
event whose actors match best, else of the top event.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...api import analyze
from ...errors import E, ParleyError
from .. import coding
from ..metrics import NONE, ErrorLog, accuracy, confusion, f1, macro_f1, per_label

NAME = "plover_gsr"
TASK = "PLOVER event type + source/target actors, end to end (CAMEO-manual sentences)"
LAYOUT = ("PLOVER_GSR_*.json",)
LABELS = "gold"
NOTE = ("Gold labels are PLOVER 0.5b1 (2016): DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, "
        "FIGHT→ASSAULT before scoring. Actors match by country code or shared name word.")
REFERENCE: list[dict[str, Any]] = []


def _actors(value: Any) -> list[tuple[str | None, str | None]]:
    """Gold actors of one role as (code, text) pairs ('' and None mean none)."""
    if not isinstance(value, list):
        return []
    return [(a.get("code"), a.get("actorText")) for a in value if isinstance(a, dict)]


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The event records (the DOCUMENT provenance record left out)."""
    files = sorted(folder.glob("PLOVER_GSR_*.json"))
    if not files:
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no PLOVER_GSR_*.json file")
    try:
        data = json.loads(files[0].read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ParleyError(E.E402, path=files[0], name=NAME, reason=str(exc)) from exc
    records = [r for r in data if isinstance(r, dict) and r.get("event") not in (None, "DOCUMENT") and r.get("text")]
    return records[:limit] if limit else records


def _roles(event: Any, sources: list, targets: list) -> tuple[bool, bool]:
    """Whether the event's source and target agree with the gold roles."""
    src_ok = coding.any_actor_matches(event.source, sources)
    if targets:
        tgt_ok = coding.any_actor_matches(event.target, targets)
    else:
        tgt_ok = event.target is None or coding.any_actor_matches(event.target, sources)
    return src_ok, tgt_ok


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Type macro-F1, (source, target, type) F1 and error kinds over the records.

    full precision = events that match their record's gold / all typed events; full recall =
    records whose gold event is found (compound sources may be matched by several events).
    """
    records = load(folder, limit)
    log = ErrorLog()
    gold_types: list[str] = []
    pred_types: list[str] = []
    found = right = n_pred = dyad_ok = 0
    for i, rec in enumerate(records):
        gold = coding.to_parley(rec["event"], "plover2016")
        sources, targets = _actors(rec.get("source")), _actors(rec.get("target"))
        report = analyze(rec["text"], published=str(rec.get("date") or "")[:10] or None)
        events = [e for e in report.events if e.plover]
        n_pred += len(events)
        scored = [(e, *_roles(e, sources, targets)) for e in events]
        full = [e for e, s, t in scored if s and t and e.plover == gold]
        dyad = [e for e, s, t in scored if s and t]
        best = full[0] if full else (dyad[0] if dyad else coding.top_event(events))
        gold_types.append(gold)
        pred_types.append(best.plover if best else NONE)
        dyad_ok += bool(dyad)
        example = {"id": f"{i}:{rec.get('id')}", "text": rec["text"][:200],
                   "gold": f"{'+'.join(c or '?' for c, _ in sources)} -[{gold}]-> "
                           f"{'+'.join(c or '?' for c, _ in targets) or '-'}",
                   "pred": "; ".join(coding.describe(e) for e in events[:3]) or NONE}
        right += len(full)
        if full:
            found += 1
        elif not events:
            log.add("missed", **example)
        elif dyad:
            log.add("wrong_code", **example)
        else:
            log.add("wrong_actor", **example)
        log.add("spurious", n=len(events) - len(full), **example)
    labels = sorted(set(gold_types))
    precision, recall = right / max(1, n_pred), found / max(1, len(records))
    return {
        "records": len(records),
        "macro_f1": macro_f1(gold_types, pred_types, labels),
        "accuracy": accuracy(gold_types, pred_types),
        "full_f1": round(f1(precision, recall), 4),
        "full_precision": round(precision, 4),
        "full_recall": round(recall, 4),
        "dyad_recall": round(dyad_ok / max(1, len(records)), 4),
        "per_type": per_label(gold_types, pred_types, labels),
        "confusion": confusion(gold_types, pred_types),
        **log.figures(),
    }
