"""The batch driver: partitions mapped over a Dask cluster, each coded and written by a worker.

The per-partition function (`run_partition`) is pure apart from the files it writes: it reads
its slice of the input, runs the same Pipeline as `parley analyze`, writes the partition's
Parquet parts and commits it (see `output`). The driver keeps only a bounded number of
partitions in flight and receives small summaries, so memory stays flat as the corpus grows.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import E, ParleyError
from ..readers.core import ReaderOptions
from ..settings import Settings, load_settings
from .inputs import Partition, plan_partitions, read_partition
from .output import compact, done_keys, prepare, write_partition
from .preload import PreloadServer

#: Scheduler names that run in this process without a cluster (tests, debugging).
IN_PROCESS = ("sync", "synchronous")


@dataclass
class BatchResult:
    """What a run did: partitions planned, skipped (already done) and written, documents, memory."""

    out: Path
    planned: int = 0
    skipped: int = 0
    written: int = 0
    documents: int = 0
    duplicates_removed: int = 0
    seconds: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    #: per worker: seconds spent coding partitions (no start-up), and peak memory after each one
    busy_seconds: dict[str, float] = field(default_factory=dict)
    rss_trace: dict[str, list[float]] = field(default_factory=dict)
    #: per worker, in the order done: (documents, seconds) of each partition it coded
    partition_trace: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MiB (ru_maxrss is KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_partition(part: Partition, out: str, settings: Settings, batch_size: int = 64) -> dict[str, Any]:
    """Read, code and write one partition; returns a small summary (documents, worker, memory)."""
    from ..api import get_pipeline

    started = time.perf_counter()
    options = ReaderOptions(settings.published, settings.max_bytes, settings.min_printable)
    pipeline = get_pipeline(settings)
    reports = pipeline.pipe(read_partition(part, options), batch_size=batch_size)
    entry = write_partition(Path(out), part.key, reports, {"partition": part.describe()})
    return {"key": part.key, "documents": len(entry["doc_ids"]), "worker": f"{os.uname().nodename}:{os.getpid()}",
            "peak_rss_mb": round(_peak_rss_mb(), 1), "seconds": round(time.perf_counter() - started, 3)}


def _arguments(inputs: list[str], partition_size: int, settings: Settings) -> dict[str, Any]:
    """What must not change between a run and its resumption (the output would mix two runs)."""
    return {"inputs": [os.path.abspath(i) for i in inputs], "partition_size": partition_size,
            "parse": settings.parse, "pipeline": list(settings.pipeline), "spacy_model": settings.spacy_model,
            "published": settings.published}


#: Thread pools of the numeric libraries under spaCy; each worker is one process on one core,
#: so more threads per worker only fight the other workers for the same cores.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS",
                    "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


#: Dask settings for the local cluster's workers: no statistical profiler (it samples the coding
#: thread's stack every 10 ms, which the pure-Python stages pay for), no GIL monitor, and glibc's
#: own heap trimming (Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536, which also fixes the mmap
#: threshold, so every array the models allocate is mapped and unmapped afresh: about a tenth to
#: a fifth of the coding time, measured in bench/run.py; memory stays flat without it). The event
#: loop's health check every second instead of every 20 ms, and the system monitor's readings
#: every 5 s instead of every 0.5 s: each wakes a thread that takes Python's lock from the coding
#: thread (with 2 workers on 2 cores, partitions took 3% longer with Dask's defaults).
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                       "distributed.admin.system-monitor.gil.enabled": False,
                       "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                       "distributed.admin.tick.interval": "1s",
                       "distributed.admin.system-monitor.interval": "5s"}


def single_threaded_workers() -> None:
    """Make worker processes started from here single-threaded (they inherit the environment);
    a value the user set is kept."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def _client(workers: int | None, scheduler: str | None, processes: bool,
            preloaded: PreloadServer | None = None) -> tuple[Any, Any]:
    """A Dask client: to `scheduler` when given, else to a new local cluster of `workers` (forked
    from `preloaded` when given)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ParleyError(E.E655, reason=str(exc)) from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise ParleyError(E.E653, address=scheduler, reason=str(exc)[:200]) from exc
    import dask

    single_threaded_workers()
    extra: dict[str, Any] = {}
    if processes:  # worker processes of their own: they may end without finalisation
        from .plugins import QuickExit

        extra["plugins"] = {QuickExit()}
    forking = preloaded.forking() if preloaded is not None else contextlib.nullcontext()
    with dask.config.set(LOCAL_WORKER_CONFIG), forking:  # the nannies hand this configuration to their workers
        cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=processes,
                               dashboard_address=None, memory_limit=0, **extra)
    return Client(cluster), cluster


def run_batch(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int = 200,
    settings: Settings | None = None,
    processes: bool = True,
    preload: bool = True,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
) -> BatchResult:
    """Code a corpus into partitioned Parquet tables under `out`, resuming a run that stopped.

    `scheduler`: a Dask scheduler address ("tcp://host:8786"), "sync" to run in this process, or
    None for a local cluster of `workers` processes (threads with processes=False), which are
    forked from a process that has loaded the pipeline once unless `preload` is False (see
    `preload`).
    """
    started = time.perf_counter()
    settings = settings or load_settings()
    inputs = [str(i) for i in inputs]
    out = Path(out)
    prepare(out, _arguments(inputs, partition_size, settings))
    parts, bad = plan_partitions(inputs, partition_size)
    result = BatchResult(out=out, planned=len(parts), unreadable=[d.path or "" for d, _ in bad])
    done = done_keys(out)
    todo = [p for p in parts if p.key not in done]
    result.skipped = len(parts) - len(todo)

    def record(summary: dict[str, Any]) -> None:
        result.written += 1
        result.documents += summary["documents"]
        worker = summary["worker"]
        result.peak_rss_mb[worker] = max(result.peak_rss_mb.get(worker, 0.0), summary["peak_rss_mb"])
        result.busy_seconds[worker] = round(result.busy_seconds.get(worker, 0.0) + summary["seconds"], 3)
        result.rss_trace.setdefault(worker, []).append(summary["peak_rss_mb"])
        result.partition_trace.setdefault(worker, []).append((summary["documents"], summary["seconds"]))
        if on_progress:
            on_progress({**summary, "done": result.skipped + result.written, "planned": result.planned})

    if todo and scheduler in IN_PROCESS:
        for part in todo:
            record(run_partition(part, str(out), settings))
    elif todo:
        _run_on_dask(todo, str(out), settings, workers, scheduler, processes, preload, record)
    if bad:
        from ..pipeline import Pipeline

        bad_reports = [Pipeline(settings.with_(pipeline=()))(d, e) for d, e in bad]
        write_partition(out, "unreadable", bad_reports, {"partition": "inputs that could not be planned"})
    result.duplicates_removed = compact(out)
    result.seconds = round(time.perf_counter() - started, 2)
    return result


def _run_on_dask(todo: list[Partition], out: str, settings: Settings, workers: int | None,
                 scheduler: str | None, processes: bool, preload: bool,
                 record: Callable[[dict[str, Any]], None]) -> None:
    # the fork server loads the pipeline while this process imports Dask and starts the cluster
    preloaded = None
    if preload and processes and not scheduler:
        single_threaded_workers()  # before the server starts: it and its workers inherit them
        preloaded = PreloadServer.start(settings)
    try:
        _code_on_dask(todo, out, settings, workers, scheduler, processes, preloaded, record)
    finally:
        if preloaded is not None:
            preloaded.stop()


def _code_on_dask(todo: list[Partition], out: str, settings: Settings, workers: int | None,
                  scheduler: str | None, processes: bool, preloaded: PreloadServer | None,
                  record: Callable[[dict[str, Any]], None]) -> None:
    from dask.distributed import as_completed

    client, cluster = _client(workers, scheduler, processes, preloaded)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        window = 2 * n_workers  # partitions in flight: enough to keep workers busy, few in memory
        pending = deque(todo)
        futures = as_completed()
        for _ in range(min(window, len(pending))):
            part = pending.popleft()
            futures.add(client.submit(run_partition, part, out, settings, key=f"parley-{part.key}", pure=False))
        for future in futures:
            try:
                record(future.result())
            except Exception as exc:
                raise ParleyError(E.E654, partition=future.key, reason=repr(exc)[:300]) from exc
            finally:
                future.release()
            if pending:
                part = pending.popleft()
                futures.add(client.submit(run_partition, part, out, settings, key=f"parley-{part.key}",
                                          pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
