"""`parley network`: the actor graph (who acts on whom) as JSON, GraphML or an interactive page."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ..errors import E, ParleyError
from ..store import DEFAULT_DB
from . import app
from ._common import check_date, err, fail


class Format(StrEnum):
    json = "json"
    graphml = "graphml"
    html = "html"
    png = "png"


class Level(StrEnum):
    country = "country"
    code = "code"
    actor = "actor"


@app.command("network")
def network_command(
    start: str | None = typer.Option(None, "--from", help="First event date (YYYY-MM-DD), inclusive."),
    end: str | None = typer.Option(None, "--to", help="Last event date (YYYY-MM-DD), inclusive."),
    level: Level = typer.Option(Level.country, "--level", help="Nodes: countries, actor codes (IRNGOV) "
                                "or actor names."),
    code: str | None = typer.Option(None, "--code", help="CAMEO root or code prefix."),
    plover: str | None = typer.Option(None, "--plover", help="PLOVER event type."),
    min_events: int = typer.Option(1, "--min-events", help="Drop edges with fewer events."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB store or batch output folder."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json (node-link, networkx reads it), "
                               "graphml (Gephi, networkx, igraph), html (interactive) or png."),
    out_path: Path | None = typer.Option(None, "--out", "-o", help="Output file (json defaults to stdout; "
                                         "others to network.<format>)."),
) -> None:
    """Build the directed actor network: edges with event counts, Goldstein sum/mean and QuadClass.

    Examples:

    * `parley network --format graphml --out actors.graphml`

    * `parley network --from 2025-01-01 --to 2025-12-31 --level code --format html`
    """
    from ..analysis.network import network, node_link, write_graph

    try:
        nodes, edges = network(db, level=level.value, start=check_date(start), end=check_date(end),
                               code=code, plover=plover, min_events=min_events)
    except ParleyError as exc:
        fail(exc)
    if fmt is Format.json and out_path in (None, Path("-")):
        sys.stdout.write(json.dumps(node_link(nodes, edges), ensure_ascii=False, indent=2) + "\n")
        return
    target = out_path or Path(f"network.{fmt.value}")
    if fmt in (Format.html, Format.png) and edges.empty:
        fail(ParleyError(E.E553, reason="no event has both a source and a target actor"), code=1)
    try:
        if fmt in (Format.json, Format.graphml):
            write_graph(nodes, edges, target, fmt.value)
        else:
            from ..charts.network import network_figure
            from ..charts.output import write_html, write_png

            fig = network_figure(nodes, edges)
            if fmt is Format.html:
                write_html(fig, target)
            else:
                write_png(fig, target, width=1100, height=650)
    except ParleyError as exc:
        fail(exc)
    err.print(f"wrote {target} ({len(nodes)} nodes, {len(edges)} edges)", highlight=False)
