"""Batch output: one Parquet file per table and partition, committed by a manifest entry.

Layout (what `parley.analysis.source.open_source` reads): DIR/<table>/part-<key>.parquet for
documents, actors, actor_mentions, events, quotes, times and errors, with exactly the store's
columns; DIR/_manifest/<key>.json marks a partition done; DIR/_batch.json holds the run's
arguments. Each file is written under a temporary name and renamed into place, and the manifest
entry is written last, so a partition is either done (skipped by a rerun) or redone whole (its
files replaced under the same names): a killed run loses nothing and doubles nothing.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from ..document import DocumentReport
from ..errors import E, ParleyError
from ..store import SCHEMA, TABLES, batch_rows

MANIFEST = "_manifest"
RUN_FILE = "_batch.json"
TMP_SUFFIX = ".tmp"


def part_name(key: str) -> str:
    """The file name of one partition's part in every table folder."""
    return f"part-{key}.parquet"


def write_atomic(path: Path, data: str) -> None:
    """Write a small text file under a temporary name, then rename it into place."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def prepare(out: Path, arguments: dict[str, Any]) -> None:
    """Create the output folder, or check that it was made by a run with the same arguments (E652);
    leftover temporary files of a killed run are removed."""
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).mkdir(exist_ok=True)
    for table in TABLES:
        (out / table).mkdir(exist_ok=True)
    run_file = out / RUN_FILE
    if run_file.exists():
        try:
            before = json.loads(run_file.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ParleyError(E.E656, path=out, reason=f"{RUN_FILE} is unreadable: {exc}") from exc
        changed = sorted(k for k in arguments if before.get(k) != arguments[k])
        if changed:
            raise ParleyError(E.E652, path=out, reason="changed: " + ", ".join(changed))
    else:
        write_atomic(run_file, json.dumps(arguments, indent=2, sort_keys=True))
    for folder in [out / MANIFEST, *(out / t for t in TABLES)]:
        for leftover in folder.glob(f"*{TMP_SUFFIX}"):
            leftover.unlink(missing_ok=True)


def done_keys(out: Path) -> set[str]:
    """Keys of the partitions whose manifest entry exists (committed)."""
    return {p.stem for p in (out / MANIFEST).glob("*.json")}


#: Table types whose columns go to DuckDB as typed numpy arrays when every value has this
#: Python type (the others, and any column with a None, as arrays of Python objects).
_NUMPY_TYPES = {"INTEGER": (int, "int64"), "BIGINT": (int, "int64"), "DOUBLE": (float, "float64"),
                "BOOLEAN": (bool, "bool")}


class _Writer:
    """An in-memory DuckDB connection with the store's schema, made once per thread (making one
    cost a fifth of the writing), and each table's columns as (name, type)."""

    def __init__(self) -> None:
        self.con = duckdb.connect(":memory:")
        self.con.execute(SCHEMA)
        # DuckDB types a column of Python objects from a sample of its values (a thousand),
        # which would cut a lone float among whole numbers to a whole number: it reads all of
        # them here (a partition's tables hold a few thousand rows)
        self.con.execute("SET pandas_analyze_sample = 1000000000")
        self.columns = {t: [(row[0], row[1]) for row in self.con.execute(f"DESCRIBE {t}").fetchall()]
                        for t in TABLES}

    def copy(self, table: str, rows: list[tuple[Any, ...]], path: Path) -> None:
        """Write `rows` as the Parquet file `path` with exactly the table's columns and types."""
        if rows:
            try:
                self._copy_columns(table, rows, path)
                return
            except duckdb.Error:
                pass  # a column DuckDB cannot type or cast: row by row below, as INSERT converts
        self.con.execute("BEGIN")
        try:  # no rows, or a column that failed: through the empty table, left empty after
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            self.con.execute(f"COPY {table} TO '{_sql_path(path)}' (FORMAT parquet)")
        finally:
            self.con.execute("ROLLBACK")

    def _copy_columns(self, table: str, rows: list[tuple[Any, ...]], path: Path) -> None:
        """One columnar statement over numpy arrays, each column cast to its table type (DuckDB's
        executemany goes row by row, which cost more than coding the articles; Arrow would do as
        well but costs every worker a quarter second to import it and pandas)."""
        columns = self.columns[table]
        data = {f"c{i}": _array([row[i] for row in rows], kind) for i, (_, kind) in enumerate(columns)}
        select = ", ".join(f'CAST(c{i} AS {kind}) AS "{name}"' for i, (name, kind) in enumerate(columns))
        self.con.register("_parley_rows", data)
        try:
            self.con.execute(f"COPY (SELECT {select} FROM _parley_rows) TO '{_sql_path(path)}' (FORMAT parquet)")
        finally:
            self.con.unregister("_parley_rows")


