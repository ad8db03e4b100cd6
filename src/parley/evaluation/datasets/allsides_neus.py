"""AllSides headline roundups (NeuS): one story told by left, center and right outlets (excerpts).

Story grouping: all excerpts (title + lead paragraphs) are clustered at once by
`parley.compare.stories` and scored against the AllSides story id with B-cubed precision, recall
and F1; also each half of the stories on its own ('dev' / 'test' by a hash of the story id: the
story cut-offs were chosen on 'dev'). Event alignment: for the first stories of each half, the
share where Parley aligns at least one event or dated reference across two or more sides, and
across all of them, and the target-decoy check of the alignment cut-offs (see `_samestory`).
The story date is AllSides' (one per story), so grouping does not use dates: it would leak the gold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import E, ParleyError
from ._samestory import alignment, grouping

#: stories analysed for alignment and the alignment cut-offs (short excerpts: more than BASIL's 20).
ALIGN_STORIES = 60

NAME = "allsides_neus"
TASK = "same-story grouping of left/center/right excerpts (B-cubed vs story) and event alignment"
LAYOUT = ("allsides_roundups_2021.jsonl",)
_PEER = "TF-IDF cosine + complete-linkage clustering, all 1,185 excerpts, measured 2026-11-23 (../shared/eval/README.md)"
REFERENCE: list[dict[str, Any]] = [{"system": "TF-IDF + complete linkage", "metric": "bcubed_f1",
                                    "value": 0.79, "source": _PEER}]


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """One record per excerpt: text (title + lead paragraphs), outlet, side and gold story id."""
    path = folder / "allsides_roundups_2021.jsonl"
    if not path.is_file():
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no allsides_roundups_2021.jsonl")
    records = []
    stories = 0
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if limit and stories >= limit:
                break
            try:
                story = json.loads(line)
            except ValueError as exc:
                raise ParleyError(E.E402, path=path, name=NAME, reason=f"line {n}: {exc}") from exc
            stories += 1
            date = (story.get("date") or "")[:10] or None
            for side, art in (story.get("news") or {}).items():
                title = art.get("newsTitle") or ""
                body = "\n\n".join(art.get("newBody") or [])
                if not (title or body):
                    continue
                records.append({"id": f"{story.get('id')}-{side}", "story": story.get("id"), "side": side,
                                "outlet": art.get("newsSource"), "title": title, "published": date,
                                "text": f"{title}\n\n{body}"})
    return records


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """B-cubed figures of story grouping, and alignment coverage on the first stories."""
    records = load(folder, limit)
    return {"records": len(records), **grouping(records),
            **alignment(records, min(limit or ALIGN_STORIES, ALIGN_STORIES))}
