"""The embedded store: DocumentReports kept in a DuckDB file, one table per kind of record.

The store keeps reports; it never makes them. Each document is written in one transaction and
keyed by its id, so analysing the same article twice stores it once and a crash never leaves
half a document behind.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from .document import DocumentReport
from .errors import E, ParleyError

DEFAULT_DB = "parley.duckdb"

#: How long a writer waits for another process's lock on the store before it gives up (E313).
LOCK_WAIT_S = 30.0
_FULL = ("no space left", "disk full", "file too large", "disk quota")
_READ_ONLY = ("permission denied", "read-only file system", "read only file system",
              "operation not permitted")

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, outlet VARCHAR, url VARCHAR,
    published VARCHAR, dateline VARCHAR, author VARCHAR, language VARCHAR, extra JSON,
    text VARCHAR, n_actors INTEGER, n_events INTEGER, n_quotes INTEGER, n_times INTEGER,
    n_errors INTEGER, analyzed_at TIMESTAMP, report JSON
);
CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR, actor_id VARCHAR, name VARCHAR, code VARCHAR, country VARCHAR,
    sectors VARCHAR[], type VARCHAR, n_mentions INTEGER
);
CREATE TABLE IF NOT EXISTS actor_mentions (
    doc_id VARCHAR, actor_id VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR, doc_id VARCHAR,
    source_id VARCHAR, source_name VARCHAR, source_code VARCHAR, source_country VARCHAR, source_text VARCHAR,
    target_id VARCHAR, target_name VARCHAR, target_code VARCHAR, target_country VARCHAR, target_text VARCHAR,
    cameo VARCHAR, cameo_root VARCHAR, plover VARCHAR, plover_mode VARCHAR, goldstein DOUBLE,
    quad_class INTEGER, negated BOOLEAN, modality VARCHAR,
    date_value VARCHAR, date_precision VARCHAR, date_basis VARCHAR,
    location_name VARCHAR, location_country VARCHAR,
    evidence_text VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
    reported_by VARCHAR[], confidence DOUBLE, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR, idx INTEGER, speaker_id VARCHAR, speaker_name VARCHAR, speaker_country VARCHAR,
    speaker_text VARCHAR, text VARCHAR, kind VARCHAR, cue VARCHAR, "start" INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS times (
    doc_id VARCHAR, idx INTEGER, text VARCHAR, value VARCHAR, precision VARCHAR,
    "start" INTEGER, "end" INTEGER, timex3 VARCHAR
);
CREATE TABLE IF NOT EXISTS errors (
    doc_id VARCHAR, path VARCHAR, code VARCHAR, message VARCHAR, stage VARCHAR
);
"""

#: Tables that hold one document's records, keyed by doc_id (documents is keyed by id).
CHILD_TABLES = ("actors", "actor_mentions", "events", "quotes", "times", "errors")
TABLES = ("documents", *CHILD_TABLES)


def _ref(ref: Any) -> list[Any]:
    if ref is None:
        return [None] * 5
    return [ref.actor_id, ref.name, ref.code, ref.country, ref.text]


def report_rows(report: DocumentReport) -> dict[str, list[tuple[Any, ...]]]:
    """The rows one report adds to each table."""
    d = report.document
    doc_id = d.id
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    rows["documents"].append((
        doc_id, d.path, d.title, d.outlet, d.url, d.published, d.dateline, d.author, d.language,
        json.dumps(d.extra, ensure_ascii=False, default=str), d.text,
        len(report.actors), len(report.events), len(report.quotes), len(report.times),
        len(report.errors), datetime.now(UTC).replace(tzinfo=None), report.model_dump_json(),
    ))
    for a in report.actors:
        rows["actors"].append((doc_id, a.id, a.name, a.code, a.country, list(a.sectors), a.type,
                               len(a.mentions)))
        rows["actor_mentions"].extend((doc_id, a.id, m.text, m.start, m.end) for m in a.mentions)
    for e in report.events:
        loc = e.location
        rows["events"].append((
            e.id, doc_id, *_ref(e.source), *_ref(e.target), e.cameo, e.cameo_root, e.plover,
            e.plover_mode, e.goldstein, e.quad_class, e.negated, e.modality,
            e.date.value, e.date.precision, e.date.basis,
            loc.name if loc else None, loc.country if loc else None,
            e.evidence.text, e.evidence.start, e.evidence.end,
            e.reported_by, e.confidence, e.rule,
        ))
    for i, q in enumerate(report.quotes):
        sp = q.speaker
        rows["quotes"].append((
            doc_id, i, sp.actor_id if sp else None, sp.name if sp else None,
            sp.country if sp else None, sp.text if sp else None,
            q.text, q.kind, q.cue, q.start, q.end,
        ))
    for i, t in enumerate(report.times):
        rows["times"].append((doc_id, i, t.text, t.value, t.precision, t.start, t.end, t.timex3))
    for err in report.errors:
        rows["errors"].append((doc_id, d.path, err.code, err.message, err.stage))
    return rows