def _array(values: list[Any], kind: str) -> Any:
    """One column for DuckDB: typed when every value has the table type's Python type, else the
    values themselves (a list stays one value: no broadcasting)."""
    import numpy

    typed = _NUMPY_TYPES.get(kind)
    if typed is not None and all(type(v) is typed[0] for v in values):
        try:
            return numpy.array(values, dtype=typed[1])
        except OverflowError:  # a whole number past 64 bits: DuckDB's cast reports it
            pass
    return numpy.fromiter(values, dtype=object, count=len(values))


_WRITERS = threading.local()


def _writer() -> _Writer:
    """This thread's `_Writer` (DuckDB connections are not shared between threads)."""
    writer = getattr(_WRITERS, "writer", None)
    if writer is None:
        writer = _WRITERS.writer = _Writer()
    return writer


def write_partition(out: Path, key: str, reports: Iterable[DocumentReport], info: dict[str, Any]) -> dict[str, Any]:
    """Write one partition's reports as Parquet parts (same columns as the store) and commit it."""
    ids, rows = batch_rows(reports)  # the same article twice in one partition: kept once
    writer = _writer()
    for table in TABLES:
        final = out / table / part_name(key)
        tmp = final.with_name(final.name + TMP_SUFFIX)
        writer.copy(table, rows[table], tmp)
        os.replace(tmp, final)
    entry = {**info, "key": key, "doc_ids": ids, "rows": {t: len(rows[t]) for t in TABLES}}
    write_atomic(out / MANIFEST / f"{key}.json", json.dumps(entry))
    return entry


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def compact(out: Path) -> int:
    """Keep each document in one partition only (the first by key) when the same article came in
    several; rewrites only the parts that hold a copy, atomically. Returns the copies removed.

    Ownership is computed from the manifest entries, which are never rewritten, so running this
    again after a crash finishes the job and changes nothing more.
    """
    owner: dict[str, str] = {}
    drop: dict[str, set[str]] = {}
    entries = sorted((out / MANIFEST).glob("*.json"))
    for path in entries:
        entry = json.loads(path.read_text("utf-8"))
        for doc_id in entry.get("doc_ids", []):
            if doc_id in owner:
                drop.setdefault(entry["key"], set()).add(doc_id)
            else:
                owner[doc_id] = entry["key"]
    removed = 0
    for key, ids in sorted(drop.items()):
        removed += len(ids)
        con = duckdb.connect(":memory:")
        try:
            con.execute("CREATE TABLE _drop (id VARCHAR)")
            con.executemany("INSERT INTO _drop VALUES (?)", [(i,) for i in sorted(ids)])
            for table in TABLES:
                final = out / table / part_name(key)
                if not final.exists():
                    continue
                column = "id" if table == "documents" else "doc_id"
                source = f"read_parquet('{_sql_path(final)}')"
                # a part already without the copies (an earlier run, or one killed half-way
                # through this loop) is left alone: a rerun rewrites nothing it need not
                if not con.execute(f"SELECT count(*) FROM {source} WHERE {column} IN (SELECT id FROM _drop)"
                                   ).fetchone()[0]:  # type: ignore[index]
                    continue
                tmp = final.with_name(final.name + TMP_SUFFIX)
                con.execute(f"COPY (SELECT * FROM {source} WHERE {column} NOT IN "
                            f"(SELECT id FROM _drop)) TO '{_sql_path(tmp)}' (FORMAT parquet)")
                os.replace(tmp, final)
        finally:
            con.close()
    return removed
