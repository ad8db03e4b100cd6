"""Dyad and actor series: how many events per period, how cooperative, of which QuadClass.

Periods come from the events' own dates, so a 1953 coup told in a 2025 article counts in 1953;
`date="report"` uses the report's publication date instead, as GDELT does. An event dated less
precisely than the bucket (a year-only event in a monthly series) is left out and counted in
`frame.attrs["left_out"]`, unless `coarse="first"` puts it in the first period of its span.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from . import dates
from .frames import _pandas, events
from .select import Dyad, check_choice, parse_dyad
from .source import SourceLike

COARSE = ("drop", "first")
QUAD_COLUMNS = ("quad1", "quad2", "quad3", "quad4")
#: The columns of a series frame, in order.
SERIES_COLUMNS = ("period", "period_start", "events", "goldstein_sum", "goldstein_mean", *QUAD_COLUMNS)


def series(db: SourceLike, *, dyad: str | Dyad | None = None, actor: str | None = None,
           directed: bool = True, by: str = "year", code: str | None = None, plover: str | None = None,
           date: str = "event", coarse: str = "drop", start: str | None = None, end: str | None = None,
           asserted_only: bool = False, fill: bool = True) -> Any:
    """A DataFrame with one row per period: events, goldstein_sum, goldstein_mean, quad1..quad4.

    `dyad` ("IRN-USA") counts events from the first actor to the second, both ways when
    `directed=False`; `actor` counts events it takes part in on either side. `fill` adds the
    empty periods between the first and the last, so the series has no silent gaps.
    """
    pd = _pandas()
    check_choice("period", by, dates.BUCKETS)
    check_choice("coarse-date policy", coarse, COARSE)
    if isinstance(dyad, str):
        dyad = parse_dyad(dyad, directed=directed)
    frame = events(db, dyad=dyad, actor=actor, code=code, plover=plover, date=date, start=start,
                   end=end, asserted_only=asserted_only)
    rows: dict[Date, list[Any]] = {}
    left_out = 0
    for used, precision, goldstein, quad in zip(frame["date_used"], frame["event_precision"],
                                                frame["goldstein"], frame["quad_class"], strict=False):
        if pd.isna(used):
            left_out += 1
            continue
        prec = precision if date == "event" else "day"
        if not dates.fits(prec, by) and coarse == "drop":
            left_out += 1
            continue
        key = dates.period_start(used.date(), by)
        row = rows.setdefault(key, [0, 0.0, 0, 0, 0, 0, 0])  # events, g_sum, g_n, q1..q4
        row[0] += 1
        if not pd.isna(goldstein):
            row[1] += float(goldstein)
            row[2] += 1
        if not pd.isna(quad) and 1 <= int(quad) <= 4:
            row[2 + int(quad)] += 1
    if fill and rows:
        first, last = min(rows), max(rows)
        day = first
        while day <= last:
            rows.setdefault(day, [0, 0.0, 0, 0, 0, 0, 0])
            day = dates.next_period(day, by)
    records = [
        (dates.period_label(k, by), pd.Timestamp(k), v[0], round(v[1], 3),
         round(v[1] / v[2], 3) if v[2] else None, *v[3:])
        for k, v in sorted(rows.items())
    ]
    out = pd.DataFrame.from_records(records, columns=list(SERIES_COLUMNS))
    out = out.astype({"events": "int64", **{c: "int64" for c in QUAD_COLUMNS}, "goldstein_mean": "float64"})
    out.attrs.update(left_out=left_out, by=by, date=date, selected=len(frame),
                     dyad=None if dyad is None else f"{dyad.source}-{dyad.target}",
                     directed=None if dyad is None else dyad.directed, actor=actor)
    return out
