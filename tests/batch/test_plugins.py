"""The local cluster's worker settings: quick exit of closed workers, glibc's own heap trimming."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

_SCRIPT = """
import os
import sys

class Table:
    # stands for the models and tables a worker holds: finalisation would free it
    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT)

    def __del__(self, _write=os.write):  # bound now: module globals may be gone by then
        _write(self.fd, b"finalised")

TABLE = Table(sys.argv[1])
if sys.argv[2] == "closed":
    from parley.batch.plugins import QuickExit
    QuickExit().teardown(worker=None)
print("coded", flush=False)  # still buffered when the process ends: must not be lost
"""


@pytest.mark.parametrize("state", ["closed", "running"])
def test_quick_exit_skips_finalisation_only_after_close(tmp_path: Path, state: str) -> None:
    marker = tmp_path / "marker"
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(marker), state], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "coded"
    assert (marker.read_text() == "finalised") is (state == "running")


def test_local_workers_keep_glibc_heap_trimming() -> None:
    """Dask's nannies would set MALLOC_TRIM_THRESHOLD_ for their workers; the local cluster's
    configuration unsets it (None removes a pre-spawn variable) and keeps the others."""
    import dask
    from distributed.nanny import _get_env_variables

    from parley.batch.driver import LOCAL_WORKER_CONFIG

    with dask.config.set(LOCAL_WORKER_CONFIG):
        env = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert "MALLOC_TRIM_THRESHOLD_" not in env
    assert env.get("OMP_NUM_THREADS") == "1"


def _tick_ms(dask_worker) -> float:
    return dask_worker.periodic_callbacks["tick"].callback_time


def test_local_workers_check_their_event_loop_once_a_second() -> None:
    """Dask's 20 ms event-loop check wakes a thread that takes Python's lock from the coding
    thread; the local cluster's workers and scheduler check once a second."""
    from parley.batch.driver import _client

    client, cluster = _client(1, None, processes=True)
    try:
        assert set(client.run(_tick_ms).values()) == {1000}
        assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.periodic_callbacks["tick"].callback_time) == 1000
    finally:
        client.close()
        cluster.close()
