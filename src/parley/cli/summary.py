"""`parley summary`: a readable overview of a store: documents, actors, events by type, dyads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from ..errors import ParleyError
from ..store import DEFAULT_DB, Store
from . import app
from ._common import fail, out


def _table(title: str, columns: list[str], rows: list[tuple[Any, ...]]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for i, col in enumerate(columns):
        table.add_column(col, justify="right" if i and col in {"events", "mentions", "docs", "n", "goldstein", "Goldstein sum", "mean Goldstein", "documents"} else "left")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    return table


def render_summary(summary: dict[str, Any], console: Console = out) -> None:
    """Print a store summary as rich tables."""
    console.print(
        f"[bold]{summary['documents']}[/] documents · [bold]{summary['distinct_actors']}[/] actors "
        f"({summary['actor_mentions']} mentions) · [bold]{summary['events']}[/] events · "
        f"[bold]{summary['quotes']}[/] quotes · [bold]{summary['times']}[/] time expressions · "
        f"[bold]{summary['errors']}[/] errors"
    )
    console.print(_table("Events by type (PLOVER)", ["type", "events", "mean Goldstein"],
                         summary["events_by_plover"]))
    quad = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
    console.print(_table("Events by QuadClass", ["QuadClass", "events"],
                         [(f"{q} {quad.get(q, '')}", n) for q, n in summary["events_by_quad_class"]]))
    console.print(_table("Top dyads (source → target)", ["source", "target", "events", "Goldstein sum"],
                         summary["top_dyads"]))
    console.print(_table("Most mentioned actors", ["actor", "code", "mentions", "docs"], summary["top_actors"]))
    console.print(_table("Documents by outlet", ["outlet", "documents"], summary["documents_by_outlet"]))


@app.command("summary")
def summary_command(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB store to summarise."),
    top: int = typer.Option(10, help="How many dyads and actors to list."),
) -> None:
    """Summarise a store: documents, actors, events by type, top dyads.

    Example: `parley summary --db parley.duckdb`
    """
    try:
        with Store(db, read_only=True) as store:
            render_summary(store.summary(top=top))
    except ParleyError as exc:
        fail(exc)
