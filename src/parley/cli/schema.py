"""`parley schema`: the JSON Schema of the document report (the v1 output contract)."""

from __future__ import annotations

import json

import typer

from ..document import report_schema
from . import app


@app.command("schema")
def schema_command(
    indent: int = typer.Option(2, help="Indentation of the printed JSON."),
) -> None:
    """Print the JSON Schema of one `parley analyze --format jsonl` line.

    Example: `parley schema > parley-report.schema.json`
    """
    typer.echo(json.dumps(report_schema(), indent=indent or None, ensure_ascii=False))
