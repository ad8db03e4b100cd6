"""Dask worker plugins for the local cluster that `run_batch` starts (imported only with Dask).

`QuickExit`: a worker process that closes normally skips the interpreter's finalisation, which
frees the spaCy models and Parley's tables object by object (about half a second per worker,
which the driver waited for at the end of every run). By then every partition the worker coded
is committed (files renamed into place, manifest entry written), so nothing is lost; a worker
that dies without closing is untouched, as are the workers of a cluster Parley did not start.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import Any

from distributed import WorkerPlugin


def _exit_now() -> None:
    """The last step of a closed worker's exit: flush what is buffered, then end the process."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(0)


class QuickExit(WorkerPlugin):
    """Once the worker closes, its process ends without tearing down every Python object."""

    name = "parley-quick-exit"
    idempotent = True

    def teardown(self, worker: Any) -> None:
        # atexit runs its functions last-registered first, so this one runs before the others,
        # which would only free memory the process is about to give back anyway
        atexit.register(_exit_now)
