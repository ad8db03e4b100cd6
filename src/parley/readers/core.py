"""Walk paths, pick a reader by file suffix from the registry, and never let one bad file stop a run.

A reader is any callable registered in `parley.registry.readers` under a suffix (".txt", or ""
for files without one) that takes `(path, options)` and yields `(Document, errors)` pairs. It may
raise ParleyError for a file it cannot read at all; `read_paths` turns that into a Document with
empty text and the error, and goes on with the next file.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, ErrorEntry
from ..errors import E, ParleyError
from ..ids import digest
from ..registry import readers
from .decode import display_path, scrub_surrogates
from .metadata import validate_date

Item = tuple[Document, list[ErrorEntry]]
STAGE = "read"
STDIN = "-"
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ReaderOptions:
    """What every reader needs to know: limits, the default date, and bytes already read (stdin)."""

    published: str | None = None
    max_bytes: int = 10_000_000
    min_printable: float = 0.85
    data: bytes | None = None


def failed(path: str | Path, error: ErrorEntry | ParleyError) -> Item:
    """The (Document, errors) pair for input that could not be read: empty text, id from the path."""
    entry = error.entry(stage=STAGE) if isinstance(error, ParleyError) else error
    if scrub_surrogates(entry.message) != entry.message:  # a file name in a foreign encoding
        entry = entry.model_copy(update={"message": scrub_surrogates(entry.message)})
    name = display_path(path)
    return Document(id=digest(name), path=name, text=""), [entry]


def suffix_of(path: str | Path) -> str:
    """The lowercase suffix a reader is registered under ('' for a file without one)."""
    return Path(path).suffix.lower()


def reader_for(path: str | Path):  # noqa: ANN201  (a registered reader)
    """The registered reader for this file's suffix, or None."""
    suffix = suffix_of(path)
    return readers.get(suffix) if suffix in readers else None


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _not_regular(path: Path) -> str | None:
    """Why a file found in a folder is not read (a pipe, socket or device: opening a pipe with
    no writer would wait for ever), or None for a regular file or one that cannot be stat'ed
    (its reader then reports why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"it is {kind}, not a regular file"


def walk(directory: str | Path) -> Iterator[Path | Item]:
    """Files under a directory that a reader is registered for, recursively, sorted, no hidden
    ones; a sub-folder that cannot be listed, or a pipe, socket or device, comes as a failed item
    (E002)."""
    problems: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=problems.append):
        while problems:
            error = problems.pop(0)
            where = str(error.filename or root)
            yield failed(
                where, ParleyError(E.E002, path=where, reason=error.strerror or repr(error))
            )
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name) and suffix_of(name) in readers:
                path = Path(root) / name
                odd = _not_regular(path)
                yield failed(path, ParleyError(E.E002, path=str(path), reason=odd)) if odd else path
    for error in problems:
        where = str(error.filename or directory)
        yield failed(where, ParleyError(E.E002, path=where, reason=error.strerror or repr(error)))


def read_file(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """Every document in one file, through the reader registered for its suffix."""
    reader = reader_for(path)
    if reader is None:
        yield failed(path, ParleyError(E.E010, path=str(path), suffix=suffix_of(path) or "(none)"))
        return
    yield from guarded(reader, path, options)


def guarded(reader, path: str | Path, options: ReaderOptions) -> Iterator[Item]:  # noqa: ANN001
    """Run a reader so that an error becomes an error entry for this file, not a crash."""
    try:
        yield from reader(path, options)
    except ParleyError as exc:
        yield failed(path, exc)
    except RecursionError:
        yield failed(path, ParleyError(E.E002, path=str(path), reason="it is nested too deeply"))
    except (OSError, ValueError, UnicodeError, MemoryError) as exc:
        yield failed(path, ParleyError(E.E002, path=str(path), reason=str(exc)[:200] or repr(exc)))
    except Exception as exc:  # a third-party reader's bug must not stop the batch
        reason = f"the '{suffix_of(path)}' reader failed: {exc!r}"[:300]
        yield failed(path, ParleyError(E.E002, path=str(path), reason=reason))


def read_stdin(options: ReaderOptions) -> Iterator[Item]:
    """The document on standard input, read as HTML when it looks like HTML, else as text."""
    try:
        stream = sys.stdin.buffer
    except AttributeError:  # a replaced sys.stdin that only has text
        data = sys.stdin.read().encode("utf-8")
    else:
        data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield failed(
            STDIN,
            ParleyError(
                E.E006, path=STDIN, size=f"more than {options.max_bytes}", limit=options.max_bytes
            ),
        )
        return
    suffix = ".html" if _HTML_START.match(data[:2048]) else ".txt"
    opts = ReaderOptions(options.published, options.max_bytes, options.min_printable, data)
    yield from guarded(readers.get(suffix), STDIN, opts)


def read_paths(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    max_bytes: int = 10_000_000,
    min_printable: float = 0.85,
) -> Iterator[Item]:
    """One (Document, errors) pair per document in files, folders (recursively) or '-' (stdin).

    A file that cannot be read gives a Document with empty text and the reason in its errors;
    the other files are still read. `published` (YYYY-MM-DD) is the date of documents that give
    none of their own; a bad one raises ParleyError E014 before anything is read.
    """
    options = ReaderOptions(validate_date(published), max_bytes, min_printable)
    for given in paths:
        name = str(given)
        if name == STDIN:
            yield from read_stdin(options)
        elif os.path.isdir(name):
            for found in walk(name):
                if isinstance(found, tuple):
                    yield found
                else:
                    yield from guarded(reader_for(found), found, options)
        elif not os.path.lexists(name):
            yield failed(name, ParleyError(E.E001, path=name))
        else:
            yield from read_file(name, options)
