"""Actor resolution on Parley's own annotated texts (eval/actors_gold): entity, country and sector.

Each text marks its mentions inline as `[[surface|KB id or none|country|sector]]` under a first line
`date: YYYY-MM-DD` (see eval/actors_gold/SOURCE.md). The texts are analysed with the document date;
a gold mention is matched by the predicted mentions that overlap it. Right: the predicted actor has
the gold id, or the same country and sector (collectives). `false_match_rate`: share of predictions
on annotated mentions that name the wrong actor or an actor where the gold says none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...errors import E, ParleyError

NAME = "actors_gold"
TASK = "actor resolution: KB id, country and sector of annotated mentions (Parley's own invented texts)"
LAYOUT = ("SOURCE.md", "texts/*.txt")
LABELS = "gold"
NOTE = "Written and annotated by the Parley authors to test the actors stage; not a public benchmark."
REFERENCE: list[dict[str, Any]] = [
    {"system": "goal (issue)", "metric": "country_accuracy", "value": 0.90, "source": "Parley actors issue"},
    {"system": "goal (issue)", "metric": "false_match_rate", "value": 0.02, "source": "Parley actors issue (upper bound)"},
]
_MARK = re.compile(r"\[\[([^|\]]+)\|([^|\]]*)\|([^|\]]*)\|([^|\]]*)\]\]")


def parse(marked: str) -> tuple[str, str | None, list[dict[str, Any]]]:
    """(plain text, date, gold mentions with start/end/id/country/sector) from one marked-up file."""
    date = None
    first, _, rest = marked.partition("\n")
    if first.startswith("date:"):
        date, marked = first.split(":", 1)[1].strip(), rest
    out, gold, cursor = [], [], 0
    for m in _MARK.finditer(marked):
        out.append(marked[cursor:m.start()])
        start = sum(len(p) for p in out)
        surface, ident, country, sector = (g.strip() for g in m.groups())
        out.append(surface)
        gold.append({"text": surface, "start": start, "end": start + len(surface),
                     "id": None if ident in ("", "none") else ident,
                     "country": country or None if country != "none" else None, "sector": sector or None})
        cursor = m.end()
    out.append(marked[cursor:])
    return "".join(out), date, gold


def _nlp() -> Any:
    try:
        from ...nlp import load_nlp

        return load_nlp()
    except Exception:  # noqa: BLE001  (the dictionary stage works without spaCy)
        return None


def score(records: list[tuple[str, str, str | None, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Figures over (name, text, date, gold) records, analysed with the shipped knowledge base."""
    from ...actors.resolver import find_actors

    nlp = _nlp()
    tp = predicted = positives = country_ok = sector_ok = on_gold = wrong = 0
    errors: list[dict[str, Any]] = []
    for name, text, date, gold in records:
        actors = find_actors(text, nlp(text) if nlp else None, on_date=date)
        spans = [(m.start, m.end, a) for a in actors for m in a.mentions if not a.id.startswith("x:")]
        predicted += len(spans)
        for g in gold:
            hits = [a for s, e, a in spans if s < g["end"] and e > g["start"] and not a.id.startswith("x:")]
            a = hits[0] if hits else None
            right = bool(a is not None) and bool(a.id == g["id"] or (
                g["id"] is not None and a.country == g["country"] and g["sector"] and g["sector"] in a.sectors
                and a.type != "person" and not g["id"].islower()))
            if g["id"] is not None:
                positives += 1
                tp += right
                country_ok += a is not None and a.country == g["country"]
                sector_ok += a is not None and (g["sector"] in a.sectors if g["sector"] else not a.sectors)
            if a is not None:
                on_gold += 1
                wrong += not right
            if (g["id"] is not None and not right) or (g["id"] is None and a is not None):
                errors.append({"file": name, "text": g["text"], "gold": g["id"], "gold_country": g["country"],
                               "predicted": a.id if a else None, "predicted_country": a.country if a else None})
    precision = tp / predicted if predicted else 0.0
    recall = tp / positives if positives else 0.0
    return {
        "records": sum(len(r[3]) for r in records), "documents": len(records),
        "precision": round(precision, 3), "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "country_accuracy": round(country_ok / positives, 3) if positives else 0.0,
        "sector_accuracy": round(sector_ok / positives, 3) if positives else 0.0,
        "false_match_rate": round(wrong / on_gold, 3) if on_gold else 0.0,
        "errors": _kinds(errors), "examples": errors[:40],
    }


def _kinds(errors: list[dict[str, Any]]) -> dict[str, int]:
    """Mistakes counted by kind: missed, wrong actor, false match (gold says none)."""
    out = {"missed": 0, "wrong_actor": 0, "false_match": 0}
    for e in errors:
        kind = "false_match" if e["gold"] is None else "missed" if e["predicted"] is None else "wrong_actor"
        out[kind] += 1
    return out


def load(folder: Path, limit: int | None = None) -> list[tuple[str, str, str | None, list[dict[str, Any]]]]:
    """(file name, text, date, gold mentions) of each annotated text, at most `limit` files."""
    files = sorted((folder / "texts").glob("*.txt"))
    if not files:
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no texts/*.txt")
    return [(p.name, *parse(p.read_text("utf-8"))) for p in files[:limit] if p.is_file()]


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Score actor resolution on the annotated texts in `folder`."""
    return score(load(folder, limit))
