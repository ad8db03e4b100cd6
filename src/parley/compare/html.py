"""The self-contained HTML comparison report: documents side by side with actors, events and quotes
highlighted, and panels for stories, contradictions, coverage and framing.

One Jinja2 template (`templates/compare.html`) with autoescaping on: article text may contain any
HTML and is always escaped. No external assets: styles are inline, there is no script.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..document import DocumentReport
from .models import CompareReport


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("parley.compare", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def segments(report: DocumentReport) -> list[tuple[str, list[str]]]:
    """The document text cut into (text, highlight classes) pieces: actor, event, quote."""
    text = report.document.text
    marks: list[tuple[int, int, str]] = []
    for actor in report.actors:
        marks += [(m.start, m.end, "actor") for m in actor.mentions]
    marks += [(e.evidence.start, e.evidence.end, "event") for e in report.events]
    marks += [(q.start, q.end, "quote") for q in report.quotes]
    cuts = sorted({0, len(text), *(max(0, min(len(text), p)) for s, e, _ in marks for p in (s, e))})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b <= a:
            continue
        classes = sorted({k for s, e, k in marks if s <= a and b <= e})
        out.append((text[a:b], classes))
    return out


def render(result: CompareReport, reports: Sequence[DocumentReport]) -> str:
    """The comparison as one self-contained HTML page."""
    by_id = {r.document.id: r for r in reports}
    docs = [{"doc": d, "segments": segments(by_id[d.id]) if d.id in by_id else [(d.text, [])]}
            for d in result.documents]
    names = {d.id: (d.outlet or d.title or (d.path or d.id).rsplit("/", 1)[-1]) for d in result.documents}
    shared = [e for e in result.events if len(e.reported_by) > 1]
    return _environment().get_template("compare.html").render(
        result=result, docs=docs, names=names, shared=shared,
        events_by_id={e.id: e for e in result.events})
