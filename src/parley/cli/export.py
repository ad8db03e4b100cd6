"""`parley export`: the store as CSV, Parquet, JSONL reports or GDELT 2.0 event rows."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ..errors import ParleyError
from ..export import export
from ..store import DEFAULT_DB, Store
from . import app
from ._common import err, fail


class Format(str, Enum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"
    gdelt = "gdelt"
    dta = "dta"
    codebook = "codebook"


class Table(str, Enum):
    documents = "documents"
    actors = "actors"
    actor_mentions = "actor_mentions"
    events = "events"
    quotes = "quotes"
    times = "times"
    errors = "errors"


@app.command("export")
def export_command(
    fmt: Format = typer.Option(..., "--format", "-f", help="csv or parquet: one table; jsonl: every "
                               "document report; gdelt: events in the GDELT 2.0 event table's "
                               "61 columns (tab-separated, no header); dta: Stata file of one table (needs --out); "
                               "codebook: CSV plus a .codebook.md describing every column."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB store to export."),
    out: str | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout; "
                                   "parquet needs a file)."),
    table: Table = typer.Option(Table.events, "--table", help="Table for csv and parquet."),
) -> None:
    """Export the store.

    Examples:

    * `parley export --format csv --table events > events.csv`

    * `parley export --format parquet --table actors --out actors.parquet`

    * `parley export --format gdelt --out events.gdelt.tsv`
    """
    try:
        with Store(db, read_only=True) as store:
            n = export(store, fmt.value, out, table=table.value)
    except ParleyError as exc:
        fail(exc)
    if out not in (None, "-"):
        err.print(f"wrote {n} {'documents' if fmt is Format.jsonl else 'rows'} to {out}")
