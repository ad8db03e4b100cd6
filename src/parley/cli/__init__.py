"""The `parley` command: one module per subcommand, each a thin wrapper over the Python API."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="parley",
    help="Parley turns news articles into evidence-linked political event data "
    "(actors, CAMEO/PLOVER events, quotes, dates) and compares how outlets tell a story.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

# each subcommand's module registers it with `app` when imported
from . import (  # noqa: E402,F401
    actors,
    analyze,
    batch,
    compare,
    eval,
    export,
    info,
    map,
    network,
    query,
    schema,
    series,
    serve,
    summary,
    timeline,
)
from . import dict as dict_cmd  # noqa: E402,F401


def main() -> None:
    """Entry point of the `parley` console script."""
    app()
