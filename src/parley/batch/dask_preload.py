"""A Dask preload for workers you start yourself: `dask worker ADDRESS --preload parley.batch.dask_preload`.

The local cluster's workers come forked from a process that has loaded the pipeline (see
`preload`). A worker started by hand, under SLURM or in Kubernetes would instead load it in its
first partition, and its collector would keep walking the loaded models: on a steady worker
that was about 0.4 s of every 500 articles, against 0.1 s once they are frozen. With this preload
the worker loads the pipeline for the settings in its own environment (settings.cfg and the
PARLEY_* variables, which must match the client's for the pipeline to be reused), codes a few
sentences, and freezes what it holds, before it takes any task.

Freezing makes the objects alive at that moment immune to cyclic collection for the life of the
process, so give this preload to workers that run Parley, not to workers shared with other work.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ..settings import load_settings
from .preload import loading_for_good, warm_pipeline

logger = logging.getLogger(__name__)


def dask_setup(worker: Any = None) -> None:
    """Called by Dask once, as the worker starts: load, warm and freeze the pipeline."""
    started = time.perf_counter()
    settings = load_settings()
    with loading_for_good():
        warm_pipeline(settings)
    logger.info("parley: pipeline loaded in %.1f s (%s)", time.perf_counter() - started,
                ", ".join(settings.pipeline))
