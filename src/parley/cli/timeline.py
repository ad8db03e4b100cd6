"""`parley timeline`: dated events and time references of documents or a store, on one time axis."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from ..errors import E, ParleyError
from . import app
from ._common import check_date, err, fail, out


class Format(StrEnum):
    table = "table"
    json = "json"
    html = "html"
    png = "png"


class Colour(StrEnum):
    quadclass = "quadclass"
    document = "document"


def _reports(paths: list[str], db: Path | None, published: str | None) -> list:
    """Reports of the given paths (analysed now) or of every document in the store."""
    if paths:
        from ..api import analyze_files

        reports = list(analyze_files(paths, published=published))
        for r in reports:
            for e in r.errors:
                err.print(f"[yellow]{e.code}[/] {r.document.path or r.document.id}: {e.message}",
                          markup=True, highlight=False)
        return reports
    from ..store import Store

    with Store(db, read_only=True) as store:  # type: ignore[arg-type]
        return list(store.reports())


@app.command("timeline")
def timeline_command(
    paths: list[str] = typer.Argument(None, help="Files or folders to analyse ('-' for stdin). "
                                      "Without paths, the documents of --db are used.", show_default=False),
    db: Path | None = typer.Option(None, "--db", help="DuckDB store to read reports from instead of paths."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json (the points), html (a "
                               "self-contained Plotly chart) or png."),
    out_path: Path | None = typer.Option(None, "--out", "-o", help="Where html/png go (default "
                                         "timeline.html / timeline.png); json and table print to stdout."),
    colour: Colour = typer.Option(Colour.quadclass, "--colour", "--color", help="Colour points by QuadClass "
                                  "or by document."),
    references: bool = typer.Option(True, "--references/--no-references", help="Also show dated time "
                                    "expressions, not only events."),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for "
                                         "documents that carry none."),
) -> None:
    """Put the events and dated references of documents on one time axis, each linked to its evidence.

    Examples:

    * `parley timeline story/*.txt --format html --out story.html`

    * `parley timeline --db parley.duckdb --format json`
    """
    from ..timeline import timeline_points

    if not paths and db is None:
        fail(ParleyError(E.E343, reason="give PATH... or --db FILE"))
    try:
        reports = _reports(list(paths or []), db, check_date(published))
    except ParleyError as exc:
        fail(exc)
    points = timeline_points(reports, references=references)
    if fmt is Format.json:
        sys.stdout.write(json.dumps([p.model_dump(mode="json") for p in points], ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.table:
        _print_table(points)
        return
    if not points:
        fail(ParleyError(E.E343, reason=f"no dated events or references in {len(reports)} document(s)"), code=1)
    from ..charts import timeline_figure, write_html, write_png

    target = out_path or Path(f"timeline.{fmt.value}")
    try:
        fig = timeline_figure(points, colour=colour.value)  # type: ignore[arg-type]
        written = write_html(fig, target) if fmt is Format.html else write_png(fig, target)
    except ParleyError as exc:
        fail(exc)
    err.print(f"wrote {written} ({len(points)} points)", highlight=False)


def _print_table(points: list) -> None:
    table = Table(title=f"Timeline: {len(points)} points", title_justify="left", title_style="bold")
    for col in ("date", "precision", "kind", "what", "Quad", "document", "evidence"):
        table.add_column(col, overflow="fold", no_wrap=col in {"date", "kind"}, max_width=60 if col == "evidence" else None)
    for p in points:
        table.add_row(p.value, p.precision + (f" ({p.basis})" if p.basis else ""), p.kind, p.label,
                      str(p.quad_class or ""), p.document, p.evidence[:160])
    out.print(table)
