"""Short-lived store access for the web app: one connection per request, retried while locked.

DuckDB lets one process write a file at a time, and a process that has a file open read-write
keeps every other process out. The server therefore opens the store only for the length of one
request (read-only for reads), and serialises its own uses with a lock, so a `parley analyze
--db` run in another terminal is delayed by at most one request, and vice versa (E601).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..errors import E, ParleyError

#: How long a request waits for another process's lock before it answers E601.
LOCK_WAIT_S = 5.0
#: How long a read connection stays open after its last use, for the next read to reuse. While it is
#: open no other process can write the file, so this bounds how long a writer waits on the server.
LEASE_S = 0.1
_LOCK = threading.RLock()
_held: dict[str, Any] = {"path": None, "con": None, "timer": None}


def _locked(exc: BaseException) -> bool:
    from ..store import is_lock_error

    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "being used" in text or is_lock_error(exc)


def is_batch(path: Path) -> bool:
    """Whether `path` is a batch output folder (read-only Parquet tables) rather than a DuckDB file."""
    return path.is_dir()


def _open_batch(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection whose tables are views over DIR/<table>/**/*.parquet (or DIR/<table>.parquet)."""
    from ..store import SCHEMA, TABLES

    con = duckdb.connect(":memory:")
    con.execute(SCHEMA)
    found = 0
    for table in TABLES:
        folder, single = root / table, root / f"{table}.parquet"
        if folder.is_dir() and any(folder.rglob("*.parquet")):
            pattern = str(folder / "**" / "*.parquet")
        elif single.is_file():
            pattern = str(single)
        else:
            continue
        found += 1
        quoted = "'" + pattern.replace("'", "''") + "'"
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({quoted}, union_by_name = true)")
    if not found:
        con.close()
        raise ParleyError(E.E600, path=root, reason="no <table>/*.parquet files in this folder")
    return con


def _open_read(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: parley.analysis.source.open_source when installed, else our own."""
    try:
        from ..analysis.source import open_source
    except ImportError:
        open_source = None
    if open_source is not None:
        try:
            return open_source(path)
        except ParleyError as exc:
            cause = exc.__cause__
            if cause is not None and _locked(cause):
                raise cause from None
            raise ParleyError(E.E600, path=path, reason=str(exc)) from exc
    if is_batch(path):
        return _open_batch(path)
    return duckdb.connect(str(path), read_only=True)


def _empty() -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the store's empty tables (a store that does not exist yet)."""
    from ..store import SCHEMA

    con = duckdb.connect(":memory:")
    con.execute(SCHEMA)
    return con


def _drop_held() -> None:
    """Close the leased read connection (call with _LOCK held)."""
    con, timer = _held["con"], _held["timer"]
    _held.update(path=None, con=None, timer=None)
    if timer is not None:
        timer.cancel()
    if con is not None:
        con.close()


def _close_if_idle(con: duckdb.DuckDBPyConnection) -> None:
    with _LOCK:
        if _held["con"] is con:
            _drop_held()


def release() -> None:
    """Close the leased read connection now (before this process writes, and at shutdown)."""
    with _LOCK:
        _drop_held()


@contextmanager
def reading(path: Path, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store (empty tables when it does not exist yet); E601 when locked.

    Reads in quick succession share one connection, kept for LEASE_S after the last: opening a
    DuckDB file costs tens of milliseconds, and while it is open the file cannot change under it.
    """
    with _LOCK:
        if not path.exists():
            con = _empty()
            try:
                yield con
            finally:
                con.close()
            return
        if _held["con"] is None or _held["path"] != path:
            _drop_held()
            _held.update(path=path, con=_retry(lambda: _open_read(path), path, wait))
        elif _held["timer"] is not None:
            _held["timer"].cancel()
        con = _held["con"]
        try:
            yield con
        except BaseException:
            _drop_held()  # a failed query may leave the connection in a bad state
            raise
        finally:
            if _held["con"] is con:
                timer = threading.Timer(LEASE_S, _close_if_idle, args=(con,))
                timer.daemon = True
                _held["timer"] = timer
                timer.start()


@contextmanager
def writing(path: Path, wait: float | None = None) -> Iterator[Any]:
    """A parley Store open for writing, for one upload; E604 for batch folders, E601 when locked."""
    from ..store import Store

    if is_batch(path):
        raise ParleyError(E.E604, path=path)
    with _LOCK:
        _drop_held()  # this process's own read lease would keep its writer out
        store = _retry(lambda: Store(path), path, wait)
        try:
            yield store
        finally:
            store.close()


def _retry(opener: Any, path: Path, wait: float | None) -> Any:
    """Call `opener` until it stops failing on another process's lock, or `wait` seconds pass."""
    wait = LOCK_WAIT_S if wait is None else wait
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return opener()
        except (duckdb.Error, ParleyError) as exc:
            reason = exc.__cause__ if isinstance(exc, ParleyError) and exc.__cause__ else exc
            if not _locked(reason):
                if isinstance(exc, ParleyError):
                    raise
                raise ParleyError(E.E600, path=path, reason=str(exc).splitlines()[0]) from exc
            if time.monotonic() >= deadline:
                raise ParleyError(E.E601, path=path, seconds=wait) from exc
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The result of `sql` as a list of dicts (column name to value)."""
    cur = con.execute(sql, params or [])
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
