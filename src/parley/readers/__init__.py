"""Readers: files, folders and stdin to Documents, one reader per format, chosen by file suffix.

Readers register themselves in `parley.registry.readers` under the suffixes they read, so a
plugin can add a format (or replace one) with `@readers.register(".xml")`. Readers need no NLP.

    >>> from parley.readers import read_paths
    >>> for document, errors in read_paths(["articles/"], published="2024-03-04"): ...
"""

from . import csv, html, jsonl, text  # noqa: F401  (each registers its suffixes)
from .core import ReaderOptions, read_file, read_paths
from .metadata import document_from_text, find_metadata, outlet_from_url

__all__ = [
    "ReaderOptions",
    "document_from_text",
    "find_metadata",
    "outlet_from_url",
    "read_file",
    "read_paths",
]
