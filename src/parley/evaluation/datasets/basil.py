"""BASIL: the same event told by Fox News, the New York Times and HuffPost (80 triplets here).

Story grouping: all articles (title + body) are clustered at once by `parley.compare.stories` and
scored against the triplet id with B-cubed precision, recall and F1 (also per half of the
triplets: 'dev' / 'test', split by a hash of the triplet id). Event alignment (BASIL has no
event gold): for the first triplets, the share where Parley aligns at least one event or dated
reference across two or more of the articles, and across all three. Framing: tone toward the
target of each annotated bias span against its polarity (`tone_*` figures, see `_framing`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import E, ParleyError
from ._framing import load_spans, tone_figures
from ._samestory import ALIGN_STORIES, alignment, grouping

NAME = "basil"
TASK = ("same-story grouping (B-cubed vs triplet), cross-outlet event alignment, and tone toward the target "
        "of bias spans (accuracy, macro-F1 vs polarity)")
LAYOUT = ("articles/*/*.json",)
_PEER = "TF-IDF cosine + complete-linkage clustering, measured 2026-11-23 (../shared/eval/README.md)"
REFERENCE: list[dict[str, Any]] = [{"system": "TF-IDF + complete linkage", "metric": "bcubed_f1",
                                    "value": 0.97, "source": _PEER}]


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """One record per article: text (title + paragraphs), title, date and gold story (triplet id)."""
    files = sorted((folder / "articles").glob("*/*.json"))
    if not files:
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no articles/<year>/*.json")
    records = []
    for path in files:
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ParleyError(E.E402, path=path, name=NAME, reason=str(exc)) from exc
        paras = ["".join(" ".join(p).split("\n")) for p in rec.get("body-paragraphs", [])]
        title = rec.get("title") or ""
        date = (rec.get("date") or "")[:10] or None
        records.append({"id": rec.get("uuid"), "story": rec.get("triplet-uuid"), "title": title,
                        "published": date, "text": title + "\n\n" + "\n\n".join(paras)})
    if limit:
        stories = list(dict.fromkeys(r["story"] for r in records))[:limit]
        keep = set(stories)
        records = [r for r in records if r["story"] in keep]
    return records


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """B-cubed figures of story grouping, tone toward span targets, and alignment coverage on the first triplets."""
    records = load(folder, limit)
    spans = load_spans(folder, {r["story"] for r in records} if limit else None)
    return {"records": len(records), **grouping(records), **tone_figures(spans),
            **alignment(records, min(limit or ALIGN_STORIES, ALIGN_STORIES))}
