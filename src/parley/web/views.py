"""What each page shows, as plain data: the HTML page renders it and its `.json` twin returns it.

Every function takes the store path and the query's values and returns a dict, so the browser,
the JSON twins and the tests see one behaviour. Analyses come from parley.analysis (when installed),
parley.timeline and parley.compare; this module only selects and shapes.
"""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any

from ..document import DocumentReport
from ..errors import E, ParleyError
from . import query
from .db import is_batch, reading, rows
from .models import event_from_row

__all__ = ["actors", "compare", "dashboard", "document", "document_list", "events", "is_batch",
           "load_reports", "segments", "series", "timeline"]
BUCKETS = ("day", "week", "month", "year")


def dashboard(db: Path, top: int = 10) -> dict[str, Any]:
    """Counts, top dyads, top actors, outlets, event types and events per month by QuadClass."""
    with reading(db) as con:
        return {
            "counts": query.counts(con),
            "top_dyads": query.top_dyads(con, top),
            "top_actors": query.actors(con, limit=top)[1],
            "outlets": query.outlet_facet(con, top),
            "by_plover": rows(con, "SELECT coalesce(plover, '(none)') AS plover, count(*) AS events, "
                                   "round(avg(goldstein), 2) AS goldstein_mean FROM events GROUP BY 1 "
                                   "ORDER BY events DESC, plover"),
            "volumes": query.volumes(con, "month"),
            "recent": query.documents(con, limit=top)[1],
        }


