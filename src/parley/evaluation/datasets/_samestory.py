"""Shared scoring for same-story data sets (basil, allsides_neus): story grouping and alignment."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from ..metrics import bcubed

#: stories whose documents are analysed for the alignment figures when no limit is given.
ALIGN_STORIES = 20
#: estimated precision (target-decoy) that the alignment cut-offs ALIGN and CLASH must keep.
TARGET_PRECISION = 0.95


def split(story: Any) -> str:
    """'dev' or 'test': a fixed half of the stories by a hash of the story id (for choosing cut-offs)."""
    return "dev" if int(hashlib.sha1(str(story).encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def _grouping(records: list[dict[str, Any]]) -> tuple[dict[str, float], list[int], int]:
    from ...compare.stories import cluster

    labels, links = cluster([r["text"] for r in records], [r.get("title") for r in records])
    gold = {i: r["story"] for i, r in enumerate(records)}
    dups = sum(1 for link in links if link.kind == "near_duplicate")
    return bcubed(gold, dict(enumerate(labels))), labels, dups


#: stories per small collection when scoring grouping below LOCAL_MIN_DOCS documents.
SMALL_SET = 5


def small_sets(records: list[dict[str, Any]], part: str, size: int = SMALL_SET) -> float | None:
    """Mean B-cubed F1 over collections of `size` consecutive stories of one half (the small-set cut)."""
    from ...compare.stories import cluster

    by_story: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if split(r["story"]) == part:
            by_story[r["story"]].append(r)
    keys = list(by_story)
    scores = []
    for start in range(0, len(keys) - size + 1, size):
        docs = [r for key in keys[start:start + size] for r in by_story[key]]
        labels, _ = cluster([r["text"] for r in docs], [r.get("title") for r in docs])
        scores.append(bcubed({i: r["story"] for i, r in enumerate(docs)}, dict(enumerate(labels)))["f1"])
    return round(sum(scores) / len(scores), 4) if scores else None


def grouping(records: list[dict[str, Any]]) -> dict[str, Any]:
    """B-cubed P/R/F1 of parley.compare's story grouping on all records and on each half of the stories.

    The cut-offs of `parley.compare.stories` were chosen on the 'dev' half of allsides_neus (and the
    small-set cut on the 'dev' halves of both data sets); the 'test' half (clustered on its own) is
    the held-out figure, and `small_sets_test_bcubed_f1` the mean over test collections of
    SMALL_SET stories (below the size where the CSLS cut applies).
    """
    scores, labels, dups = _grouping(records)
    out: dict[str, Any] = {"bcubed_f1": scores["f1"], "bcubed_precision": scores["precision"],
                           "bcubed_recall": scores["recall"], "predicted_stories": len(set(labels)),
                           "gold_stories": len({r["story"] for r in records}), "near_duplicate_pairs": dups}
    for part in ("dev", "test"):
        half = [r for r in records if split(r["story"]) == part]
        if half:
            out[f"{part}_bcubed_f1"] = _grouping(half)[0]["f1"]
    small = small_sets(records, "test")
    if small is not None:
        out["small_sets_test_bcubed_f1"] = small
    return out


def mixed_pairs(stories: list[list[Any]]) -> list[tuple[bool, Any]]:
    """(same story?, Pair) for every sighting pair when each story's reports are compared with the next story's.

    Pairs across the two stories are decoys (they cannot be one event, except a shared historical
    reference); pairs within a story are targets. Both come from one comparison, with one idf.
    """
    from ...compare.align import _idf, candidate_pairs, sightings

    out: list[tuple[bool, Any]] = []
    if len(stories) < 2:
        return out
    for k, mine in enumerate(stories):
        other = stories[(k + 1) % len(stories)]
        owner = {r.document.id: 0 for r in mine} | {r.document.id: 1 for r in other}
        drafts = sightings([*mine, *other])
        for pair in candidate_pairs(drafts, _idf(drafts), unrelated=True):
            out.append((owner[drafts[pair.i].doc] == owner[drafts[pair.j].doc], pair))
    return out


def _eligible(pairs: list[tuple[bool, Any]], kind: str) -> list[tuple[bool, float]]:
    """(target?, score) of the pairs `kind` cuts: 'align', 'clash' (all clashes), 'clash_event', 'clash_reference'."""
    if kind == "align":
        return [(same, p.score if p.sim > 0 else 0.0) for same, p in pairs if p.dates_ok and p.actors_ok]
    sighting_kind = kind.partition("_")[2]
    return [(same, p.sim) for same, p in pairs if not (p.dates_ok and p.actors_ok) and (p.dates_ok or p.actors_ok)
            and (not sighting_kind or getattr(p, "kind", "reference") == sighting_kind)]


def decoy_precision(pairs: list[tuple[bool, Any]], kind: str, cut: float) -> tuple[float | None, int]:
    """Target-decoy estimate of the precision of `kind` merges at `cut`, and their number.

    `kind`: 'align', 'clash' (every clash pair), 'clash_event' (coded events, cut by CLASH_EVENT) or
    'clash_reference' (dated references, cut by CLASH).

    Expected chance merges among targets = decoy merge rate x eligible target pairs; precision =
    1 - expected chance merges / target merges (None when nothing merges). A lower bound on the
    errors: documents of one story share more words by chance than documents of two stories.
    """
    rows = _eligible(pairs, kind)
    targets = sum(1 for same, _ in rows if same)
    decoys = len(rows) - targets
    hits = sum(1 for same, v in rows if same and v > 0 and v >= cut)
    false = sum(1 for same, v in rows if not same and v > 0 and v >= cut)
    if not hits:
        return None, 0
    expected = (false / decoys if decoys else 0.0) * targets
    return round(max(0.0, 1.0 - expected / hits), 4), hits


#: cut-offs tried when choosing ALIGN and CLASH.
CUTS = tuple(round(0.1 + k / 100, 2) for k in range(71))


def choose_cut(pairs: list[tuple[bool, Any]], kind: str, precision: float = TARGET_PRECISION) -> float | None:
    """Smallest cut at which the target-decoy estimated precision of `kind` merges reaches `precision`."""
    for cut in CUTS:
        est, _ = decoy_precision(pairs, kind, cut)
        if est is not None and est >= precision:
            return cut
    return None


def alignment(records: list[dict[str, Any]], stories: int = ALIGN_STORIES) -> dict[str, Any]:
    """Alignment within each gold story, and the target-decoy check of the alignment cut-offs.

    Up to `stories` stories with two or more documents are analysed, half from each split. Coverage:
    share of stories with an event reported by 2+ (all) of their documents. Cut-offs: ALIGN and CLASH
    as chosen on the 'dev' stories here (`*_dev_cut`), and the estimated precision of align and
    clash merges at the cut-offs in use on the 'test' stories (`*_test_precision`, `*_test_merges`); clashes
    are cut separately for coded events (`clash_event_*`, CLASH_EVENT) and dated references
    (`clash_reference_*`, CLASH).
    """
    from ...api import analyze
    from ...compare.align import ALIGN, CLASH, CLASH_EVENT, align_events

    by_story: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_story[r["story"]].append(r)
    multi = [(key, docs) for key, docs in by_story.items() if len(docs) > 1]
    half = max(1, stories // 2)
    chosen = ([x for x in multi if split(x[0]) == "dev"][:half] + [x for x in multi if split(x[0]) == "test"][:half])
    with_shared = all_docs = 0
    shared_events = 0
    analysed: dict[str, list[list[Any]]] = {"dev": [], "test": []}
    for key, docs in chosen:
        reports = [analyze(d["text"], published=d.get("published"), title=d.get("title")) for d in docs]
        analysed[split(key)].append(reports)
        events = align_events(reports)
        shared = [e for e in events if len(e.reported_by) > 1]
        shared_events += len(shared)
        with_shared += bool(shared)
        all_docs += any(len(e.reported_by) == len({r.document.id for r in reports}) for e in events)
    n = max(1, len(chosen))
    out: dict[str, Any] = {"alignment_stories": len(chosen), "alignment_coverage": round(with_shared / n, 4),
                           "alignment_all_documents": round(all_docs / n, 4),
                           "shared_events_per_story": round(shared_events / n, 2)}
    dev, test = mixed_pairs(analysed["dev"]), mixed_pairs(analysed["test"])
    for kind, cut in (("align", ALIGN), ("clash_reference", CLASH), ("clash_event", CLASH_EVENT)):
        chosen_cut = choose_cut(dev, kind) if dev else None
        out[f"{kind}_dev_cut"] = chosen_cut if chosen_cut is not None else "-"
        est, hits = decoy_precision(dev, kind, cut) if dev else (None, 0)
        out[f"{kind}_dev_precision"] = est if est is not None else "-"
        out[f"{kind}_dev_merges"] = hits
        est, hits = decoy_precision(test, kind, cut) if test else (None, 0)
        out[f"{kind}_test_precision"] = est if est is not None else "-"
        out[f"{kind}_test_merges"] = hits
    return out
