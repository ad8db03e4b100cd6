"""Uploads: pasted text or files analysed by the same pipeline as `parley analyze`, then stored.

Files are written to a private temporary folder under their (sanitised) names so the readers pick
the format by suffix, exactly as on the command line. Large uploads run as background jobs that
report progress per document; one worker thread analyses at a time, since the pipeline is CPU bound.
"""

from __future__ import annotations

import re
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import DocumentReport
from ..errors import E, ParleyError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


@dataclass
class Upload:
    """What a person sent: pasted text with optional metadata, and/or files (name, bytes)."""

    text: str | None = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None

    @property
    def parts(self) -> int:
        return len(self.files) + (1 if self.text and self.text.strip() else 0)


Analyzer = Callable[[Upload], Iterator[DocumentReport]]


def safe_name(name: str, index: int) -> str:
    """A file name that cannot leave the upload folder, keeping the suffix the readers go by."""
    base = _UNSAFE.sub("_", Path(name or "").name).strip("._") or "upload.txt"
    return f"{index:03d}-{base}"


def analyze_upload(upload: Upload) -> Iterator[DocumentReport]:
    """Reports of an upload, one per document read, from Parley's own pipeline."""
    from ..api import analyze, analyze_files

    if upload.parts == 0:
        raise ParleyError(E.E605)
    text = upload.text or ""
    is_html = bool(_HTML_START.match(text))
    if text.strip() and not is_html:
        yield analyze(text, upload.published, title=upload.title or None, url=upload.url or None,
                      outlet=upload.outlet or None, path="pasted text")
    files = list(upload.files)
    if text.strip() and is_html:
        files.insert(0, ("pasted.html", text.encode("utf-8")))
    if not files:
        return
    with tempfile.TemporaryDirectory(prefix="parley-upload-") as tmp:
        paths = []
        for i, (name, data) in enumerate(files):
            path = Path(tmp) / safe_name(name, i)
            path.write_bytes(data)
            paths.append(path)
        for report in analyze_files(paths, upload.published or None):
            if report.document.path:  # show the name the person uploaded, not the temporary path
                stem = Path(report.document.path).name
                report.document.path = stem.split("-", 1)[1] if "-" in stem else stem
            yield report


@dataclass
class JobState:
    """A background upload's progress, as `GET /api/jobs/{id}` reports it."""

    id: str
    total: int
    status: str = "queued"
    done: int = 0
    reports: list[DocumentReport] = field(default_factory=list)
    stored: int = 0
    message: str | None = None


class Jobs:
    """Background uploads: one worker analyses and stores them in turn; their state stays in memory."""

    def __init__(self, analyzer: Analyzer, store: Callable[[list[DocumentReport]], int], keep: int = 200) -> None:
        self.analyzer = analyzer
        self.store = store
        self.keep = keep
        self._jobs: dict[str, JobState] = {}
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        """The worker, started on first use (again after a shutdown: an app may be served more than once)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-upload")
            return self._pool

    def submit(self, upload: Upload) -> JobState:
        """Queue an upload; returns its state at once."""
        if upload.parts == 0:
            raise ParleyError(E.E605)
        job = JobState(id=uuid.uuid4().hex[:16], total=upload.parts)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                self._jobs.pop(next(iter(self._jobs)))
        self._executor().submit(self._run, job, upload)
        return job

    def get(self, job_id: str) -> JobState:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise ParleyError(E.E608, job=job_id)
        return job

    def _run(self, job: JobState, upload: Upload) -> None:
        job.status = "running"
        try:
            for report in self.analyzer(upload):
                job.stored += self.store([report])  # each document appears as soon as it is read
                job.reports.append(report)
                job.done += 1
                job.total = max(job.total, job.done)
            job.status = "done"
        except ParleyError as exc:
            job.status, job.message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001  (a job must report, never die silently)
            job.status, job.message = "failed", E.E611.format(reason=f"{type(exc).__name__}: {exc}")

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def error_rows(reports: list[DocumentReport]) -> list[dict[str, Any]]:
    """The errors of the reports, each with the document's path, for the upload's answer."""
    return [{"path": r.document.path, **e.model_dump()} for r in reports for e in r.errors]
