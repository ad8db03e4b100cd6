"""`parley analyze`: read articles, code them, print reports and/or keep them in a store."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ..api import analyze_files
from ..document import DocumentReport
from ..errors import ParleyError
from ..settings import load_settings
from ..store import DEFAULT_DB, Store, append_reports, open_store
from . import app
from ._common import check_date, err, fail, out


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


#: Reports written to the store per transaction: a crash loses at most this many. The file is
#: opened only for each write, so `parley serve` and other runs can use the store in between.
STORE_BATCH = 16


def _with_progress(reports: Iterator[DocumentReport], enabled: bool) -> Iterator[DocumentReport]:
    """Wrap the stream in a progress bar on stderr (only when stderr is a terminal)."""
    if not enabled:
        yield from reports
        return
    columns = [SpinnerColumn(), TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[name]}"), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyse", total=None, name="")
        for report in reports:
            progress.update(task, advance=1, name=Path(report.document.path or "").name[:40])
            yield report


def unreadable(report: DocumentReport) -> bool:
    """True when the reader could not get any text out of the input."""
    return bool(report.errors) and not report.document.text.strip()


def _flush(db: Path | None, store: Store | None, pending: list[DocumentReport]) -> None:
    """Write the pending reports: to the file (opened just for this write) or the in-memory store."""
    if pending:
        if db:
            append_reports(db, pending)
        elif store is not None:
            store.add_many(pending)
    pending.clear()


@app.command("analyze")
def analyze_command(
    paths: list[str] = typer.Argument(..., help="Files, folders (read recursively) or - for stdin.",
                                      show_default=False),
    db: Path | None = typer.Option(None, "--db", help=f"Store the reports in this DuckDB file (e.g. {DEFAULT_DB})."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table: a readable overview; "
                               "jsonl: one contract object per document; json: one array."),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for "
                                         "documents that carry none."),
    actors: Path | None = typer.Option(None, "--actors", help="Extra actor dictionary (JSONL, the "
                                       "knowledge-base format) merged over the built-in one.",
                                       exists=True, dir_okay=False),
    verbs: Path | None = typer.Option(None, "--verbs", help="Extra verb/noun pattern lexicon merged "
                                      "over the built-in one.", exists=True, dir_okay=False),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr "
                                  "(only shown when stderr is a terminal)."),
) -> None:
    """Analyse news articles into actors, events, quotes and dates.

    Reads .txt, .html/.htm, .jsonl and .csv files (text, title, url, published, outlet, author
    columns), whole folders, or stdin (`-`). A file that cannot be read gets a report whose
    `errors` say why; the other files are still analysed. Exits non-zero only when nothing
    could be read.

    Examples:

    * `parley analyze examples/ --db parley.duckdb` (store and print an overview)

    * `parley analyze story.txt --format jsonl --published 2018-08-14`

    * `curl -s URL | parley analyze - --format json`
    """
    published = check_date(published)
    try:
        settings = load_settings(published=published, actors_file=actors, verbs_file=verbs)
        if db:
            open_store(db).close()  # create it, and fail now (E311, E313) rather than after the analysis
        store = Store(":memory:") if fmt is Format.table and not db else None
    except ParleyError as exc:
        fail(exc)
    show_progress = progress and err.is_terminal
    n_docs = n_read = 0
    pending: list[DocumentReport] = []
    collected: list[dict] = []
    rows: list[tuple[str, ...]] = []
    try:
        for report in _with_progress(analyze_files(paths, settings=settings), show_progress):
            n_docs += 1
            if not unreadable(report):
                n_read += 1
            if fmt is Format.jsonl:
                sys.stdout.write(report.model_dump_json() + "\n")
                sys.stdout.flush()
            elif fmt is Format.json:
                collected.append(report.model_dump(mode="json"))
            else:
                d = report.document
                rows.append((d.id[:10], (d.title or Path(d.path or "-").name)[:60], d.outlet or "",
                             d.published or "", str(len(report.actors)), str(len(report.events)),
                             str(len(report.quotes)), "; ".join(e.code for e in report.errors)))
            if db or store is not None:
                pending.append(report)
                if len(pending) >= STORE_BATCH:
                    _flush(db, store, pending)
        _flush(db, store, pending)
        if fmt is Format.json:
            sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
        elif fmt is Format.table:
            table = Table(title="Documents", title_justify="left", title_style="bold")
            for col in ("id", "title", "outlet", "published", "actors", "events", "quotes", "errors"):
                table.add_column(col, justify="right" if col in {"actors", "events", "quotes"} else "left")
            for row in rows:
                table.add_row(*row)
            out.print(table)
            from .summary import render_summary

            if db:
                with open_store(db, read_only=True) as stored:
                    render_summary(stored.summary())
            else:
                assert store is not None
                render_summary(store.summary())
            if db:
                out.print(f"Stored in [bold]{db}[/]: query it with `parley query --db {db} \"SELECT ...\"`.")
    except ParleyError as exc:
        fail(exc)
    finally:
        if store is not None:
            store.close()
    if n_read == 0:
        err.print(f"nothing could be read from {n_docs} input(s)" if n_docs else "no input found")
        raise typer.Exit(1)
