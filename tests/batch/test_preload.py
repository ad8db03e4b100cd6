"""Workers forked from a fork server that loaded the pipeline once (parley.batch.preload)."""

from __future__ import annotations

import base64
import multiprocessing
import os
import pickle
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from parley.batch import run_batch
from parley.batch.preload import ENVIRONMENT, PreloadServer

pytest.importorskip("distributed")
needs_forkserver = pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                                      reason="no fork server on this platform")


def _worker_state() -> dict:
    """What a worker process holds before it has run any partition."""
    import gc

    from parley.api import get_pipeline

    return {"pipelines": get_pipeline.cache_info().currsize, "parent": os.getppid(), "pid": os.getpid(),
            "preload_variable": os.environ.get(ENVIRONMENT), "collecting": gc.isenabled(),
            "frozen": gc.get_freeze_count()}


def _rows(out: Path, table: str, columns: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT {columns} FROM read_parquet('{out}/{table}/*.parquet') ORDER BY ALL").fetchall()
    finally:
        con.close()


@needs_forkserver
@pytest.mark.slow
def test_workers_start_with_the_pipeline_loaded(fast_settings):
    from multiprocessing import forkserver

    from parley.batch.driver import _client

    server = PreloadServer.start(fast_settings)
    assert server is not None
    try:
        client, cluster = _client(2, None, processes=True, preloaded=server)
        try:
            states = list(client.run(_worker_state).values())
        finally:
            client.close()
            cluster.close()
        server_pid = forkserver._forkserver._forkserver_pid
        assert len(states) == 2
        for state in states:
            assert state["pipelines"] == 1  # loaded before any task reached the worker
            assert state["parent"] == server_pid  # forked from the server, not spawned by the driver
            assert state["preload_variable"] is None  # the settings do not leak into the workers
            assert state["collecting"] and state["frozen"] > 10_000  # the loaded objects are frozen,
            # and the collector, off while the server loaded them, runs again in the workers
    finally:
        server.stop()
    assert forkserver._forkserver._forkserver_pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(server_pid, 0)


@needs_forkserver
def test_a_fork_server_parley_did_not_start_is_left_alone(fast_settings):
    """With the process's fork server already running (someone else's preload), workers are
    spawned as before and the server is not stopped."""
    from multiprocessing import forkserver

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([])
    forkserver.ensure_running()
    pid = forkserver._forkserver._forkserver_pid
    try:
        assert PreloadServer.start(fast_settings) is None
        assert forkserver._forkserver._forkserver_pid == pid
    finally:
        forkserver._forkserver._stop()


def test_preloading_never_stops_the_server(fast_settings):
    """A pipeline that cannot be built (a stage nobody registered) leaves a warning, not a dead
    fork server: the workers then build it, and report the error, themselves. (In a process of
    its own: the loader ends its process without finalisation, which must not touch pytest's.)"""
    broken = fast_settings.with_(pipeline=("actors", "no_such_stage"))
    payload = base64.b64encode(pickle.dumps((broken, ()))).decode("ascii")
    code = ("import gc, os; from parley.batch.preload import load_from_environment; load_from_environment(); "
            f"print('returned', gc.isenabled(), os.environ.get('{ENVIRONMENT}'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env={**os.environ, ENVIRONMENT: payload})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "returned True None"
    assert "could not be preloaded" in done.stderr and "no_such_stage" in done.stderr


def test_importing_the_server_module_elsewhere_does_nothing(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    code = "import parley.batch.preload_server, parley.api as a; print(a.get_pipeline.cache_info().currsize)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


@needs_forkserver
@pytest.mark.slow
def test_preloaded_and_spawned_workers_write_the_same_tables(jsonl_corpus, tmp_path):
    """The full pipeline, forked workers against spawned ones: the same rows in every table.
    The driver first runs a batch in its own process, which opens DuckDB here: forking this
    process would then crash its workers; forking the fork server must not."""
    run_batch([jsonl_corpus], tmp_path / "sync", scheduler="sync", partition_size=4)
    forked = run_batch([jsonl_corpus], tmp_path / "forked", workers=2, partition_size=4)
    spawned = run_batch([jsonl_corpus], tmp_path / "spawned", workers=1, partition_size=4, preload=False)
    assert forked.documents == spawned.documents == 10
    for table, columns in (("documents", "id, title"), ("events", "*"), ("actors", "*"), ("times", "*")):
        assert _rows(tmp_path / "forked", table, columns) == _rows(tmp_path / "spawned", table, columns)
    assert _rows(tmp_path / "forked", "events", "*") == _rows(tmp_path / "sync", "events", "*")


@needs_forkserver
def test_stop_does_not_wait_forever_on_a_lingering_worker(fast_settings):
    """The fork server only ends once every process forked from it has; stop() gives a process
    that outlived its cluster a bounded time, then ends the server anyway."""
    import time
    from multiprocessing import forkserver

    server = PreloadServer(fast_settings)  # a bare fork server (nothing preloaded) will do here
    forkserver._forkserver.set_forkserver_preload([])
    forkserver.ensure_running()
    server._server = forkserver._forkserver
    server_pid = forkserver._forkserver._forkserver_pid
    lingering = multiprocessing.get_context("forkserver").Process(target=time.sleep, args=(60,), daemon=True)
    lingering.start()
    try:
        started = time.monotonic()
        server.stop(timeout=1.0)
        assert time.monotonic() - started < 5
        with pytest.raises(ProcessLookupError):
            os.kill(server_pid, 0)
        assert forkserver._forkserver._forkserver_pid is None
    finally:
        lingering.kill()
        lingering.join(5)


def _pipelines_built() -> dict:
    import gc

    from parley.api import get_pipeline

    info = get_pipeline.cache_info()
    return {"built": info.misses, "held": info.currsize, "frozen": gc.get_freeze_count(), "collecting": gc.isenabled()}


@pytest.mark.slow
def test_workers_started_with_the_dask_preload_start_loaded(monkeypatch, jsonl_corpus, tmp_path, fast_settings):
    """`dask worker ... --preload parley.batch.dask_preload`: the worker builds the pipeline of its
    environment's settings before any task, and a run with the same settings reuses it."""
    from distributed import Client, LocalCluster

    monkeypatch.setenv("PARLEY_PIPELINE", ", ".join(fast_settings.pipeline))  # the workers inherit it
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      preload=["parley.batch.dask_preload"]) as cluster, Client(cluster) as client:
        before = list(client.run(_pipelines_built).values())[0]
        assert before["built"] == 1 and before["frozen"] > 1_000 and before["collecting"]
        result = run_batch([jsonl_corpus], tmp_path / "out", scheduler=cluster.scheduler_address,
                           partition_size=4, settings=fast_settings)
        after = list(client.run(_pipelines_built).values())[0]
    assert result.documents == 10
    assert after["built"] == 1 and after["held"] == 1  # every partition used the preloaded pipeline
