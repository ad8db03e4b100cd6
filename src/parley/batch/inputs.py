"""Batch inputs: what a run reads, cut into partitions that a worker can read on its own.

A partition is (source, first record, number of records) for a record file (JSON Lines, CSV,
Parquet, WARC) or a list of files for a folder of articles. Its key is a hash of the input's
path, size and modification time and of the slice, so a rerun with the same inputs finds the
same partitions (and skips the ones already written), while a changed file gets new keys.
"""

from __future__ import annotations

import csv as _csv
import io
import itertools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import E, ParleyError
from ..ids import digest
from ..readers import read_paths
from ..readers.core import STAGE, Item, ReaderOptions, failed, guarded, reader_for, walk
from ..readers.rows import document_from_record
from .warc import count_warc, is_warc, read_warc

#: Record formats counted and sliced by record; anything else is read file by file.
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")


@dataclass(frozen=True)
class Partition:
    """One unit of work: records [start, start+count) of `source`, or whole `files`."""

    key: str
    kind: str  # "records" or "files"
    source: str = ""
    start: int = 0
    count: int = 0
    files: tuple[str, ...] = ()
    #: the source file's path, size and modification time when planned (part of the key)
    stamp: str = ""

    def describe(self) -> str:
        if self.kind == "files":
            return f"{len(self.files)} file(s) from {self.files[0] if self.files else '-'}"
        return f"{self.source} records {self.start}-{self.start + self.count - 1}"


def _stamp(path: str) -> str:
    st = os.stat(path)
    return f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"


def _kind_of(path: str) -> str:
    if is_warc(path):
        return "warc"
    suffix = Path(path).suffix.lower()
    return "records" if suffix in RECORD_SUFFIXES else "file"


def count_records(path: str) -> int:
    """How many records a JSON Lines, CSV, Parquet or WARC file holds (read without parsing text)."""
    if is_warc(path):
        return count_warc(path)
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if suffix in (".csv", ".tsv"):
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return max(0, sum(1 for _ in _csv.reader(handle, delimiter="\t" if suffix == ".tsv" else ",")) - 1)
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def plan_partitions(inputs: Iterable[str | Path], size: int = 200) -> tuple[list[Partition], list[Item]]:
    """The partitions of a run, in a stable order, and the inputs that could not be planned."""
    if size < 1:
        raise ParleyError(E.E651, path="--partition-size", reason="must be at least 1")
    parts: list[Partition] = []
    bad: list[Item] = []
    loose: list[str] = []
    for given in inputs:
        name = str(given)
        if os.path.isdir(name):
            for found in walk(name):
                if isinstance(found, tuple):
                    bad.append(found)
                elif _kind_of(str(found)) == "file":
                    loose.append(str(found))
                else:
                    _plan_file(str(found), size, parts, bad)
            for found in _extra_files(name):
                _plan_file(found, size, parts, bad)
        elif not os.path.exists(name):
            bad.append(failed(name, ParleyError(E.E001, path=name)))
        elif _kind_of(name) == "file":
            loose.append(name)
        else:
            _plan_file(name, size, parts, bad)
    for k in range(0, len(loose), size):
        parts.append(_files_partition(tuple(loose[k:k + size])))
    return _finer_tail(parts, size), bad


#: The plan's last TAIL_PARTITIONS partitions' worth of documents go in pieces of a quarter of the
#: partition size: workers take the next partition as they free up, so the run's end then waits
#: on a quarter partition at most, not on a whole one while the other workers idle.
TAIL_PARTITIONS = 2
TAIL_PIECES = 4


