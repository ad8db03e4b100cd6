"""SIGKILL during `parley batch` and `parley analyze --db`: the output stays consistent, and a
rerun with the same arguments completes the work with every document exactly once.

Kills come two ways: from outside (SIGKILL to the process group when a progress marker shows
on disk: polled, never a fixed sleep) and from inside at an exact step (a wrapper counts the
file renames or store commits and kills its own process group just before the n-th one).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from reliability.fuzzing import environ, write_corpus

from parley.batch import plan_partitions
from parley.ids import document_id
from parley.store import TABLES

#: Polling stops (and the test fails) after this long: a guard on a loaded machine, not a limit.
PATIENCE = 600
FAST = {"PARLEY_PIPELINE": "actors, times"}
N_DOCS, N_COPIES, PART = 300, 20, 10

#: Runs the CLI; with PARLEY_TEST_KILL_AT=<what>:<n> it SIGKILLs its own process group just
#: before the n-th `os.replace` ("replace") or store COMMIT ("commit").
_WRAPPER = r"""
import os, signal, sys
what, _, n = os.environ.get("PARLEY_TEST_KILL_AT", ":0").partition(":")
count = [0]
def tick():
    count[0] += 1
    if count[0] == int(n):
        os.killpg(0, signal.SIGKILL)
if what == "replace":
    real = os.replace
    def replace(*args, **kwargs):
        tick()
        return real(*args, **kwargs)
    os.replace = replace
