"""Batch coding at scale: corpora to partitioned Parquet tables with Dask, resumable, exactly once.

    >>> from parley.batch import run_batch
    >>> run_batch(["corpus.jsonl"], "out/", workers=2)
"""

from .driver import BatchResult, run_batch, run_partition
from .inputs import Partition, count_records, plan_partitions, read_partition
from .output import compact, done_keys

__all__ = ["BatchResult", "Partition", "compact", "count_records", "done_keys", "plan_partitions",
           "read_partition", "run_batch", "run_partition"]
