"""PETRARCH validation suite (fictional actors): CAMEO triples with the suite's own dictionaries.

The suite's actor and verb dictionaries are converted with `parley.dictionaries` (cached by
their hashes) and given to Parley as `actors_file` / `verbs_file`; each record's text is analysed
alone with its date as publication date. Parley's coded set is the (source code, target code,
CAMEO code) triples of its events that have both actors and are not negated (PETRARCH codes
dyads only, and no negated events). The suite's discard list is converted too: a record whose
text holds a discard phrase is left uncoded, as PETRARCH does. A record passes when that set
equals the expected set; a record expecting no event or an error (discard, dateline) passes
when nothing is coded.
The converted agent table is passed as `extra` `agents_file`, which the actor resolver reads
when it supports user agent tables (see docs/dictionaries.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...api import analyze
from ...dictionaries import Converted, Discards, convert_cached, read_discards
from ...errors import E, ParleyError
from ..metrics import prf

NAME = "petrarch2"
TASK = "CAMEO event triples (source code, target code, event code) per sentence, PETRARCH dictionaries"
LAYOUT = ("records/PETR.UnitTest.records.jsonl", "dictionaries/PETR.Validate.actors.txt")
LABELS = "gold"
NOTE = ("Actors and verbs: the suite's PETR.Validate dictionaries converted by `parley dict import` "
        "(TABARI-format verbs). Expected codes outside CAMEO (e.g. 903, 345) cannot be produced.")
REFERENCE: list[dict[str, Any]] = [
    {"system": "PETRARCH-2 (unmodified), 2.0-format verb file", "metric": "pass_rate", "value": 0.10,
     "source": "shared/eval/README.md (peer run, 2026-11-23)"},
    {"system": "PETRARCH-2 (unmodified), TABARI-format verb file", "metric": "pass_rate", "value": 0.32,
     "source": "shared/eval/README.md (peer run, 2026-11-23)"},
]
RECORDS = "records/PETR.UnitTest.records.jsonl"
EXAMPLES = 8

Triple = tuple[str, str, str]


def load_records(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The JSONL records of a PETRARCH validation file; E402 when missing or malformed."""
    try:
        lines = path.read_text("utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        raise ParleyError(E.E402, path=path, name=NAME, reason=str(exc)[:200]) from exc
    return records[:limit] if limit else records


def iso_date(value: str | None) -> str | None:
    """'19950101' -> '1995-01-01'; None when the record has no usable date."""
    value = (value or "").strip()
    if len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def expected(record: dict[str, Any]) -> set[Triple]:
    """The record's expected triples (empty for no-event and error records)."""
    if record.get("expected_noevents") or record.get("expected_error"):
        return set()
    return {(str(e.get("source") or ""), str(e.get("target") or ""), str(e.get("code") or ""))
            for e in record.get("expected_events") or []}


def predicted(text: str, published: str | None, converted: Converted,
              discards: Discards | None = None) -> set[Triple]:
    """Parley's coded dyads of one sentence as triples (none when a discard phrase occurs in it)."""
    if discards is not None and discards.find(text):
        return set()
    extra = (("agents_file", str(converted.agents_file)),) if converted.agents_file else ()
    report = analyze(text, published=published, actors_file=converted.actors_file,
                     verbs_file=converted.verbs_file, extra=extra)
    return {(e.source.code or "", e.target.code or "", e.cameo) for e in report.events
            if e.source and e.target and not e.negated}


def classify(gold: set[Triple], pred: set[Triple]) -> Counter[str]:
    """Error kinds of one record: wrong_code (same actors), wrong_actor (same code), missed, spurious."""
    kinds: Counter[str] = Counter()
    gold_left, pred_left = sorted(gold - pred), sorted(pred - gold)
    for key, kind in (((0, 1), "wrong_code"), ((2,), "wrong_actor")):
        for g in list(gold_left):
            hit = next((p for p in pred_left if all(p[i] == g[i] for i in key)), None)
            if hit:
                kinds[kind] += 1
                gold_left.remove(g)
                pred_left.remove(hit)
    kinds["missed"] += len(gold_left)
    kinds["spurious"] += len(pred_left)
    return kinds


def _root(triples: Iterable[Triple]) -> set[Triple]:
    return {(s, t, c[:2]) for s, t, c in triples}


def score(rows: list[tuple[dict[str, Any], set[Triple], set[Triple]]]) -> dict[str, Any]:
    """Record pass rates, triple F1 (full code and root), error kinds and examples by kind."""
    n = len(rows)
    passed = root_passed = tp = fp = fn = rtp = rfp = rfn = 0
    errors: Counter[str] = Counter()
    by_category: dict[str, list[int]] = {}
    examples: dict[str, list[dict[str, Any]]] = {}
    for record, gold, pred in rows:
        ok = gold == pred
        passed += ok
        root_passed += _root(gold) == _root(pred)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        rg, rp = _root(gold), _root(pred)
        rtp, rfp, rfn = rtp + len(rg & rp), rfp + len(rp - rg), rfn + len(rg - rp)
        cat = by_category.setdefault(str(record.get("category") or "?"), [0, 0])
        cat[0] += ok
        cat[1] += 1
        if not ok:
            kinds = classify(gold, pred)
            errors.update(kinds)
            example = {"id": record.get("id"), "text": record.get("text"),
                       "expected": sorted(" ".join(t) for t in gold),
                       "predicted": sorted(" ".join(t) for t in pred),
                       "errors": {k: n for k, n in kinds.items() if n}}
            for kind in example["errors"]:  # the record is an example of each kind of error it shows
                kept = examples.setdefault(kind, [])
                if len(kept) < EXAMPLES:
                    kept.append(example)
    full, root = prf(tp, fp, fn), prf(rtp, rfp, rfn)
    return {
        "records": n,
        "pass_rate": round(passed / n, 4) if n else 0.0,
        "root_pass_rate": round(root_passed / n, 4) if n else 0.0,
        "full_f1": full["f1"], "full_precision": full["precision"], "full_recall": full["recall"],
        "root_f1": root["f1"],
        "errors": {k: errors.get(k, 0) for k in ("wrong_actor", "wrong_code", "missed", "spurious")},
        "by_category": {k: round(v[0] / v[1], 4) for k, v in sorted(by_category.items())},
        "examples": examples,
    }


def run(records: list[dict[str, Any]], converted: Converted) -> dict[str, Any]:
    """Analyse every record with the converted dictionaries and score the result."""
    rows = []
    discards = read_discards(converted.discards_file) if converted.discards_file else None
    for record in records:
        text = str(record.get("text") or "")
        pred = predicted(text, iso_date(record.get("date")), converted, discards) if text.strip() else set()
        rows.append((record, expected(record), pred))
    result = score(rows)
    result["dictionaries"] = {k: (v.get("written"), v.get("skipped")) for k, v in converted.report.items()
                              if isinstance(v, dict) and "written" in v}
    return result


def evaluate(folder: Path, *, limit: int | None = None, verbs: str = "tabari") -> dict[str, Any]:
    """Score Parley on the suite; `verbs` = "tabari" (PETR.Validate.verbs.txt) or "2.0" (the 2.0 rewrite)."""
    folder = Path(folder)
    dicts = folder / "dictionaries"
    verb_file = dicts / "PETR.Validate.verbs.txt" if verbs == "tabari" else \
        dicts / "universalpetrarch_variants" / "PETR.Validate.verbs.2.0.txt"
    for path in (dicts / "PETR.Validate.actors.txt", verb_file):
        if not path.is_file():
            raise ParleyError(E.E402, path=path, name=NAME, reason="dictionary missing")
    discards = dicts / "PETR.Validate.discards.txt"
    converted = convert_cached(actors=[dicts / "PETR.Validate.actors.txt"],
                               agents=[dicts / "PETR.Validate.agents.txt"], verbs=[verb_file],
                               discards=[discards] if discards.is_file() else None)
    return run(load_records(folder / RECORDS, limit), converted)
