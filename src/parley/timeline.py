"""Timelines: the dated events and time references of one or more reports on one time axis.

Analysis only: `timeline_points` turns DocumentReports into plain `TimelinePoint`s (each with its
evidence sentence and document) that the CLI prints and `parley.charts` draws. `value_interval`
reads Parley's ISO-like values ("2016-08-19", "2016-W33", "2016-SU", "2009/2010", decades) as
a first and last calendar day, so any precision can sit on a linear date axis.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .document import DocumentReport

__all__ = ["TimelinePoint", "quad_class_name", "sentence_around", "timeline_points", "value_interval"]

PointKind = Literal["event", "reference"]
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


class TimelinePoint(BaseModel):
    """One dated thing on the axis: an event or a dated reference, with where it was read."""

    model_config = ConfigDict(extra="forbid")

    kind: PointKind
    value: str = Field(description="The date as Parley normalised it (ISO-like).")
    precision: str
    basis: str | None = Field(None, description="For events: explicit, relative, publication or unknown.")
    first: dt.date = Field(description="First calendar day the value covers.")
    last: dt.date = Field(description="Last calendar day the value covers.")
    label: str = Field(description="What happened (event) or the words of the reference.")
    quad_class: int | None = None
    plover: str | None = None
    cameo: str | None = None
    document_id: str
    document: str = Field(description="A readable name for the document: title, path or id.")
    evidence: str
    start: int
    end: int

    @property
    def middle(self) -> dt.date:
        """The day halfway through the covered interval (where a chart puts the point)."""
        return self.first + (self.last - self.first) / 2


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _year(text: str) -> int | None:
    y = int(text)
    return y if 1 <= y <= 9999 else None


def value_interval(value: str | None, precision: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The (first, last) day an ISO-like value covers, or None when it names no calendar time."""
    if not value:
        return None
    v = value.strip()
    try:
        if "/" in v:  # a range "2009/2010" or "2016-03/2016-05"
            a, b = v.split("/", 1)
            left, right = value_interval(a), value_interval(b)
            return (left[0], right[1]) if left and right and left[0] <= right[1] else None
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", v):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return (d, d)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            y, mo = int(m[1]), int(m[2])
            return (dt.date(y, mo, 1), _month_end(y, mo))
        if m := re.fullmatch(r"(\d{4})-W(\d{1,2})(?:-WE)?", v):
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (first, first + dt.timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            y, q = int(m[1]), int(m[2])
            return (dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v):
            y, (lo, hi) = int(m[1]), _SEASONS[m[2]]
            return (dt.date(y, lo, 1), _month_end(y + (hi - 1) // 12, (hi - 1) % 12 + 1))
        if m := re.fullmatch(r"(\d{4})", v):
            y = _year(m[1])
            if y is None:
                return None
            if precision == "decade":
                return (dt.date(y - y % 10, 1, 1), dt.date(y - y % 10 + 9, 12, 31))
            return (dt.date(y, 1, 1), dt.date(y, 12, 31))
        if (m := re.fullmatch(r"(\d{3})", v)) and precision in {None, "decade"}:
            y = int(m[1]) * 10
            return (dt.date(y, 1, 1), dt.date(y + 9, 12, 31))
        if (m := re.fullmatch(r"(\d{2})", v)) and precision == "century":
            y = int(m[1]) * 100
            return (dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31))
    except ValueError:  # an impossible date kept as written: it has no place on the axis
        return None
    return None


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence that holds text[start:end] (cut to `limit` characters), as evidence."""
    if not text or not 0 <= start <= end <= len(text):
        return ""
    left = max(text.rfind(sep, 0, start) for sep in (". ", "! ", "? ", "\n"))
    rights = [i for i in (text.find(sep, end) for sep in (". ", "! ", "? ", "\n")) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    sentence = " ".join(text[left + 1 : right].split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _doc_name(report: DocumentReport) -> str:
    d = report.document
    return d.title or (d.path.rsplit("/", 1)[-1] if d.path else None) or d.id[:12]


def _event_label(ev: object) -> str:
    src = getattr(ev, "source", None)
    tgt = getattr(ev, "target", None)
    who = lambda ref: (ref.name or ref.text or ref.code or "?") if ref is not None else "?"  # noqa: E731
    what = getattr(ev, "plover", None) or f"CAMEO {ev.cameo}"  # type: ignore[attr-defined]
    return f"{who(src)} → {what} → {who(tgt)}"


def timeline_points(reports: Iterable[DocumentReport], *, references: bool = True) -> list[TimelinePoint]:
    """Every dated event (and, with `references`, every dated time expression), sorted by date."""
    points: list[TimelinePoint] = []
    for report in reports:
        doc_id, name, text = report.document.id, _doc_name(report), report.document.text
        for ev in report.events:
            span = value_interval(ev.date.value, ev.date.precision)
            if span is None:
                continue
            points.append(TimelinePoint(
                kind="event", value=ev.date.value or "", precision=ev.date.precision, basis=ev.date.basis,
                first=span[0], last=span[1], label=_event_label(ev), quad_class=ev.quad_class,
                plover=ev.plover, cameo=ev.cameo, document_id=doc_id, document=name,
                evidence=ev.evidence.text, start=ev.evidence.start, end=ev.evidence.end))
        if not references:
            continue
        for t in report.times:
            span = value_interval(t.value, t.precision)
            if span is None:
                continue
            points.append(TimelinePoint(
                kind="reference", value=t.value or "", precision=t.precision, first=span[0], last=span[1],
                label=t.text, document_id=doc_id, document=name,
                evidence=sentence_around(text, t.start, t.end) or t.text, start=t.start, end=t.end))
    return sorted(points, key=lambda p: (p.first, p.last, p.document, p.start))


def quad_class_name(quad_class: int | None) -> str:
    """A readable QuadClass name ("3 verbal conflict"), or "reference" for undated kinds."""
    return f"{quad_class} {_QUAD[quad_class]}" if quad_class in _QUAD else "no QuadClass"
