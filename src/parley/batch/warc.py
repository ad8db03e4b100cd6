"""WARC archives (.warc, .warc.gz): one Document per HTML or text response record, via warcio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import E, ParleyError
from ..readers.core import STAGE, Item, ReaderOptions, failed
from ..readers.decode import decode_bytes
from ..readers.html import document_from_html
from ..readers.metadata import build_document, parse_date

#: Content types whose payload is read as an article.
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


def is_warc(path: str | Path) -> bool:
    """Whether a path names a WARC file by its suffix."""
    name = str(path).lower()
    return name.endswith((".warc", ".warc.gz"))


def _records(path: str | Path) -> Iterator[tuple[int, object]]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise ParleyError(E.E651, path=path, reason=f"warcio is not installed ({exc})") from exc
    with open(path, "rb") as stream:
        number = 0
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            number += 1
            yield number, record


def count_warc(path: str | Path) -> int:
    """How many response/resource records a WARC file holds (its article candidates)."""
    return sum(1 for _ in _records(path))


def read_warc(path: str | Path, options: ReaderOptions, start: int = 0, count: int | None = None) -> Iterator[Item]:
    """Documents from records start..start+count of a WARC file; a bad record gives E657, not a crash."""
    name = str(path)
    stop = None if count is None else start + count
    for number, record in _records(path):
        index = number - 1
        if index < start:
            continue
        if stop is not None and index >= stop:
            break
        where = f"{name}#{number}"
        try:
            yield _document(record, where, options)
        except ParleyError as exc:
            yield failed(where, exc)
        except Exception as exc:  # noqa: BLE001  (one broken record must not stop the archive)
            yield failed(where, E.E657.entry(stage=STAGE, record=number, path=name, reason=repr(exc)[:200]))


def _document(record: object, where: str, options: ReaderOptions) -> Item:
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI")
    date = parse_date((headers.get_header("WARC-Date") or "")[:10])
    http = getattr(record, "http_headers", None)
    ctype = (http.get_header("Content-Type") if http else None) or headers.get_header("Content-Type") or ""
    data = record.content_stream().read(options.max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > options.max_bytes:
        raise ParleyError(E.E006, path=where, size=f"more than {options.max_bytes}", limit=options.max_bytes)
    text, _ = decode_bytes(data, path=where, min_printable=options.min_printable)
    ctype = ctype.split(";")[0].strip().lower()
    if ctype in HTML_TYPES or (not ctype and text.lstrip().startswith("<")):
        document, errors = document_from_html(text, path=where, url=url,
                                              default_published=date or options.published)
        return document, errors
    if ctype and ctype not in TEXT_TYPES:
        raise ParleyError(E.E657, record=where.rsplit("#", 1)[-1], path=where.rsplit("#", 1)[0],
                          reason=f"content type {ctype} is not an article")
    return build_document(text, path=where, url=url, published=None,
                          default_published=date or options.published), []
