"""Data files of the readers (binary signatures, page furniture, field names), with loaders."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def data_text(name: str) -> str:
    """The text of one data file in this folder."""
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def data_lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of a data file."""
    lines = (line.rstrip("\n") for line in data_text(name).splitlines())
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def data_json(name: str) -> Any:
    """A JSON data file, parsed."""
    return json.loads(data_text(name))
