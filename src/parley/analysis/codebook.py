"""Codebooks: what every exported column means, for researchers opening the data in R or Stata.

Column descriptions live in `data/codebook.tsv` (table, column, description); `codebook_markdown`
adds each column's type, how many values it has, and its range or commonest values.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import Any


@functools.lru_cache(maxsize=1)
def descriptions() -> dict[tuple[str, str], str]:
    """(table, column) -> one-line description, from data/codebook.tsv."""
    path = resources.files("parley.analysis").joinpath("data/codebook.tsv")
    with path.open(encoding="utf-8") as fh:
        return {(r["table"], r["column"]): r["description"] for r in csv.DictReader(fh, delimiter="\t")}


def describe(table: str, column: str) -> str:
    """The description of one column ('' when the codebook has none)."""
    return descriptions().get((table, column), "")


def _summary(series: Any) -> str:
    """Range of a numeric or date column, or its commonest values."""
    values = series.dropna()
    if values.empty:
        return "all empty"
    kind = series.dtype.kind
    if kind in "iuf":
        return f"{values.min():g} to {values.max():g}"
    if kind == "M":
        return f"{values.min():%Y-%m-%d} to {values.max():%Y-%m-%d}"
    text = values.astype(str)
    text = text[text != ""]
    if text.empty:
        return "all empty"
    if len(text) > 5 and text.nunique() == len(text):
        return "all distinct"
    if text.str.len().max() > 40:
        return f"free text, up to {int(text.str.len().max())} characters"
    top = text.value_counts().head(5)
    return ", ".join(f"{v} ({n})" for v, n in top.items())


def codebook_markdown(frame: Any, table: str, data_file: str | None = None) -> str:
    """A Markdown codebook of `frame`: every column with type, description, filled count and values."""
    lines = [f"# Codebook: Parley `{table}`", ""]
    if data_file:
        lines.append(f"Data file: `{data_file}` ({len(frame)} rows, {len(frame.columns)} columns). "
                     "Empty cells are missing values.")
        lines.append("")
    lines += ["| column | type | description | non-missing | values |", "|---|---|---|---|---|"]
    for column in frame.columns:
        col = frame[column]
        filled = int(col.notna().sum()) if col.dtype.kind != "O" else int((col.notna() & (col.astype(str) != "")).sum())
        cells = [f"`{column}`", str(col.dtype), describe(table, column), str(filled), _summary(col)]
        lines.append("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"
