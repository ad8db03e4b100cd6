"""Plain text (.txt, .md, .text and files without a suffix): decoded as a whole, one document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..registry import readers
from .core import Item, ReaderOptions
from .decode import decode_bytes, read_limited
from .metadata import build_document

SUFFIXES = (".txt", ".text", ".md", "")


def source_bytes(path: str | Path, options: ReaderOptions) -> bytes:
    """The input's bytes: those already read (stdin), else the file's, within the size limit."""
    if options.data is not None:
        return options.data
    return read_limited(path, options.max_bytes)


def read_text(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """One Document from a plain-text file, with title, byline, dateline and date found in it."""
    text, encoding = decode_bytes(
        source_bytes(path, options), path=str(path), min_printable=options.min_printable
    )
    document = build_document(
        text, path=str(path), default_published=options.published, extra={"encoding": encoding}
    )
    yield document, []


for _suffix in SUFFIXES:
    readers.register(_suffix)(read_text)
