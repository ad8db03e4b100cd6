"""TempEval-3 TimeML gold: time expression extraction and normalisation, with each DCT as anchor.

Every document's TEXT (tags removed) is analysed end to end with its creation date (DCT) as the
publication date; `report.times` are scored against the gold TIMEX3s the TempEval-3 way.
Relaxed match: the spans overlap (one-to-one, largest overlap first); strict: same boundaries.
Value accuracy is over relaxed matches (Parley's `timex3` against gold `value`); value F1 is
TempEval-3's: value-correct matches against all system and all gold mentions. platinum (2013
web news) and aquaint (1998-2000 newswire) are reported apart; `--limit N` takes the first N
documents of each.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from ...api import analyze
from ...errors import E, ParleyError
from ..metrics import ErrorLog, f1, match_spans, prf, safe_div

NAME = "tempeval3"
TASK = "TIMEX3 extraction (relaxed/strict) and value normalisation with the DCT"
LAYOUT = ("*_timex3_index.jsonl",)
LABELS = "gold"
SUBSETS = ("platinum", "aquaint")
_SRC_TE3 = "UzZaman et al. 2013, TempEval-3 Task A (quoted in SOURCE.md, not re-checked)"
_SRC_PEER = "../shared/eval/README.md, measured 2026-11-23 on the shared part"
REFERENCE: list[dict[str, Any]] = [
    {"system": "HeidelTime", "metric": "platinum_relaxed_f1", "value": 0.903, "source": _SRC_TE3},
    {"system": "HeidelTime", "metric": "platinum_strict_f1", "value": 0.813, "source": _SRC_TE3},
    {"system": "HeidelTime", "metric": "platinum_value_f1", "value": 0.776, "source": _SRC_TE3},
    {"system": "spaCy DATE/TIME + dateparser", "metric": "platinum_relaxed_f1", "value": 0.87, "source": _SRC_PEER},
    {"system": "spaCy DATE/TIME + dateparser", "metric": "platinum_value_f1", "value": 0.42, "source": _SRC_PEER},
    {"system": "spaCy DATE/TIME + dateparser", "metric": "aquaint_relaxed_f1", "value": 0.85, "source": _SRC_PEER},
    {"system": "spaCy DATE/TIME + dateparser", "metric": "aquaint_value_f1", "value": 0.50, "source": _SRC_PEER},
]
_TAG = re.compile(r"<[^>]+>")


def text_of(tml: str) -> str:
    """The content of <TEXT> with inner tags removed (what the gold offsets point into)."""
    if "<TEXT>" not in tml:
        raise ValueError("no <TEXT> element")
    body = tml.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    return html.unescape(_TAG.sub("", body))


def load(folder: Path, subset: str, limit: int | None = None) -> list[tuple[dict[str, Any], str]]:
    """(index record, TEXT content) of the documents of one subset."""
    index = folder / f"{subset}_timex3_index.jsonl"
    if not index.is_file():
        return []
    out = []
    for line in index.read_text("utf-8").splitlines():
        if limit and len(out) >= limit:
            break
        if not line.strip():
            continue
        rec = json.loads(line)
        path = folder / subset / rec["doc"]
        try:
            out.append((rec, text_of(path.read_text("utf-8"))))
        except (OSError, ValueError) as exc:
            raise ParleyError(E.E402, path=path, name=NAME, reason=str(exc)) from exc
    return out


def score(docs: list[tuple[dict[str, Any], str]], log: ErrorLog) -> dict[str, float]:
    """Relaxed/strict P/R/F1 and value accuracy/F1 over the documents of one subset."""
    n_gold = n_sys = relaxed = strict = value_ok = 0
    for rec, text in docs:
        gold = rec.get("timexes") or []
        times = analyze(text, published=(rec.get("dct") or {}).get("value")).times
        n_gold += len(gold)
        n_sys += len(times)
        pairs = match_spans([(g["start"], g["end"]) for g in gold], [(t.start, t.end) for t in times],
                            threshold=1e-9)
        matched_g = {gi for gi, _ in pairs}
        matched_s = {si for _, si in pairs}
        for gi, si in pairs:
            g, t = gold[gi], times[si]
            relaxed += 1
            strict += (g["start"], g["end"]) == (t.start, t.end)
            if t.timex3 == g.get("value"):
                value_ok += 1
            else:
                log.add("wrong_date", id=rec["doc"], text=g["text"], gold=g.get("value"),
                        pred=f"{t.text!r} -> {t.timex3}")
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                log.add("missed", id=rec["doc"], text=g["text"], gold=g.get("value"), pred="NONE")
        for si, t in enumerate(times):
            if si not in matched_s:
                log.add("spurious", id=rec["doc"], text=t.text, gold="NONE", pred=t.timex3)
    r = prf(relaxed, n_sys - relaxed, n_gold - relaxed)
    s = prf(strict, n_sys - strict, n_gold - strict)
    vp, vr = safe_div(value_ok, n_sys), safe_div(value_ok, n_gold)
    return {"documents": len(docs), "gold": n_gold, "system": n_sys,
            "relaxed_precision": r["precision"], "relaxed_recall": r["recall"], "relaxed_f1": r["f1"],
            "strict_f1": s["f1"], "value_accuracy": round(safe_div(value_ok, relaxed), 4),
            "value_f1": round(f1(vp, vr), 4)}


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Figures per subset, flattened as `<subset>_<figure>`."""
    log = ErrorLog()
    figures: dict[str, Any] = {"records": 0}
    for subset in SUBSETS:
        docs = load(folder, subset, limit)
        if not docs:
            continue
        for key, value in score(docs, log).items():
            figures[f"{subset}_{key}"] = value
        figures["records"] += len(docs)
    if not figures["records"]:
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no <subset>_timex3_index.jsonl with documents")
    figures.update(log.figures())
    return figures