def batch_rows(reports: Iterable[DocumentReport]) -> tuple[list[str], dict[str, list[tuple[Any, ...]]]]:
    """The document ids and every table's rows of several reports; an article met twice is kept once."""
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    ids: list[str] = []
    seen: set[str] = set()
    for report in reports:
        if report.document.id in seen:
            continue
        seen.add(report.document.id)
        ids.append(report.document.id)
        for table, found in report_rows(report).items():
            rows[table].extend(found)
    return ids, rows


class Store:
    """A DuckDB file of reports. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise ParleyError(E.E016, path=self.path, reason="no such file; run `parley analyze --db` first")
        if not read_only and str(path) != ":memory:" and not _writable(self.path):
            raise ParleyError(E.E311, path=self.path, reason="no write permission on the file or its folder")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise _open_error(self.path, exc) from exc
        if not read_only:
            try:
                self.con.execute(SCHEMA)
            except duckdb.Error as exc:
                self.con.close()
                raise write_error(self.path, exc) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: committed whole, or rolled back and a disk fault turned into a coded error."""
        try:
            self.con.execute("BEGIN TRANSACTION")
            yield
            self.con.execute("COMMIT")
        except BaseException as exc:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:  # already rolled back, or the connection is gone with the fault
                pass
            if isinstance(exc, (duckdb.Error, OSError)) and not isinstance(exc, duckdb.ProgrammingError):
                raise write_error(self.path, exc) from exc
            raise

    def add(self, report: DocumentReport) -> None:
        """Store one report, replacing an earlier one of the same document."""
        self.add_many([report])

    def add_many(self, reports: Iterable[DocumentReport]) -> int:
        """Store reports in one transaction; returns how many documents were written."""
        ids, batch = batch_rows(reports)
        if not ids:
            return 0
        with self._transaction():
            id_list = [(i,) for i in ids]
            self.con.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id VARCHAR)")
            self.con.execute("DELETE FROM _ids")
            self.con.executemany("INSERT INTO _ids VALUES (?)", id_list)
            self.con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _ids)")
            for table in CHILD_TABLES:
                self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT id FROM _ids)")
            for table, rows in batch.items():
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        return len(ids)

    def get_report(self, doc_id: str) -> DocumentReport | None:
        """The stored report of one document, with its text, or None."""
        row = self.con.execute("SELECT report, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            return None
        report = DocumentReport.model_validate_json(row[0])
        report.document.text = row[1] or ""
        return report

    def reports(self) -> Iterator[DocumentReport]:
        """Every stored report, in order of publication then id."""
        ids = [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY published NULLS LAST, id").fetchall()]
        for doc_id in ids:
            report = self.get_report(doc_id)
            if report is not None:
                yield report

    def query(self, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run SQL; returns (column names, rows). Errors become ParleyError E017."""
        try:
            cur = self.con.execute(sql, params or [])
            columns = [c[0] for c in cur.description] if cur.description else []
            return columns, cur.fetchall()
        except duckdb.Error as exc:
            raise ParleyError(E.E017, reason=str(exc).splitlines()[0]) from exc

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts for a readable overview: documents, actors, events by type, top dyads."""
        q = self.con.execute
        out: dict[str, Any] = {t: self.count(t) for t in TABLES}
        out["distinct_actors"] = q("SELECT count(DISTINCT actor_id) FROM actors").fetchone()[0]  # type: ignore[index]
        out["documents_by_outlet"] = q(
            "SELECT coalesce(outlet, '(unknown)') o, count(*) n FROM documents GROUP BY o ORDER BY n DESC, o LIMIT ?",
            [top]).fetchall()
        out["events_by_plover"] = q(
            "SELECT coalesce(plover, 'statement (no PLOVER type)') p, count(*) n, round(avg(goldstein), 2) g FROM events "
            "GROUP BY p ORDER BY n DESC, p").fetchall()
        out["events_by_root"] = q(
            "SELECT cameo_root, count(*) n FROM events GROUP BY cameo_root ORDER BY n DESC, cameo_root").fetchall()
        out["events_by_quad_class"] = q(
            "SELECT quad_class, count(*) n FROM events GROUP BY quad_class ORDER BY quad_class").fetchall()
        out["top_actors"] = q(
            "SELECT name, any_value(code) code, sum(n_mentions) m, count(DISTINCT doc_id) d FROM actors "
            "GROUP BY actor_id, name ORDER BY m DESC, name LIMIT ?", [top]).fetchall()
        out["top_dyads"] = q(
            "SELECT coalesce(source_code, source_name) s, coalesce(target_code, target_name) t, count(*) n, "
            "round(sum(goldstein), 1) g FROM events WHERE source_name IS NOT NULL AND target_name IS NOT NULL "
            "GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?", [top]).fetchall()
        return out


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _writable(path: Path) -> bool:
    """Whether this process may write `path` (or create it): the file and its folder both count."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return not folder.exists() or os.access(folder, os.W_OK)


def is_lock_error(exc: BaseException) -> bool:
    """Whether a DuckDB error means another process (or connection of this one) holds the file: worth waiting for."""
    text = str(exc).lower()
    return ("conflicting lock" in text or "could not set lock" in text or "being used" in text
            or "different configuration than existing connections" in text)


def write_error(path: Path, exc: BaseException) -> ParleyError:
    """The coded error for a failed write: disk full (E310), read-only (E311), else E312."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or any(k in text for k in _FULL):
        return ParleyError(E.E310, path=path, reason=_reason(exc))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or any(k in text for k in _READ_ONLY):
        return ParleyError(E.E311, path=path, reason=_reason(exc))
    return ParleyError(E.E312, path=path, reason=_reason(exc))


def _open_error(path: Path, exc: duckdb.Error) -> ParleyError:
    """E016 for a file another process holds (open_store waits on those) or that is no store; else E310/E311."""
    text = str(exc).lower()
    if is_lock_error(exc):
        return ParleyError(E.E016, path=path, reason=_reason(exc))
    if any(k in text for k in _READ_ONLY):
        return ParleyError(E.E311, path=path, reason=_reason(exc))
    if any(k in text for k in _FULL):
        return ParleyError(E.E310, path=path, reason=_reason(exc))
    return ParleyError(E.E016, path=path, reason=_reason(exc))


def open_store(path: str | Path, *, read_only: bool = False, wait: float = LOCK_WAIT_S) -> Store:
    """A Store, waiting with bounded backoff while another process holds the file (E313 after `wait` s)."""
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            return Store(path, read_only=read_only)
        except ParleyError as exc:
            if exc.code is not E.E016 or exc.__cause__ is None or not is_lock_error(exc.__cause__):
                raise
            if time.monotonic() >= deadline:
                raise ParleyError(E.E313, path=path, seconds=wait) from exc
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def append_reports(path: str | Path, reports: Iterable[DocumentReport], *, wait: float = LOCK_WAIT_S) -> int:
    """Store reports in one short transaction, holding the file only while writing (others may write between)."""
    reports = list(reports)
    if not reports:
        return 0
    with open_store(path, wait=wait) as store:
        return store.add_many(reports)
