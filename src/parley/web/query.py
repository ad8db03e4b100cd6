"""The web app's reads: event filters, paging, facets, documents, actors and dyads, as SQL over a source.

One `EventFilter` is built from the URL's query string and used by the explorer page, its JSON
twin, the REST API and the CSV/Parquet downloads, so the same URL always means the same events.
Actor, dyad, CAMEO and PLOVER matching reuse `parley.analysis.select` when it is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

import duckdb

from ..analysis.select import actor_sql
from ..errors import E, ParleyError
from .db import rows

#: The first day an event covers, as YYYY-MM-DD text: its own date, else its report's date.
EVENT_DAY = (
    "(CASE WHEN regexp_matches({v}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN left({v}, 10) "
    "WHEN regexp_matches({v}, '^\\d{{4}}-\\d{{2}}$') THEN {v} || '-01' "
    "WHEN regexp_matches({v}, '^\\d{{4}}') THEN left({v}, 4) || '-01-01' END)"
)

#: Facets shown beside the event list (columns of the selection).
EVENT_FACETS = ("plover", "quad_class", "cameo_root", "modality", "outlet", "source_country", "target_country")
SORTS = {"date": "day", "-date": "day DESC", "goldstein": "goldstein", "-goldstein": "goldstein DESC",
         "document": "doc_id, evidence_start", "confidence": "confidence", "-confidence": "confidence DESC"}
MODALITIES = ("asserted", "negated", "intent", "threat", "demand", "hypothetical", "refused")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_PAGE = 1000
#: The largest offset a list takes (DuckDB's OFFSET is a signed 64-bit number; no store is near this).
MAX_OFFSET = 10**9


@dataclass
class EventFilter:
    """Every filter the event explorer takes; each field is one query-string parameter."""

    actor: str | None = None
    country: str | None = None
    dyad: str | None = None
    directed: bool = True
    code: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    start: str | None = None
    end: str | None = None
    outlet: str | None = None
    doc: str | None = None
    q: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    cameo_root: str | None = None
    sort: str = "date"

    def params(self) -> dict[str, str]:
        """The non-default filters as query-string parameters (for links and downloads)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "") or value == f.default:
                continue
            out[f.name] = str(value).lower() if isinstance(value, bool) else str(value)
        return out

    def check(self) -> EventFilter:
        """This filter with its values checked; E607 names the first bad one."""
        for name in ("start", "end"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise ParleyError(E.E607, name=name, reason=f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
        if self.modality and self.modality not in MODALITIES:
            raise ParleyError(E.E607, name="modality", reason=f"choose one of {', '.join(MODALITIES)}")
        if self.quad_class is not None and self.quad_class not in (1, 2, 3, 4):
            raise ParleyError(E.E607, name="quad_class", reason="QuadClass is 1, 2, 3 or 4")
        if self.sort not in SORTS:
            raise ParleyError(E.E607, name="sort", reason=f"choose one of {', '.join(SORTS)}")
        if self.dyad:
            parse_dyad(self.dyad)
        return self


def parse_dyad(value: str) -> tuple[str, str]:
    """(source, target) of "A-B" (also "A:B" or "A>B"); E607 when it is not two names."""
    for sep in (">", ":", "-"):
        a, found, b = value.partition(sep)
        if found and a.strip() and b.strip():
            return a.strip(), b.strip()
    raise ParleyError(E.E607, name="dyad", reason=f"'{value}' is not SOURCE-TARGET, e.g. IRN-USA")


def _selection_sql(flt: EventFilter) -> tuple[str, list[Any]]:
    """Actor, dyad, CAMEO, PLOVER and QuadClass conditions (from parley.analysis.select when present)."""
    try:
        from ..analysis.select import parse_dyad as analysis_dyad
        from ..analysis.select import where_clause
    except ImportError:
        where_clause = None
    if where_clause is not None:
        dyad = analysis_dyad(flt.dyad, directed=flt.directed) if flt.dyad else None
        return where_clause(dyad=dyad, actor=flt.actor, code=flt.code, plover=flt.plover,
                            quad_class=flt.quad_class)
    parts: list[str] = []
    params: list[Any] = []
    if flt.dyad:
        a, b = parse_dyad(flt.dyad)
        fwd = f"({actor_sql('source', a, params)} AND {actor_sql('target', b, params)})"
        if not flt.directed:
            fwd = f"({fwd} OR ({actor_sql('source', b, params)} AND {actor_sql('target', a, params)}))"
        parts.append(fwd)
    if flt.actor:
        parts.append(f"({actor_sql('source', flt.actor, params)} OR {actor_sql('target', flt.actor, params)})")
    if flt.code:
        params += [flt.code, flt.code]
        parts.append("(cameo_root = ? OR starts_with(cameo, ?))")
    if flt.plover:
        params.append(flt.plover.upper())
        parts.append("upper(plover) = ?")
    if flt.quad_class is not None:
        params.append(flt.quad_class)
        parts.append("quad_class = ?")
    return " AND ".join(parts) or "TRUE", params


def where(flt: EventFilter) -> tuple[str, list[Any]]:
    """The SQL WHERE clause over the selection's columns (events plus document columns and `day`)."""
    clause, params = _selection_sql(flt)
    parts = [clause]
    if flt.country:
        params += [flt.country.upper(), flt.country.upper()]
        parts.append("(upper(source_country) = ? OR upper(target_country) = ?)")
    for name in ("source_country", "target_country"):
        if getattr(flt, name):
            params.append(getattr(flt, name).upper())
            parts.append(f"upper({name}) = ?")
    for name in ("cameo_root", "modality", "outlet"):
        if getattr(flt, name):
            params.append(getattr(flt, name))
            parts.append(f"{name} = ?")
    if flt.doc:
        params.append(flt.doc)
        parts.append("doc_id = ?")
    if flt.start:
        params.append(flt.start)
        parts.append("day >= ?")
    if flt.end:
        params.append(flt.end + "\uffff")  # "2019" and "2019-05" include their whole span
        parts.append("day <= ?")
    if flt.q:
        like = "%" + flt.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like] * 4
        parts.append("(lower(evidence_text) LIKE ? ESCAPE '\\' OR lower(source_name) LIKE ? ESCAPE '\\' "
                     "OR lower(target_name) LIKE ? ESCAPE '\\' OR lower(title) LIKE ? ESCAPE '\\')")
    return " AND ".join(parts), params


def _base() -> str:
    day = EVENT_DAY.format(v="coalesce(e.date_value, d.published)")
    return (f"(SELECT e.*, d.outlet, d.published, d.title, {day} AS day "
            "FROM events e LEFT JOIN documents d ON d.id = e.doc_id)")


def selected(flt: EventFilter) -> tuple[str, list[Any]]:
    """A SELECT of the matching event rows (every events column plus outlet, published, title, day)."""
    clause, params = where(flt)
    return f"SELECT * FROM {_base()} s WHERE {clause}", params


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    sql, params = selected(flt)
    return int(con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])  # type: ignore[index]


