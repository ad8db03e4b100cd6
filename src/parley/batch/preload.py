"""Workers forked from one process that has loaded the pipeline, instead of each loading it.

Each worker of a local cluster would import Dask, spaCy and Parley, load the spaCy model and
Parley's tables, and meet every component's first-use costs in its first partition: about two
seconds a worker, spent again by every worker. Here Python's fork server loads all of that
once, while the driver starts the scheduler, and the local cluster's nannies fork their workers
from it: each starts with the pipeline loaded and shares its pages of memory with the others.

The fork server is a fresh interpreter that has opened no database and runs no thread but its
own, which is what makes forking from it safe (forking a driver that has opened DuckDB is not).
Where there is no fork server (Windows), where the process already runs one that Parley did not
start, or where preloading fails, the workers are spawned and load the pipeline themselves.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..settings import Settings

#: The environment variable that carries the settings (and extra modules) to the fork server.
ENVIRONMENT = "PARLEY_PRELOAD"
#: The module the fork server imports: it loads what ENVIRONMENT names (see `load_from_environment`).
SERVER_MODULE = "parley.batch.preload_server"
#: Modules a worker needs before its first task: Dask's worker, the partition code, the plugins.
WORKER_MODULES = ("distributed", "distributed.nanny", "parley.batch.driver", "parley.batch.plugins")
#: A few sentences of our own that take every component through its first-use work (tables,
#: lexicons, the time grammar's patterns) before the workers are forked.
WARM_UP_TEXT = (
    "The French foreign minister met Iran's president in Tehran on Monday, 3 March 2025. "
    "\"We will not negotiate under pressure,\" the president told reporters after the talks. "
    "In 2018 the United States withdrew from the nuclear agreement and imposed new sanctions on Iran. "
    "Protesters in Paris accused the government of ignoring the refugees."
)


def _forkserver() -> Any:
    """The process's fork server object (multiprocessing keeps one per process)."""
    from multiprocessing import forkserver

    return getattr(forkserver, "_forkserver", None)


def _running(server: Any) -> bool:
    return server is not None and getattr(server, "_forkserver_pid", None) is not None


class PreloadServer:
    """A fork server that has loaded the pipeline for `settings`; `stop()` ends it."""

    def __init__(self, settings: Settings, modules: tuple[str, ...] = ()) -> None:
        self.settings = settings
        self.modules = modules
        self._server: Any = None

    @classmethod
    def start(cls, settings: Settings) -> PreloadServer | None:
        """Start loading now, in a new fork server; None where workers must be spawned instead."""
        server = _forkserver()
        if "forkserver" not in multiprocessing.get_all_start_methods() or server is None or _running(server):
            return None
        # the command-line interface is the driver's __main__, which each worker imports again
        modules = ("parley.cli",) if "parley.cli" in sys.modules else ()
        preloaded = cls(settings, modules)
        payload = base64.b64encode(pickle.dumps((settings, modules))).decode("ascii")
        before = list(getattr(server, "_preload_modules", ["__main__"]))
        server.set_forkserver_preload([SERVER_MODULE])
        os.environ[ENVIRONMENT] = payload  # the server inherits this process's environment
        try:
            server.ensure_running()  # returns at once: the server loads while the driver goes on
        except OSError:
            return None
        finally:
            os.environ.pop(ENVIRONMENT, None)
            server.set_forkserver_preload(before)  # a later fork server of this process is not ours
        preloaded._server = server
        return preloaded

    @contextlib.contextmanager
    def forking(self) -> Iterator[None]:
        """While a local cluster starts inside this block, its nannies fork workers from here."""
        import dask
        import distributed.utils

        # Dask would otherwise import its whole list of optional packages into this process
        # and name them as the server's preload (which it no longer reads: it is running)
        flag = getattr(distributed.utils, "_forkserver_preload_set", False)
        distributed.utils._forkserver_preload_set = True
        try:
            with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
                yield
        finally:
            distributed.utils._forkserver_preload_set = flag

    def stop(self, timeout: float = 10.0) -> None:
        """End the fork server. It ends once every worker forked from it has ended, which the
        closed cluster has seen to; one that outlives it for `timeout` seconds makes this kill
        the server rather than wait on."""
        server, self._server = self._server, None
        if server is None or not _running(server):
            return
        pid = server._forkserver_pid
        stopper = threading.Thread(target=_stop_quietly, args=(server,), daemon=True)
        stopper.start()
        stopper.join(timeout)
        if stopper.is_alive():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            stopper.join(timeout)


def _stop_quietly(server: Any) -> None:
    with contextlib.suppress(OSError, ChildProcessError):
        server._stop()  # the stop that CPython's own tests use: closes the pipe, waits, cleans up


def _exit_now(server_pid: int) -> None:
    """The fork server's last step: end without freeing the pipeline object by object (the driver
    waits for this exit). Its forked workers inherit the hook and ignore it."""
    if os.getpid() == server_pid:
        sys.stderr.flush()
        os._exit(0)


def warm_pipeline(settings: Settings) -> None:
    """Build this process's pipeline for `settings` (the one `run_partition` will get) and code
    WARM_UP_TEXT with it, so that every component has loaded what it loads on first use."""
    from ..api import get_pipeline
    from ..readers import document_from_text

    pipeline = get_pipeline(settings)
    document = document_from_text(WARM_UP_TEXT, published="2025-03-04")
    for _ in pipeline.pipe([(document, [])], batch_size=64):
        pass


@contextlib.contextmanager
def loading_for_good() -> Iterator[None]:
    """Load what this process will hold for life inside this block: the collector is off while
    it runs (nearly everything made stays alive, so its passes would find almost nothing to
    free: 0.12 s of the fork server's load, counting the full pass a gc.collect() would make at
    the end; about a thousand objects are left), then freezes what is loaded and runs again.
    Frozen, the loaded objects keep their pages shared with forked workers instead of being
    touched, and so copied, by each one's collections (first partitions took 0.15-0.2 s longer
    without this), and a steady worker's collections stop walking the models."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def exit_quickly() -> None:
    """Make this process (the fork server) skip finalisation when it ends (see `_exit_now`)."""
    atexit.register(_exit_now, os.getpid())


def load_from_environment() -> bool:
    """In the fork server: import the worker's modules, build the pipeline named by ENVIRONMENT
    and run it once; False when ENVIRONMENT is unset (any other process). Never raises: a
    failure only means the workers load the pipeline themselves."""
    payload = os.environ.pop(ENVIRONMENT, None)
    if not payload:
        return False
    with loading_for_good():
        try:
            import importlib

            settings, modules = pickle.loads(base64.b64decode(payload))
            for name in (*WORKER_MODULES, *modules):
                importlib.import_module(name)
            warm_pipeline(settings)
        except Exception as exc:  # noqa: BLE001  (the server must keep running: workers still start)
            print(f"parley: workers could not be preloaded ({exc!r:.300}); each loads the pipeline itself",
                  file=sys.stderr, flush=True)
    return True
