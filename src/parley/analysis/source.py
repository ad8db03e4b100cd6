"""One way in to stored events: a DuckDB store or a batch output folder, seen as the same tables.

`open_source(path)` gives a DuckDB connection in which `documents`, `actors`, `actor_mentions`,
`events`, `quotes`, `times` and `errors` can be queried whatever wrote them. A batch folder holds
DIR/<table>/*.parquet (partitions may nest) or DIR/<table>.parquet; a table it lacks is empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..errors import E, ParleyError
from ..store import SCHEMA, TABLES

#: What analysis functions accept as a source.
SourceLike = str | Path | duckdb.DuckDBPyConnection | Any


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _parquet_glob(root: Path, table: str) -> str | list[str] | None:
    """The read_parquet files of one table of a batch folder, or None when it has none. When the
    folder has a `_manifest/` (a `parley batch` output), only committed partitions are read: a
    part renamed into place by a run killed before its commit stays invisible until the rerun."""
    folder = root / table
    manifest = root / "_manifest"
    if folder.is_dir() and manifest.is_dir():
        keys = {p.stem for p in manifest.glob("*.json")}
        parts = sorted(str(p) for p in folder.glob("part-*.parquet") if p.stem[len("part-"):] in keys)
        return parts or None
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return str(folder / "**" / "*.parquet")
    single = root / f"{table}.parquet"
    if single.is_file():
        return str(single)
    return None


def _open_batch(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection whose tables are views over the folder's Parquet files."""
    con = duckdb.connect(":memory:")
    con.execute(SCHEMA)  # empty tables with the store's columns for anything the folder lacks
    found = int((root / "_manifest").is_dir())  # a batch output with nothing committed yet is empty
    for table in TABLES:
        pattern = _parquet_glob(root, table)
        if pattern is None:
            continue
        found += 1
        con.execute(f"DROP TABLE {table}")
        files = (f"[{', '.join(_quote(Path(f)) for f in pattern)}]" if isinstance(pattern, list)
                 else _quote(Path(pattern)))
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files}, "
                    "union_by_name = true, hive_partitioning = false)")
    if not found:
        con.close()
        raise ParleyError(E.E550, path=root, reason="no <table>/*.parquet files in this folder")
    return con


def open_source(path: SourceLike) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the store's tables, from a .duckdb file, a batch folder or a Store."""
    if isinstance(path, duckdb.DuckDBPyConnection):
        return path
    if hasattr(path, "con") and isinstance(path.con, duckdb.DuckDBPyConnection):  # a parley Store
        return path.con
    root = Path(path)
    if root.is_dir():
        try:
            return _open_batch(root)
        except duckdb.Error as exc:
            raise ParleyError(E.E550, path=root, reason=str(exc).splitlines()[0]) from exc
    if not root.is_file():
        raise ParleyError(E.E550, path=root, reason="no such file or folder")
    try:
        return duckdb.connect(str(root), read_only=True)
    except duckdb.Error as exc:
        raise ParleyError(E.E550, path=root, reason=str(exc).splitlines()[0]) from exc


def owns(path: SourceLike) -> bool:
    """Whether open_source(path) makes a new connection that the caller should close."""
    return not isinstance(path, duckdb.DuckDBPyConnection) and not hasattr(path, "con")


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The column names of one table or view of a source."""
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
