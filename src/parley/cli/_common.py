"""Helpers shared by the CLI commands: consoles, error exit, date checking."""

from __future__ import annotations

import sys
from datetime import date
from typing import NoReturn

from rich.console import Console

from ..errors import E, ParleyError

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, highlight=False)


def fail(exc: ParleyError | str, code: int = 2) -> NoReturn:
    """Print a clear error to stderr and exit with `code`."""
    err.print(f"[bold red]error[/]: {exc}", markup=True, highlight=False)
    sys.exit(code)


def check_date(value: str | None) -> str | None:
    """The ISO date in `value`, or exit with E014."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        fail(ParleyError(E.E014, value=value))