def _finer_tail(parts: list[Partition], size: int) -> list[Partition]:
    """The plan with the partitions that hold its last TAIL_PARTITIONS * size documents cut into
    pieces of size / TAIL_PIECES (rounded up). Depends on the inputs and size only, like the rest
    of the plan, so a resumed run plans the same partitions whatever its number of workers."""
    piece = -(-size // TAIL_PIECES)
    if piece >= size:
        return parts
    tail: list[Partition] = []
    documents = 0
    while parts and documents < TAIL_PARTITIONS * size:
        part = parts.pop()
        documents += part.count if part.kind == "records" else len(part.files)
        tail[:0] = _pieces(part, piece)
    return parts + tail


def _pieces(part: Partition, piece: int) -> list[Partition]:
    if part.kind == "files":
        return [_files_partition(part.files[k:k + piece]) for k in range(0, len(part.files), piece)]
    stamp = part.stamp
    return [_records_partition(part.source, stamp, start, min(piece, part.start + part.count - start))
            for start in range(part.start, part.start + part.count, piece)]


def _files_partition(files: tuple[str, ...]) -> Partition:
    return Partition(key=digest("files", *(_stamp(f) for f in files)), kind="files", files=files)


def _records_partition(path: str, stamp: str, start: int, count: int) -> Partition:
    return Partition(key=digest("records", stamp, start, count), kind="records", source=path, start=start,
                     count=count, stamp=stamp)


def _extra_files(directory: str) -> list[str]:
    """WARC and Parquet files under a folder (read by batch only; the reader registry lacks them)."""
    out = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(os.path.join(root, f) for f in sorted(files) if (is_warc(f) or f.lower().endswith(".parquet"))
                   and not f.startswith("."))
    return out


def _plan_file(path: str, size: int, parts: list[Partition], bad: list[Item]) -> None:
    try:
        total = count_records(path)
        stamp = _stamp(path)
    except Exception as exc:  # noqa: BLE001  (an unreadable input is reported, the rest goes on)
        bad.append(failed(path, ParleyError(E.E651, path=path, reason=str(exc)[:200] or repr(exc))))
        return
    for start in range(0, total, size):
        parts.append(_records_partition(path, stamp, start, min(size, total - start)))


def read_partition(part: Partition, options: ReaderOptions) -> Iterator[Item]:
    """The (Document, errors) pairs of one partition, read by the worker that codes them."""
    if part.kind == "files":
        yield from read_paths(part.files, published=options.published, max_bytes=options.max_bytes,
                              min_printable=options.min_printable)
        return
    path = part.source
    if is_warc(path):
        yield from read_warc(path, options, part.start, part.count)
        return
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        yield from _parquet_records(path, part, options)
        return
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_records(path, part, options)
        return
    reader = reader_for(path)
    items = guarded(reader, path, options) if reader else iter(())
    yield from itertools.islice(items, part.start, part.start + part.count)


def _jsonl_records(path: str, part: Partition, options: ReaderOptions) -> Iterator[Item]:
    """Records of a JSON Lines slice, counted as `count_records` counts them (non-blank lines)."""
    index = -1
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            index += 1
            if index < part.start:
                continue
            if index >= part.start + part.count:
                break
            try:
                value = json.loads(raw.decode("utf-8", errors="replace"))
            except (json.JSONDecodeError, RecursionError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                yield failed(f"{path}#{number}", E.E008.entry(stage=STAGE, path=path, line=number, reason=reason))
                continue
            if not isinstance(value, dict):
                reason = f"a JSON {type(value).__name__}, not an object"
                yield failed(f"{path}#{number}", E.E008.entry(stage=STAGE, path=path, line=number, reason=reason))
                continue
            yield document_from_record(value, path=path, line=number, options=options)


def _parquet_records(path: str, part: Partition, options: ReaderOptions) -> Iterator[Item]:
    """Rows [start, start+count) of a Parquet file, each a record with text, title, url, ..."""
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    seen = 0
    for batch in table.iter_batches(batch_size=max(1, min(part.count, 1024))):
        if seen + batch.num_rows <= part.start:
            seen += batch.num_rows
            continue
        for offset, record in enumerate(batch.to_pylist()):
            index = seen + offset
            if index < part.start:
                continue
            if index >= part.start + part.count:
                return
            yield document_from_record(record, path=path, line=index + 1, options=options)
        seen += batch.num_rows
        if seen >= part.start + part.count:
            return


def to_jsonl(records: Iterable[dict], handle: io.TextIOBase) -> None:
    """Write records as JSON Lines (used by the benchmark's corpus writer and the tests)."""
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
