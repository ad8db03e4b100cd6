"""`parley query`: SQL over the store's tables, in a DuckDB file or a `parley batch` output folder."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.table import Table

from ..errors import E, ParleyError
from ..store import DEFAULT_DB, Store
from . import app
from ._common import fail, out


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command("query")
def query_command(
    sql: str = typer.Argument(..., help="A DuckDB SQL statement.", show_default=False),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db",
                            help="DuckDB store to query, or a `parley batch` output folder."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, csv or json (list of objects)."),
) -> None:
    """Run SQL over the store or a batch output folder (read-only).

    Tables: documents, actors, actor_mentions, events, quotes, times, errors. Offsets (start, end) point into documents.text.

    Examples:

    * `parley query "SELECT source_name, cameo, target_name, date_value FROM events"`

    * `parley query "SELECT name, count(*) FROM actors GROUP BY name ORDER BY 2 DESC" --format csv`

    * `parley query "SELECT speaker_name, text FROM quotes WHERE kind = 'direct'" --format json`
    """
    try:
        columns, rows = _folder_query(db, sql) if db.is_dir() else _store_query(db, sql)
    except ParleyError as exc:
        fail(exc)
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt is Format.json:
        typer.echo(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str,
                              ensure_ascii=False, indent=2))
    else:
        table = Table(show_lines=False)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        out.print(table)
        out.print(f"{len(rows)} row(s)", style="dim")


def _store_query(db: Path, sql: str) -> tuple[list[str], list[tuple]]:
    with Store(db, read_only=True) as store:
        return store.query(sql)


def _folder_query(folder: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """SQL over a batch output folder: the same tables, as views over its Parquet parts."""
    import duckdb

    from ..analysis.source import open_source

    con = open_source(folder)
    try:
        cur = con.execute(sql)
        columns = [c[0] for c in cur.description] if cur.description else []
        return columns, cur.fetchall()
    except duckdb.Error as exc:
        raise ParleyError(E.E017, reason=str(exc).splitlines()[0]) from exc
    finally:
        con.close()