elif what == "commit":
    import parley.store as store
    class Con:
        def __init__(self, con):
            self._con = con
        def execute(self, sql, *args):
            if sql.strip().upper() == "COMMIT":
                tick()
            return self._con.execute(sql, *args)
        def __getattr__(self, name):
            return getattr(self._con, name)
    init = store.Store.__init__
    def patched(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.con = Con(self.con)
    store.Store.__init__ = patched
from parley.cli import main
sys.argv = ["parley", *sys.argv[1:]]
main()
"""


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """`parley ARGS` in its own process group (so a kill reaches its workers too)."""
    handle = open(log, "ab")
    return subprocess.Popen([sys.executable, "-c", _WRAPPER, *args], env=env, stdout=handle,
                            stderr=subprocess.STDOUT, start_new_session=True)


def _kill_when(proc: subprocess.Popen, ready: Callable[[], bool]) -> bool:
    """SIGKILL the process group once `ready()` holds; False when the run ended first."""
    deadline = time.monotonic() + PATIENCE
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.01)
    proc.wait(timeout=PATIENCE)
    return False


def _finish(args: list[str], env: dict[str, str], log: Path) -> None:
    proc = _start(args, env, log)
    assert proc.wait(timeout=PATIENCE) == 0, log.read_text("utf-8", "replace")[-3000:]


def _corpus(folder: Path) -> tuple[list[Path], set[str]]:
    """A JSONL corpus of N_DOCS records and a second file repeating N_COPIES of them."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [f"{lead} on Monday, officials said.\n\nDispatch number {k}." for k, lead in
             enumerate(["Iran rejected talks with the United States", "France and Germany signed a deal",
                        "Russia accused Ukraine of shelling a village"] * (N_DOCS // 3))]
    main, copies = folder / "corpus.jsonl", folder / "copies.jsonl"
    main.write_text("".join(json.dumps({"text": t, "published": "2020-05-04"}) + "\n" for t in texts))
    copies.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts[::N_DOCS // N_COPIES]))
    return [main, copies], {document_id(t) for t in texts}


def _manifests(out: Path) -> int:
    return len(list((out / "_manifest").glob("*.json")))


def _check_batch_output(out: Path, expected: set[str]) -> None:
    """Every document once in documents; every other table's rows belong to a document and match
    its counts; no temporary file anywhere; `parley query` sees the same."""
    assert not list(out.rglob("*.tmp"))
    con = duckdb.connect()
    try:
        def table(name: str) -> str:
            return f"read_parquet('{out / name}/*.parquet', union_by_name=true)"

        ids = [r[0] for r in con.execute(f"SELECT id FROM {table('documents')}").fetchall()]
        assert len(ids) == len(set(ids)) == len(expected) and set(ids) == expected
        for child, column in (("actors", "n_actors"), ("times", "n_times"), ("errors", "n_errors"),
                              ("events", "n_events"), ("quotes", "n_quotes")):
            stray = con.execute(f"SELECT count(*) FROM {table(child)} WHERE doc_id NOT IN "
                                f"(SELECT id FROM {table('documents')})").fetchone()[0]
            assert stray == 0, child
            wrong = con.execute(
                f"SELECT count(*) FROM {table('documents')} d LEFT JOIN (SELECT doc_id, count(*) n FROM "
                f"{table(child)} GROUP BY doc_id) c ON c.doc_id = d.id WHERE coalesce(c.n, 0) <> d.{column}"
            ).fetchone()[0]
            assert wrong == 0, f"{child}: {wrong} documents whose rows do not match {column}"
    finally:
        con.close()
    from typer.testing import CliRunner

    from parley.cli import app

    result = CliRunner().invoke(app, ["query", "--db", str(out), "--format", "json",
                                      "SELECT count(*) AS n, count(DISTINCT id) AS d FROM documents"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": len(expected), "d": len(expected)}]


def _committed_parts_are_whole(out: Path) -> None:
    """After a kill: each committed partition has its part in every table, no temp file is
    visible to a reader's *.parquet glob, and the run file is whole."""
    json.loads((out / "_batch.json").read_text("utf-8"))
    for entry in (out / "_manifest").glob("*.json"):
        key = json.loads(entry.read_text("utf-8"))["key"]
        for name in TABLES:
            assert (out / name / f"part-{key}.parquet").is_file(), (name, key)
    for name in TABLES:
        assert all(p.name.endswith(".parquet") for p in (out / name).glob("*.parquet"))


#: Renames per partition: one per table, then its manifest entry; the run file is renamed first.
PER_PART = len(TABLES) + 1

#: Where to kill, given the number of partitions the run plans (the plan's tail is cut finer).
KILLS = {
    "early: run file written, no partition yet": ("poll", lambda out, n: (out / "_batch.json").exists()),
    "middle: half the partitions committed": ("poll", lambda out, n: _manifests(out) >= n // 2),
    "mid-partition: 3 of its 7 tables renamed": ("replace", lambda n: 1 + 4 * PER_PART + 4),
    "at commit: tables in place, manifest not": ("replace", lambda n: 1 + 6 * PER_PART + len(TABLES) + 1),
    "compacting: removing the copies": ("replace", lambda n: 1 + n * PER_PART + 2),
}


@pytest.mark.parametrize("point", list(KILLS))
def test_batch_killed_then_rerun_gives_every_document_once(tmp_path, point):
    inputs, expected = _corpus(tmp_path / "in")
    out = tmp_path / "out"
    log = tmp_path / "log.txt"
    args = ["batch", *map(str, inputs), "--out", str(out), "--scheduler", "sync",
            "--partition-size", str(PART), "-q"]
    n_parts = len(plan_partitions(inputs, PART)[0])
    assert n_parts > -(-(N_DOCS + N_COPIES) // PART)  # whole partitions, then the tail's pieces
    how, when = KILLS[point]
    if how == "poll":
        proc = _start(args, environ(**FAST), log)
        assert _kill_when(proc, lambda: when(out, n_parts)), "the run ended before it could be killed"
    else:
        proc = _start(args, environ(**FAST, PARLEY_TEST_KILL_AT=f"{how}:{when(n_parts)}"), log)
        assert proc.wait(timeout=PATIENCE) == -signal.SIGKILL, log.read_text("utf-8", "replace")[-3000:]
    if (out / "_batch.json").exists():
        _committed_parts_are_whole(out)
    assert _manifests(out) < n_parts or point.startswith("compacting")
    _finish(args, environ(**FAST), log)
    assert _manifests(out) == n_parts
    _check_batch_output(out, expected)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    _finish(args, environ(**FAST), log)  # a third run finds nothing to do and changes nothing
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before


@pytest.mark.slow
def test_batch_on_a_local_cluster_killed_then_rerun(tmp_path):
    """The real thing: two Dask worker processes, killed with their driver mid-run."""
    inputs, expected = _corpus(tmp_path / "in")
    out = tmp_path / "out"
    log = tmp_path / "log.txt"
    args = ["batch", *map(str, inputs), "--out", str(out), "--workers", "2",
            "--partition-size", str(PART), "-q"]
    proc = _start(args, environ(**FAST), log)
    assert _kill_when(proc, lambda: _manifests(out) >= 3), log.read_text("utf-8", "replace")[-3000:]
    _committed_parts_are_whole(out)
    _finish(args, environ(**FAST), log)
    _check_batch_output(out, expected)


# --- parley analyze --db -----------------------------------------------------------------

N_FILES = 120
STORE_PIPELINE = {"PARLEY_PIPELINE": "nlp, actors, times, quotes, events"}


def _check_store(db: Path, expected: set[str] | None = None) -> set[str]:
    """The store opens; it holds whole documents only (no rows without their document, counts
    that match the rows); returns the stored ids."""
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM documents").fetchall()]
        assert len(ids) == len(set(ids))
        for child, column in (("actors", "n_actors"), ("events", "n_events"), ("quotes", "n_quotes"),
                              ("times", "n_times"), ("errors", "n_errors")):
            assert con.execute(f"SELECT count(*) FROM {child} WHERE doc_id NOT IN "
                               "(SELECT id FROM documents)").fetchone()[0] == 0, child
            assert con.execute(
                f"SELECT count(*) FROM documents d LEFT JOIN (SELECT doc_id, count(*) n FROM {child} "
                f"GROUP BY doc_id) c ON c.doc_id = d.id WHERE coalesce(c.n, 0) <> d.{column}"
            ).fetchone()[0] == 0, child
        n_mentions = con.execute("SELECT count(*) FROM actor_mentions WHERE doc_id NOT IN "
                                 "(SELECT id FROM documents)").fetchone()[0]
        assert n_mentions == 0
    if expected is not None:
        assert set(ids) == expected
    return set(ids)


def _printed(log: Path) -> int:
    try:
        return log.read_bytes().count(b'{"document"')
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("how", ["poll", "commit"])
def test_analyze_db_killed_then_rerun_stores_each_document_once(tmp_path, how):
    paths = write_corpus(tmp_path / "in", N_FILES)
    expected = {document_id(p.read_text("utf-8")) for p in paths}
    db, log = tmp_path / "store.duckdb", tmp_path / "log.txt"
    args = ["analyze", str(tmp_path / "in"), "--db", str(db), "--format", "jsonl", "--no-progress"]
    if how == "poll":  # from outside, once a third of the documents have been printed
        proc = _start(args, environ(**STORE_PIPELINE), log)
        assert _kill_when(proc, lambda: _printed(log) >= N_FILES // 3), "the run ended before the kill"
    else:  # from inside, just before the third store transaction commits
        proc = _start(args, environ(**STORE_PIPELINE, PARLEY_TEST_KILL_AT="commit:3"), log)
        assert proc.wait(timeout=PATIENCE) == -signal.SIGKILL, log.read_text("utf-8", "replace")[-3000:]
    stored = _check_store(db)
    assert len(stored) < N_FILES
    if how == "commit":
        from parley.cli.analyze import STORE_BATCH

        assert len(stored) == 2 * STORE_BATCH  # two whole transactions, nothing of the third
    _finish(args, environ(**STORE_PIPELINE), log)
    _check_store(db, expected)
