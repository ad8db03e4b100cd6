"""Cross-source comparison: how different outlets tell the same story.

    >>> from parley.api import analyze_files
    >>> from parley.compare import compare
    >>> report = compare(list(analyze_files(["a.txt", "b.txt"])))   # doctest: +SKIP

One module per idea: `stories` (near duplicates and same-story groups), `align` (aligned events and
historical references), `contradictions`, `coverage` (and quotes per speaker), `framing` (tone and
loaded terms), `html` (the side-by-side report). `compare` runs them in turn.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ..document import DocumentReport
from . import stories as _stories
from .align import ALIGN, CLASH, CLASH_EVENT, align_events
from .contradictions import contradictions
from .coverage import coverage, quotes_by_speaker
from .framing import METHOD as FRAMING_METHOD
from .framing import framing
from .models import CompareReport, Story, StoryLink

__all__ = ["compare", "group_stories", "CompareReport"]


def group_stories(reports: Sequence[DocumentReport]) -> list[Story]:
    """The stories of a set of reports: every document in exactly one, with the basis of each."""
    texts = [r.document.text for r in reports]
    titles = [r.document.title for r in reports]
    labels, links = _stories.cluster(texts, titles)
    ids = [r.document.id for r in reports]
    by_label: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        by_label[lab].append(i)
    out = []
    for _, idx in sorted(by_label.items()):
        members = set(idx)
        mine = [link for link in links if link.a in members and link.b in members]
        doc_ids = list(dict.fromkeys(ids[i] for i in idx))
        out.append(Story(
            id=_stories.story_id(doc_ids), documents=doc_ids,
            basis=_stories.basis(Counter(link.kind for link in mine), mine, len(doc_ids)),
            links=[StoryLink(a=ids[link.a], b=ids[link.b], kind=link.kind, score=link.score,  # type: ignore[arg-type]
                             shared_terms=list(link.shared_terms)) for link in mine if ids[link.a] != ids[link.b]],
        ))
    return out


def _unique(reports: Sequence[DocumentReport]) -> list[DocumentReport]:
    """The reports with one per document id (the same file given twice is compared once)."""
    seen: dict[str, DocumentReport] = {}
    for r in reports:
        seen.setdefault(r.document.id, r)
    return list(seen.values())


def compare(reports: Sequence[DocumentReport], *, references: bool = True) -> CompareReport:
    """Compare documents: stories, aligned events, contradictions, coverage, quotes and framing."""
    reports = [r for r in _unique(reports) if r.document.text.strip()]
    stories = group_stories(reports)
    events = align_events(reports, references=references)
    return CompareReport(
        documents=[r.document for r in reports],
        stories=stories,
        events=events,
        contradictions=contradictions(events),
        coverage=coverage(reports, stories, events),
        quotes_by_speaker=quotes_by_speaker(reports),
        framing=framing(reports),
        method={
            "stories": f"near duplicates: MinHash (datasketch) Jaccard of word {_stories.SHINGLE}-shingles >= "
                       f"{_stories.NEAR_DUPLICATE}; same story: TF-IDF cosine of content-word stems and names, "
                       f"average-linkage clustering ({_stories.describe_cut()})",
            "events": f"coded events (same event family, compatible actors and dates) and dated references "
                      f"(time expression + surrounding words) aligned by idf-weighted key-word overlap >= "
                      f"{ALIGN}; clashing dates or actors merged at >= {CLASH_EVENT} for coded events, >= {CLASH} "
                      "for dated references (cut-offs chosen on data by a target-decoy estimate of precision "
                      ">= 0.95, see docs/compare.md)",
            "contradictions": "date intervals that do not overlap; different place, source, target; the same "
                              "counted noun with different numbers",
            "framing": FRAMING_METHOD,
        },
    )
