"""`parley map`: events on a world map drawn offline (no tile server, no CDN), as HTML or PNG."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ..errors import E, ParleyError
from ..store import DEFAULT_DB
from . import app
from ._common import check_date, err, fail, out


class Format(StrEnum):
    html = "html"
    png = "png"
    csv = "csv"


@app.command("map")
def map_command(
    dyad: str | None = typer.Option(None, "--dyad", help="SOURCE-TARGET actors, e.g. CHN-PHL."),
    actor: str | None = typer.Option(None, "--actor", help="Events one actor takes part in."),
    code: str | None = typer.Option(None, "--code", help="CAMEO root or code prefix."),
    plover: str | None = typer.Option(None, "--plover", help="PLOVER event type."),
    start: str | None = typer.Option(None, "--from", help="First event date (YYYY-MM-DD), inclusive."),
    end: str | None = typer.Option(None, "--to", help="Last event date (YYYY-MM-DD), inclusive."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB store or batch output folder."),
    fmt: Format = typer.Option(Format.html, "--format", "-f", help="html (interactive, self-contained), "
                               "png, or csv (the places and counts)."),
    out_path: Path | None = typer.Option(None, "--out", "-o", help="Output file (default map.<format>; "
                                         "csv prints to stdout)."),
) -> None:
    """Draw where events took place: one circle per place, sized by events, coloured by Goldstein.

    Examples:

    * `parley map --format html --out events_map.html`

    * `parley map --actor RUS --format png --out russia.png`
    """
    from ..analysis.geo import event_places

    try:
        places = event_places(db, dyad=dyad, actor=actor, code=code, plover=plover,
                              start=check_date(start), end=check_date(end))
    except ParleyError as exc:
        fail(exc)
    unplaced = places.attrs.get("unplaced", 0)
    if unplaced:
        err.print(f"{unplaced} event(s) have no known place and are not on the map", highlight=False)
    if fmt is Format.csv:
        if out_path in (None, Path("-")):
            out.print(places.to_csv(index=False), end="")
        else:
            places.to_csv(out_path, index=False)
        return
    if places.empty:
        fail(ParleyError(E.E553, reason="no matching event has a known place (run the `places` component)"), code=1)
    from ..charts.map import map_figure
    from ..charts.output import write_html, write_png

    target = out_path or Path(f"map.{fmt.value}")
    try:
        fig = map_figure(places)
        if fmt is Format.html:
            write_html(fig, target)
        else:
            write_png(fig, target, width=1300, height=680)
    except ParleyError as exc:
        fail(exc)
    err.print(f"wrote {target} ({len(places)} places, {int(places['events'].sum())} events)", highlight=False)
