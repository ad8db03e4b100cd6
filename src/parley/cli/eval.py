"""`parley eval`: measure Parley on public data sets and print the figures beside published ones."""

from __future__ import annotations

import json
import shlex
import sys
import time
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from .. import __version__
from ..evaluation import commit, default_root, run
from ..evaluation.report import markdown, table_rows, to_json
from . import app
from ._common import err, out


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("eval")
def eval_command(
    datasets: list[str] = typer.Argument(None, help="Data set names (folders under --root) or paths to "
                                         "folders in a known layout. Default: every known data set.",
                                         show_default=False),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table: readable; json: one object; "
                               "markdown: the docs/accuracy.md page."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Score at most N records per data set."),
    root: Path | None = typer.Option(None, "--root", help="Folder holding the data set folders "
                                     "(default: $PARLEY_EVAL_ROOT, else ../shared/eval)."),
) -> None:
    """Evaluate Parley on gold data sets: event types, actors, dates, quotes.

    A data set that is absent is skipped with a message; the exit status is non-zero only when
    none could be evaluated. Known data sets are the modules of `parley.evaluation.datasets`.

    Examples:

    * `parley eval plover_gsr tempeval3 --limit 50`

    * `parley eval ./my_private_copy_of_polnear --format json`

    * `parley eval --format markdown > docs/accuracy.md`
    """
    root = root or default_root()
    started = time.perf_counter()

    def skip(entry: dict[str, str]) -> None:
        err.print(f"[yellow]skipped[/] {entry['name']}: {entry['reason']}", markup=True, highlight=False)

    results, skipped = run(list(datasets or []), root=root, limit=limit, on_skip=skip)
    wall = time.perf_counter() - started
    if fmt is Format.json:
        sys.stdout.write(json.dumps(to_json(results, skipped, commit(), __version__), ensure_ascii=False,
                                    indent=2) + "\n")
    elif fmt is Format.markdown:
        args = ["parley", "eval", *(datasets or []), "--format", "markdown"]
        if limit:
            args += ["--limit", str(limit)]
        sys.stdout.write(markdown(results, skipped, commit(), __version__, shlex.join(args), wall))
    else:
        for result in results:
            table = Table(title=f"{result['name']} ({result.get('labels', 'gold')} labels): {result['task']}",
                          title_justify="left", title_style="bold")
            for col in ("figure", "Parley", "reference"):
                table.add_column(col)
            for row in table_rows(result):
                table.add_row(*row)
            out.print(table)
        out.print(f"{len(results)} data set(s) in {wall:.1f} s; commit {commit() or 'unknown'}")
    if not results:
        raise typer.Exit(1)
