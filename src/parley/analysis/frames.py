"""The Python API for researchers: events, series and networks as pandas DataFrames.

    import parley
    ev = parley.events("parley.duckdb", actor="IRN")
    yearly = parley.series("parley.duckdb", dyad="IRN-USA", by="year")

`db` is a .duckdb store, a batch output folder, an open Store or a DuckDB connection.
"""

from __future__ import annotations

from typing import Any

from ..errors import E, ParleyError
from . import dates
from .select import DATE_BASES, Dyad, check_choice, parse_dyad, where_clause
from .source import SourceLike, open_source, owns

#: Document columns joined to every event row.
DOCUMENT_COLUMNS = ("published", "outlet", "title", "url", "dateline")


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is a pinned dependency
        raise ParleyError(E.E559, reason=str(exc)) from exc
    return pd


def events(db: SourceLike, *, dyad: str | Dyad | None = None, actor: str | None = None,
           directed: bool = True, code: str | None = None, plover: str | None = None,
           quad_class: int | None = None, asserted_only: bool = False, date: str = "event",
           start: str | None = None, end: str | None = None) -> Any:
    """Events matching the filters, one row each, with their document's metadata and parsed dates.

    Adds `event_date` (first day of the event's own date, else of the report), `event_precision`,
    `report_date` (the document's publication date) and `date_used` (the one `date` selects).
    `start`/`end` (YYYY-MM-DD, inclusive) filter on `date_used`.
    """
    pd = _pandas()
    check_choice("date basis", date, DATE_BASES)
    if isinstance(dyad, str):
        dyad = parse_dyad(dyad, directed=directed)
    where, params = where_clause(dyad=dyad, actor=actor, code=code, plover=plover,
                                 quad_class=quad_class, asserted_only=asserted_only)
    con = open_source(db)
    try:
        doc_cols = ", ".join(f"d.{c} AS doc_{c}" for c in DOCUMENT_COLUMNS)
        sql = (f"SELECT e.*, {doc_cols} FROM (SELECT * FROM events WHERE {where}) e "
               "LEFT JOIN documents d ON d.id = e.doc_id ORDER BY e.doc_id, e.evidence_start, e.id")
        frame = con.execute(sql, params).df()
    finally:
        if owns(db):
            con.close()
    frame = frame.rename(columns={f"doc_{c}": c for c in DOCUMENT_COLUMNS})
    return _add_dates(pd, frame, date, start, end)


def _add_dates(pd: Any, frame: Any, basis: str, start: str | None, end: str | None) -> Any:
    """Parsed event and report dates, the one chosen by `basis`, and the date-range filter."""
    event_days, precisions, report_days = [], [], []
    for value, precision, published in zip(frame.get("date_value", []), frame.get("date_precision", []),
                                           frame.get("published", []), strict=False):
        day, prec = dates.parse(value, precision)
        report, _ = dates.parse(published)
        if day is None and report is not None:  # no date of its own: the report's, as GDELT does
            day, prec = report, "day"
        event_days.append(day)
        precisions.append(prec)
        report_days.append(report)
    frame = frame.assign(
        event_date=pd.to_datetime(pd.Series(event_days, dtype="object"), errors="coerce").values,
        event_precision=precisions,
        report_date=pd.to_datetime(pd.Series(report_days, dtype="object"), errors="coerce").values)
    frame["date_used"] = frame["event_date"] if basis == "event" else frame["report_date"]
    if start:
        frame = frame[frame["date_used"] >= pd.Timestamp(start)]
    if end:
        frame = frame[frame["date_used"] <= pd.Timestamp(end)]
    return frame.reset_index(drop=True)


def series(db: SourceLike, **options: Any) -> Any:
    """Event counts, Goldstein sum/mean and QuadClass counts per period (see analysis.series)."""
    from .series import series as _series

    return _series(db, **options)


def network(db: SourceLike, **options: Any) -> tuple[Any, Any]:
    """(nodes, edges) DataFrames of who acts on whom (see analysis.network)."""
    from .network import network as _network

    return _network(db, **options)
