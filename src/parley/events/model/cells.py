"""The model's classes ("cells": a PLOVER type within a penta class) and how codes and labels map to them."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from ... import ontology


@dataclass(frozen=True)
class Cell:
    """One class of the model, with the CAMEO code it stands for when no rule offers one."""

    name: str
    plover: str | None
    penta: int
    code: str


@functools.lru_cache(maxsize=1)
def cells() -> tuple[Cell, ...]:
    """Every cell, in file order (events/model/cells.tsv)."""
    text = resources.files(__package__).joinpath("cells.tsv").read_text("utf-8")
    rows = csv.DictReader([ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")], delimiter="\t")
    found = []
    for row in rows:
        code = ontology.cameo(row["code"]).code  # E200 on a bad code: the table ships with the package
        found.append(Cell(row["cell"], None if row["plover"] == "-" else row["plover"], int(row["penta"]), code))
    return tuple(found)


def names() -> list[str]:
    """The cell names, in file order."""
    return [c.name for c in cells()]


def by_name(name: str) -> Cell:
    """The cell called `name` (KeyError if there is none)."""
    for cell in cells():
        if cell.name == name:
            return cell
    raise KeyError(name)


def penta_of(code: str) -> int:
    """Penta class of a CAMEO code (parley.ontology.penta: statements and appeals 0, sanctions 3)."""
    return ontology.penta(code)


@functools.lru_cache(maxsize=512)
def cell_of(code: str) -> str:
    """The cell of a CAMEO code: same PLOVER type and penta class, else same type, else same penta."""
    info = ontology.cameo(code)
    penta = penta_of(code)
    if info.root == "01" and info.plover is None:
        return "STATEMENT"
    for test in (lambda c: c.plover == info.plover and c.penta == penta,
                 lambda c: c.plover == info.plover,
                 lambda c: c.penta == penta):
        hits = [c for c in cells() if test(c)]
        if hits:
            return hits[0].name
    return "STATEMENT"


def allowed(plover: str | None = None, penta: int | None = None) -> list[str]:
    """Cells a gold label allows: a PLOVER type (or several, '|'-joined) and/or a penta class."""
    types = set(plover.split("|")) if plover else None
    both = [c.name for c in cells() if (types is None or c.plover in types) and (penta is None or c.penta == penta)]
    if both or types is None:
        return both
    return [c.name for c in cells() if c.plover in types]
