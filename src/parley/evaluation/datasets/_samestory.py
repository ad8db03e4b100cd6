"""Shared scoring for same-story data sets (basil, allsides_neus): story grouping and alignment."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..metrics import bcubed

#: stories whose documents are analysed for the alignment figures when no limit is given.
ALIGN_STORIES = 20


def grouping(records: list[dict[str, Any]]) -> dict[str, Any]:
    """B-cubed P/R/F1 of parley.compare's story grouping against the gold story of each record."""
    from ...compare.stories import cluster

    labels, links = cluster([r["text"] for r in records], [r.get("title") for r in records])
    gold = {i: r["story"] for i, r in enumerate(records)}
    pred = dict(enumerate(labels))
    scores = bcubed(gold, pred)
    return {"bcubed_f1": scores["f1"], "bcubed_precision": scores["precision"],
            "bcubed_recall": scores["recall"], "predicted_stories": len(set(labels)),
            "gold_stories": len(set(gold.values())),
            "near_duplicate_pairs": sum(1 for link in links if link.kind == "near_duplicate")}


def alignment(records: list[dict[str, Any]], stories: int = ALIGN_STORIES) -> dict[str, Any]:
    """Alignment within each gold story: share of stories with an event reported by 2+ of its documents."""
    from ...api import analyze
    from ...compare.align import align_events

    by_story: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_story[r["story"]].append(r)
    chosen = [docs for docs in by_story.values() if len(docs) > 1][:stories]
    with_shared = all_docs = 0
    shared_events = 0
    for docs in chosen:
        reports = [analyze(d["text"], published=d.get("published"), title=d.get("title")) for d in docs]
        events = align_events(reports)
        shared = [e for e in events if len(e.reported_by) > 1]
        shared_events += len(shared)
        with_shared += bool(shared)
        all_docs += any(len(e.reported_by) == len({r.document.id for r in reports}) for e in events)
    n = max(1, len(chosen))
    return {"alignment_stories": len(chosen), "alignment_coverage": round(with_shared / n, 4),
            "alignment_all_documents": round(all_docs / n, 4),
            "shared_events_per_story": round(shared_events / n, 2)}
