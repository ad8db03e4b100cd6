"""Exports of the store: CSV and Parquet tables, JSONL reports, and GDELT 2.0 event rows."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from .document import DocumentReport, Event
from .errors import E, ParleyError
from .ids import digest
from .registry import exporters
from .store import TABLES, Store

#: The GDELT 2.0 event table's 61 columns, in their order (GDELT Event Codebook V2.0).
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]

#: Sector codes GDELT files under KnownGroupCode rather than Type codes.
_KNOWN_GROUP_SECTORS = {"IGO", "NGO"}


def _event_day(report: DocumentReport, event: Event) -> date | None:
    """The event's own date (first day of its month/year when less precise), else publication."""
    for value in (event.date.value, report.document.published):
        if not value:
            continue
        parts = value.split("-")
        try:
            year = int(parts[0][:4])
            month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
            day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else 1
            return date(year, month, day)
        except (ValueError, IndexError):
            continue
    return None


def _actor_columns(report: DocumentReport, ref: Any) -> list[Any]:
    if ref is None:
        return [""] * 10
    actor = next((a for a in report.actors if a.id == ref.actor_id), None)
    sectors = list(actor.sectors) if actor else []
    known = next((s for s in sectors if s in _KNOWN_GROUP_SECTORS), "")
    types = [s for s in sectors if s not in _KNOWN_GROUP_SECTORS][:3]
    return [ref.code or "", ref.name or "", ref.country or "", known, "", "", "",
            *(types + ["", "", ""])[:3]]


def gdelt_rows(report: DocumentReport, added: datetime | None = None) -> Iterator[list[Any]]:
    """GDELT 2.0 event rows for one report; empty strings where Parley has no value."""
    added = added or datetime.now(UTC)
    lead_end = report.document.text.find("\n\n")
    lead_end = lead_end if lead_end > 0 else 600
    for event in report.events:
        day = _event_day(report, event)
        loc = event.location
        n = len(event.reported_by) if event.reported_by else 1
        row = [
            int(digest(report.document.id, event.id, length=12), 16),
            day.strftime("%Y%m%d") if day else "",
            day.strftime("%Y%m") if day else "",
            day.year if day else "",
            round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else "",
            *_actor_columns(report, event.source),
            *_actor_columns(report, event.target),
            1 if event.evidence.start <= lead_end else 0,
            event.cameo, event.cameo[:3], event.cameo_root,
            event.quad_class or "", "" if event.goldstein is None else event.goldstein,
            n, n, n, "",
            *[""] * 16,
            1 if loc and loc.name else "", loc.name if loc and loc.name else "", *[""] * 6,
            added.strftime("%Y%m%d%H%M%S"),
            report.document.url or report.document.path or "",
        ]
        yield row


def _open(out: str | Path | None, binary: bool = False) -> IO[Any]:
    if out in (None, "-"):
        return sys.stdout.buffer if binary else sys.stdout
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return open(out, "wb" if binary else "w", encoding=None if binary else "utf-8", newline="" if not binary else None)


@exporters.register("csv")
def export_csv(store: Store, out: str | Path | None, table: str = "events") -> int:
    """One table as CSV with a header row."""
    columns, rows = store.query(f"SELECT * FROM {_table(table)}")
    fh = _open(out)
    try:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else ";".join(v) if isinstance(v, list) else v for v in row])
    finally:
        if fh is not sys.stdout:
            fh.close()
    return len(rows)


@exporters.register("parquet")
def export_parquet(store: Store, out: str | Path | None, table: str = "events") -> int:
    """One table as a Parquet file (needs --out)."""
    if out in (None, "-"):
        raise ParleyError(E.E018, name="parquet to stdout", known="parquet with --out FILE")
    Path(out).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
    name = _table(table)
    store.con.execute(f"COPY (SELECT * FROM {name}) TO '{str(out).replace(chr(39), chr(39) * 2)}' (FORMAT PARQUET)")
    return store.count(name)


@exporters.register("jsonl")
def export_jsonl(store: Store, out: str | Path | None, table: str = "events") -> int:
    """Every stored document report, one JSON object per line (the analyze contract)."""
    fh = _open(out)
    n = 0
    try:
        for report in store.reports():
            fh.write(report.model_dump_json() + "\n")
            n += 1
    finally:
        if fh is not sys.stdout:
            fh.close()
    return n


@exporters.register("gdelt")
def export_gdelt(store: Store, out: str | Path | None, table: str = "events") -> int:
    """Events as GDELT 2.0 event rows: tab-separated, no header, GDELT's 61 columns in order."""
    fh = _open(out)
    n = 0
    added = datetime.now(UTC)
    try:
        for report in store.reports():
            for row in gdelt_rows(report, added):
                fh.write("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in row) + "\n")
                n += 1
    finally:
        if fh is not sys.stdout:
            fh.close()
    return n


def _table(name: str) -> str:
    if name not in TABLES:
        raise ParleyError(E.E018, name=f"table {name}", known=", ".join(TABLES))
    return name


def export(store: Store, fmt: str, out: str | Path | None = None, table: str = "events") -> int:
    """Write the store in format `fmt`; returns the number of rows or documents written."""
    if fmt not in exporters:
        raise ParleyError(E.E018, name=fmt, known=", ".join(exporters.names()))
    return exporters.get(fmt)(store, out, table=table)


from .analysis import exports as _research_exports  # noqa: E402,F401  (registers dta and codebook)
