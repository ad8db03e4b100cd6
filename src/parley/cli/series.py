"""`parley series`: events per period for a dyad or an actor, as a table, CSV, Parquet or a chart."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ..errors import E, ParleyError
from ..store import DEFAULT_DB
from . import app
from ._common import check_date, err, fail, out


class Format(StrEnum):
    table = "table"
    csv = "csv"
    parquet = "parquet"
    png = "png"
    html = "html"


class By(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class DateBasis(StrEnum):
    event = "event"
    report = "report"


@app.command("series")
def series_command(
    dyad: str | None = typer.Option(None, "--dyad", help="SOURCE-TARGET actors (country, code or name), "
                                    "e.g. IRN-USA."),
    actor: str | None = typer.Option(None, "--actor", help="One actor: events it takes part in on either side."),
    undirected: bool = typer.Option(False, "--undirected", help="Count the dyad's events in both directions."),
    by: By = typer.Option(By.year, "--by", help="Period: day, week, month or year."),
    code: str | None = typer.Option(None, "--code", help="CAMEO root or code prefix, e.g. 12 or 112."),
    plover: str | None = typer.Option(None, "--plover", help="PLOVER event type, e.g. ACCUSE."),
    date: DateBasis = typer.Option(DateBasis.event, "--date", help="event: the events' own dates (a 1953 "
                                   "coup counts in 1953); report: the reports' publication dates, as GDELT."),
    coarse: bool = typer.Option(False, "--coarse-first", help="Put events dated less precisely than the "
                                "period (a year-only event in a monthly series) in the first period of "
                                "their span instead of leaving them out."),
    start: str | None = typer.Option(None, "--from", help="First date (YYYY-MM-DD), inclusive."),
    end: str | None = typer.Option(None, "--to", help="Last date (YYYY-MM-DD), inclusive."),
    asserted: bool = typer.Option(False, "--asserted-only", help="Leave out negated, threatened, "
                                  "hypothetical and other non-asserted events."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB store or batch output folder."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, csv, parquet, png or html."),
    out_path: Path | None = typer.Option(None, "--out", "-o", help="Output file (csv defaults to stdout; "
                                         "parquet/png/html default to series.<format>)."),
) -> None:
    """Count events per period for a dyad or an actor: events, Goldstein sum and mean, QuadClass.

    Examples:

    * `parley series --dyad IRN-USA --by year`

    * `parley series --actor RUS --by month --format png --out rus.png`

    * `parley series --dyad CHN-PHL --undirected --date report --format csv > chn_phl.csv`
    """
    from ..analysis.series import series

    try:
        frame = series(db, dyad=dyad, actor=actor, directed=not undirected, by=by.value, code=code,
                       plover=plover, date=date.value, coarse="first" if coarse else "drop",
                       start=check_date(start), end=check_date(end), asserted_only=asserted)
    except ParleyError as exc:
        fail(exc)
    left = frame.attrs.get("left_out", 0)
    if left:
        err.print(f"{left} event(s) left out: no date, or dated less precisely than a {by.value} "
                  "(use --coarse-first or a wider --by)", highlight=False)
    if fmt is Format.table:
        _print(frame)
        return
    if fmt is Format.csv:
        frame.to_csv(sys.stdout if out_path in (None, Path("-")) else out_path, index=False)
        return
    if frame.empty or int(frame["events"].sum()) == 0:
        fail(ParleyError(E.E553, reason="no events match these filters"), code=1)
    target = out_path or Path(f"series.{fmt.value}")
    try:
        if fmt is Format.parquet:
            frame.to_parquet(target, index=False)
        else:
            from ..charts.output import write_html, write_png
            from ..charts.series import series_figure

            fig = series_figure(frame)
            if fmt is Format.html:
                write_html(fig, target)
            else:
                write_png(fig, target, width=1200, height=620)
    except OSError as exc:
        fail(ParleyError(E.E557, path=target, reason=str(exc)))
    except ParleyError as exc:
        fail(exc)
    err.print(f"wrote {target} ({len(frame)} periods, {int(frame['events'].sum())} events)", highlight=False)


def _print(frame: Any) -> None:
    title = f"{len(frame)} periods, {int(frame['events'].sum()) if len(frame) else 0} events"
    table = Table(title=title, title_justify="left", title_style="bold",
                  caption="G: Goldstein. Q1 verbal cooperation, Q2 material cooperation, "
                  "Q3 verbal conflict, Q4 material conflict.", caption_justify="left")
    for h in ("period", "events", "G sum", "G mean", "Q1", "Q2", "Q3", "Q4"):
        table.add_column(h, justify="left" if h == "period" else "right")
    for row in frame.itertuples(index=False):
        mean = "" if row.goldstein_mean != row.goldstein_mean else f"{row.goldstein_mean:.2f}"
        table.add_row(row.period, str(row.events), f"{row.goldstein_sum:.1f}", mean,
                      str(row.quad1), str(row.quad2), str(row.quad3), str(row.quad4))
    out.print(table)