def ordered(flt: EventFilter) -> tuple[str, list[Any]]:
    """The selection in the filter's sort order (ties broken by document and position)."""
    sql, params = selected(flt)
    return f"SELECT * FROM ({sql}) ORDER BY {SORTS[flt.sort]} NULLS LAST, doc_id, evidence_start, id", params


def list_events(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int = 50,
                offset: int = 0) -> list[dict[str, Any]]:
    """One page of matching events as flat rows, in the filter's sort order."""
    sql, params = ordered(flt)
    return rows(con, f"{sql} LIMIT ? OFFSET ?", [*params, min(limit, MAX_PAGE), min(offset, MAX_OFFSET)])


def facets(con: duckdb.DuckDBPyConnection, flt: EventFilter, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Counts of each facet's values among the matching events, most frequent first."""
    sql, params = selected(flt)
    return {col: rows(con, f"SELECT {col} AS value, count(*) AS count FROM ({sql}) WHERE {col} IS NOT NULL "
                           f"GROUP BY {col} ORDER BY count DESC, value LIMIT ?", [*params, top])
            for col in EVENT_FACETS}


def documents(con: duckdb.DuckDBPyConnection, *, q: str | None = None, outlet: str | None = None,
              limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page) of stored documents, newest publication first, optionally searched."""
    parts, params = ["TRUE"], []
    if q:
        like = "%" + q.lower() + "%"
        parts.append("(lower(title) LIKE ? OR lower(text) LIKE ?)")
        params += [like, like]
    if outlet:
        parts.append("outlet = ?")
        params.append(outlet)
    clause = " AND ".join(parts)
    total = con.execute(f"SELECT count(*) FROM documents WHERE {clause}", params).fetchone()[0]  # type: ignore[index]
    page = rows(con, "SELECT id, path, title, outlet, url, published, dateline, author, language, n_actors, "
                     "n_events, n_quotes, n_times, n_errors FROM documents "
                     f"WHERE {clause} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
                [*params, min(limit, MAX_PAGE), min(offset, MAX_OFFSET)])
    return int(total), page


def outlet_facet(con: duckdb.DuckDBPyConnection, top: int = 20) -> list[dict[str, Any]]:
    return rows(con, "SELECT outlet AS value, count(*) AS count FROM documents WHERE outlet IS NOT NULL "
                     "GROUP BY outlet ORDER BY count DESC, value LIMIT ?", [top])


def actors(con: duckdb.DuckDBPyConnection, *, q: str | None = None, country: str | None = None,
           limit: int = 100, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page) of actors across documents: mentions, documents and events of each."""
    parts, params = ["TRUE"], []
    if q:
        parts.append("(lower(a.name) LIKE ? OR lower(a.code) LIKE ?)")
        params += ["%" + q.lower() + "%"] * 2
    if country:
        parts.append("upper(a.country) = ?")
        params.append(country.upper())
    clause = " AND ".join(parts)
    grouped = ("SELECT a.actor_id, any_value(a.name) AS name, any_value(a.code) AS code, "
               "any_value(a.country) AS country, any_value(a.type) AS type, sum(a.n_mentions) AS mentions, "
               f"count(DISTINCT a.doc_id) AS documents FROM actors a WHERE {clause} GROUP BY a.actor_id")
    total = con.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()[0]  # type: ignore[index]
    page = rows(con, "SELECT g.*, (SELECT count(*) FROM events e WHERE e.source_id = g.actor_id "
                     f"OR e.target_id = g.actor_id) AS events FROM ({grouped}) g "
                     "ORDER BY mentions DESC, name LIMIT ? OFFSET ?",
                [*params, min(limit, MAX_PAGE), min(offset, MAX_OFFSET)])
    return int(total), page


def top_dyads(con: duckdb.DuckDBPyConnection, top: int = 15) -> list[dict[str, Any]]:
    """The most frequent source-target pairs (by country, else code, else name) with their Goldstein."""
    return rows(con, "SELECT coalesce(source_country, source_code, source_name) AS source, "
                     "coalesce(target_country, target_code, target_name) AS target, count(*) AS events, "
                     "round(sum(goldstein), 1) AS goldstein_sum, round(avg(goldstein), 2) AS goldstein_mean "
                     "FROM events GROUP BY 1, 2 HAVING source IS NOT NULL AND target IS NOT NULL "
                     "ORDER BY events DESC, source, target LIMIT ?", [top])


def volumes(con: duckdb.DuckDBPyConnection, by: str = "month") -> list[dict[str, Any]]:
    """Events per period and QuadClass, dated by the event (else its report): the dashboard's bars."""
    width = {"day": 10, "month": 7, "year": 4}[by]
    return rows(con, f"SELECT left(day, {width}) AS period, quad_class, count(*) AS events FROM {_base()} s "
                     "WHERE day IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many rows each table holds."""
    from ..store import TABLES

    return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # type: ignore[index]