def events(db: Path, flt: query.EventFilter, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of filtered events (as report Events with their document) with facets and total."""
    flt.check()
    with reading(db) as con:
        total = query.count_events(con, flt)
        items = [event_from_row(r) for r in query.list_events(con, flt, limit=limit, offset=offset)]
        facets = query.facets(con, flt)
    return {"filter": flt.params(), "total": total, "limit": limit, "offset": offset,
            "items": items, "facets": facets}


def document_list(db: Path, *, q: str | None, outlet: str | None, limit: int, offset: int) -> dict[str, Any]:
    """One page of documents with the outlet facet."""
    with reading(db) as con:
        total, items = query.documents(con, q=q, outlet=outlet, limit=limit, offset=offset)
        facet = query.outlet_facet(con)
    return {"filter": {k: v for k, v in {"q": q, "outlet": outlet}.items() if v}, "total": total,
            "limit": limit, "offset": offset, "items": items, "facets": {"outlet": facet}}


def load_reports(db: Path, ids: list[str] | None = None, limit: int = 500) -> list[DocumentReport]:
    """Stored reports, with their text: the ones named by `ids` (E606 if one is missing), else the first `limit`."""
    with reading(db) as con:
        if ids:
            marks = ", ".join("?" * len(ids))
            found = con.execute(f"SELECT id, report, text FROM documents WHERE id IN ({marks})", ids).fetchall()
            order = {i: n for n, i in enumerate(ids)}
            found.sort(key=lambda r: order.get(r[0], 0))
        else:
            found = con.execute("SELECT id, report, text FROM documents ORDER BY published NULLS LAST, id "
                                "LIMIT ?", [limit]).fetchall()
    out = []
    for _, report_json, text in found:
        report = DocumentReport.model_validate_json(report_json)
        report.document.text = text or ""
        out.append(report)
    missing = set(ids or []) - {r.document.id for r in out}
    if missing:
        raise ParleyError(E.E606, doc_id=sorted(missing)[0])
    return out


def _who(ref: Any) -> str:
    return (ref.name or ref.text or ref.code or "?") if ref is not None else "?"


def segments(report: DocumentReport) -> list[dict[str, Any]]:
    """The text cut into pieces, each with the highlight kinds covering it (actor, event, quote) and a title."""
    text = report.document.text
    marks: list[tuple[int, int, str, str]] = []
    for actor in report.actors:
        label = f"actor: {actor.name}" + (f" ({actor.code})" if actor.code else "")
        marks += [(m.start, m.end, "actor", label) for m in actor.mentions]
    for e in report.events:
        marks.append((e.evidence.start, e.evidence.end, "event",
                      f"event: {_who(e.source)} → {e.plover or 'CAMEO ' + e.cameo} → {_who(e.target)}"))
    for q in report.quotes:
        speaker = f": {q.speaker.name}" if q.speaker and q.speaker.name else ""
        marks.append((q.start, q.end, "quote", f"quote ({q.kind}){speaker}"))
    n = len(text)
    cuts = sorted({0, n, *(max(0, min(n, p)) for s, e, _, _ in marks for p in (s, e))})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [(k, t) for s, e, k, t in marks if s <= a and b <= e]
        out.append({"text": text[a:b], "kinds": sorted({k for k, _ in covering}),
                    "title": "; ".join(dict.fromkeys(t for _, t in covering))})
    return out


def document(db: Path, doc_id: str) -> dict[str, Any]:
    """One stored report with its text cut into highlighted segments."""
    report = load_reports(db, [doc_id])[0]
    return {"report": report, "text": report.document.text, "segments": segments(report)}


def actors(db: Path, *, q: str | None, country: str | None, limit: int, offset: int) -> dict[str, Any]:
    """One page of actors with the country facet."""
    with reading(db) as con:
        total, items = query.actors(con, q=q, country=country, limit=limit, offset=offset)
        countries = rows(con, "SELECT country AS value, count(DISTINCT actor_id) AS count FROM actors "
                              "WHERE country IS NOT NULL GROUP BY 1 ORDER BY count DESC, value LIMIT 20")
    return {"filter": {k: v for k, v in {"q": q, "country": country}.items() if v}, "total": total,
            "limit": limit, "offset": offset, "items": items, "facets": {"country": countries}}


def _series_sql(con: Any, flt: query.EventFilter, by: str) -> tuple[list[dict[str, Any]], int]:
    """Series by SQL over the filtered events: each event in the period of its first day."""
    sql, params = query.selected(flt)
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {i}) AS quad{i}" for i in range(1, 5))
    found = rows(con, f"SELECT date_trunc('{by}', CAST(day AS DATE)) AS start, count(*) AS events, "
                      "coalesce(sum(goldstein), 0) AS goldstein_sum, avg(goldstein) AS goldstein_mean, "
                      f"{quads} FROM ({sql}) WHERE day IS NOT NULL GROUP BY 1 ORDER BY 1", params)
    left = con.execute(f"SELECT count(*) FROM ({sql}) WHERE day IS NULL", params).fetchone()[0]
    fmt = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}[by]
    out = [{"period": r["start"].strftime(fmt), "period_start": r["start"].isoformat()[:10],
            "events": r["events"], "goldstein_sum": round(float(r["goldstein_sum"]), 3),
            "goldstein_mean": None if r["goldstein_mean"] is None else round(float(r["goldstein_mean"]), 3),
            **{f"quad{i}": r[f"quad{i}"] for i in range(1, 5)}} for r in found]
    return out, int(left)


def _from_frame(frame: Any) -> list[dict[str, Any]]:
    out = []
    for r in frame.itertuples():
        mean = r.goldstein_mean
        out.append({"period": str(r.period), "period_start": r.period_start.date().isoformat(),
                    "events": int(r.events), "goldstein_sum": float(r.goldstein_sum),
                    "goldstein_mean": None if mean is None or mean != mean else float(mean),
                    **{f"quad{i}": int(getattr(r, f"quad{i}")) for i in range(1, 5)}})
    return out


def series(db: Path, *, dyad: str | None, actor: str | None, directed: bool, by: str,
           code: str | None = None, plover: str | None = None, start: str | None = None,
           end: str | None = None) -> dict[str, Any]:
    """A dyad's (or actor's) events per period: parley.analysis.series when installed, else SQL."""
    if by not in BUCKETS:
        raise ParleyError(E.E607, name="by", reason=f"choose one of {', '.join(BUCKETS)}")
    flt = query.EventFilter(dyad=dyad, actor=actor, directed=directed, code=code, plover=plover,
                            start=start, end=end).check()
    try:
        from ..analysis.series import series as analysis_series
    except ImportError:
        analysis_series = None
    with reading(db) as con:
        if analysis_series is not None:
            frame = analysis_series(con, dyad=dyad, actor=actor, directed=directed, by=by, code=code,
                                    plover=plover, start=_full(start, "start"), end=_full(end, "end"))
            out, left = _from_frame(frame), int(frame.attrs.get("left_out", 0))
            method = ("parley.analysis.series: events dated by their own date (else the report's); an event "
                      "dated less precisely than the period is left out")
        else:
            out, left = _series_sql(con, flt, by)
            method = ("SQL over the events: each event in the period of its first day (its own date, else "
                      "its report's)")
    return {"dyad": dyad, "actor": actor, "directed": directed, "by": by, "rows": out, "left_out": left,
            "method": method, "filter": flt.params()}


def _full(value: str | None, side: str) -> str | None:
    """A YYYY or YYYY-MM bound widened to a day, as the analysis functions expect."""
    if not value or len(value) == 10:
        return value
    if len(value) == 4:
        return f"{value}-01-01" if side == "start" else f"{value}-12-31"
    y, m = int(value[:4]), int(value[5:7])
    return f"{value}-01" if side == "start" else f"{value}-{calendar.monthrange(y, m)[1]:02d}"


def timeline(db: Path, ids: list[str] | None, references: bool = True) -> dict[str, Any]:
    """Timeline points (events and dated references) of the chosen documents, else of all."""
    from ..timeline import timeline_points

    reports = load_reports(db, ids or None)
    return {"ids": ids or [], "documents": [r.document for r in reports],
            "points": timeline_points(reports, references=references), "references": references}


def compare(db: Path, ids: list[str]) -> dict[str, Any]:
    """The cross-source comparison of the chosen documents, with each one's highlighted text."""
    from ..compare import compare as run_compare

    reports = load_reports(db, ids) if ids else []
    result = run_compare(reports) if reports else None
    return {"ids": ids, "result": result, "segments": {r.document.id: segments(r) for r in reports}}
