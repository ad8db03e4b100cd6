"""Parley's Python API: analyse text or files into DocumentReports."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .document import DocumentReport
from .pipeline import Pipeline
from .settings import Settings, load_settings


@functools.lru_cache(maxsize=8)
def get_pipeline(settings: Settings) -> Pipeline:
    """The pipeline for these settings, built once per process."""
    return Pipeline(settings)


def analyze(
    text: str,
    published: str | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    path: str | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> DocumentReport:
    """Analyse one article's text: actors, events, quotes and times, as a DocumentReport."""
    from .readers import document_from_text

    settings = settings or load_settings(**options)
    document = document_from_text(
        text, path=path, title=title, url=url, outlet=outlet, author=author,
        published=published or settings.published,
    )
    return get_pipeline(settings)(document)


def analyze_files(
    paths: Iterable[str | Path],
    published: str | None = None,
    *,
    settings: Settings | None = None,
    **options: Any,
) -> Iterator[DocumentReport]:
    """Analyse files, folders (recursively) or '-' for stdin; one report per document read.

    Files that cannot be read yield a report whose `errors` say why; the others go on.
    """
    from .readers import read_paths

    settings = settings or load_settings(published=published, **options)
    pipeline = get_pipeline(settings)
    items = read_paths(paths, published=settings.published, max_bytes=settings.max_bytes,
                       min_printable=settings.min_printable)
    yield from pipeline.pipe(items)
