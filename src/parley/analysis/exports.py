"""Research exports of the store: Stata .dta and CSV with a Markdown codebook.

Registered in `parley.registry.exporters` as `dta` and `codebook`, beside csv, parquet, jsonl
and gdelt. Events are exported with their report's metadata and parsed dates (`event_date`,
`report_date`), so R and Stata users get real date columns, not strings.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from ..errors import E, ParleyError
from ..registry import exporters
from ..store import TABLES
from .codebook import codebook_markdown, describe

#: Columns renamed in .dta files because Stata (or pandas' writer) reserves the word.
STATA_NAMES = {"start": "start_offset", "end": "end_offset"}


def _table(name: str) -> str:
    if name not in TABLES:
        raise ParleyError(E.E018, name=f"table {name}", known=", ".join(TABLES))
    return name


def table_frame(store: Any, table: str = "events") -> Any:
    """One table as a pandas DataFrame for researchers: lists joined by ';', events with parsed dates."""
    name = _table(table)
    if name == "events":
        from .frames import events

        frame = events(store)
    else:
        frame = store.con.execute(f"SELECT * FROM {name}").df()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, list | tuple)).any():
            frame[column] = frame[column].map(lambda v: ";".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return frame


def _need_file(out: str | Path | None, fmt: str) -> Path:
    if out in (None, "-"):
        raise ParleyError(E.E018, name=f"{fmt} to stdout", known=f"{fmt} with --out FILE")
    path = Path(out)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _is_bool(col: Any) -> bool:
    if col.dtype.kind == "b":
        return True
    values = col.dropna()
    return col.dtype == object and len(values) > 0 and values.map(lambda v: isinstance(v, bool)).all()


def stata_ready(frame: Any) -> tuple[Any, dict[str, str], list[str]]:
    """A copy Stata can hold: booleans as 0/1, text without missing values; dates and long texts listed."""
    frame = frame.copy()
    dates: dict[str, str] = {}
    strl: list[str] = []
    for column in frame.columns:
        col = frame[column]
        if _is_bool(col):
            frame[column] = col.map(lambda v: None if v is None or v != v else int(bool(v))).astype("float64")
        elif col.dtype.kind == "M":
            frame[column] = col.astype("datetime64[ns]")
            values = col.dropna()
            dates[column] = "td" if (values.dt.normalize() == values).all() else "tc"
        elif col.dtype.kind in "OUT" or str(col.dtype) in ("str", "string"):
            text = col.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v)).astype(object)
            frame[column] = text
            if len(text) and text.map(lambda v: len(v.encode("utf-8"))).max() > 2000:
                strl.append(column)
    return frame, dates, strl


@exporters.register("dta")
def export_dta(store: Any, out: str | Path | None, table: str = "events") -> int:
    """One table as a Stata 14+ .dta file (dates as %td, variable labels from the codebook; needs --out)."""
    path = _need_file(out, "dta")
    frame, dates, strl = stata_ready(table_frame(store, table))
    labels = {STATA_NAMES.get(c, c): describe(table, c)[:80] for c in frame.columns if describe(table, c)}
    frame = frame.rename(columns=STATA_NAMES)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas warns about strL and names it already handled
            frame.to_stata(path, write_index=False, version=118,
                           convert_dates={STATA_NAMES.get(c, c): f for c, f in dates.items()},
                           convert_strl=[STATA_NAMES.get(c, c) for c in strl],
                           variable_labels=labels, data_label=f"Parley {table}"[:80])
    except (ValueError, TypeError, OSError) as exc:
        raise ParleyError(E.E558, reason=str(exc).splitlines()[0]) from exc
    return len(frame)


@exporters.register("codebook")
def export_codebook(store: Any, out: str | Path | None, table: str = "events") -> int:
    """One table as CSV plus OUT-stem.codebook.md describing every column (needs --out)."""
    path = _need_file(out, "codebook")
    frame = table_frame(store, table)
    try:
        frame.to_csv(path, index=False, date_format="%Y-%m-%d")
        book = path.with_name(path.stem + ".codebook.md")
        book.write_text(codebook_markdown(frame, table, data_file=path.name), encoding="utf-8")
    except OSError as exc:
        raise ParleyError(E.E557, path=path, reason=str(exc)) from exc
    return len(frame)
