"""Records from tabular or line-based data (JSONL, JSON, CSV) to Documents, one per record.

Field names are matched case-insensitively against data/fields.json (so "headline" fills the
title and "body" the text); every other field is kept in `Document.extra`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ..document import ErrorEntry
from ..errors import E
from .core import STAGE, Item, ReaderOptions, failed
from .data import data_json
from .metadata import build_document, parse_date

FIELDS = ("text", "title", "url", "published", "outlet", "author")


@functools.cache
def field_aliases() -> dict[str, str]:
    """Lowercase field name -> Document field it fills, from data/fields.json."""
    table = data_json("fields.json")
    return {alias: name for name in FIELDS for alias in table.get(name, [name])}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def split_record(record: Mapping[Any, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Document fields, other fields) of one record; the first non-empty alias of a field wins."""
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    aliases = field_aliases()
    for key, value in record.items():
        name = aliases.get(str(key).strip().lower())
        if name and name not in known and not _empty(value):
            known[name] = value
        elif not (name and _empty(value)):
            extra[str(key)] = value
    return known, extra


def _paragraph(value: Any) -> str | None:
    """One paragraph: a string, or a list of its sentence strings joined by spaces."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(v.strip() for v in value if v.strip()) or None
    raise TypeError("a paragraph must be a string or a list of strings")


def _as_text(value: Any) -> str | None:
    """The record's text: a string, or a list of paragraphs (strings, or lists of sentence strings
    as in BASIL's "body-paragraphs") joined by blank lines."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        try:
            paragraphs = [p for p in (_paragraph(v) for v in value) if p]
        except TypeError:
            return None
        return "\n\n".join(paragraphs) or None
    return None


def _as_name(value: Any) -> str | None:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if not _empty(v)) or None
    if isinstance(value, dict):
        return str(value.get("name") or "") or None
    return None if _empty(value) else str(value)


def document_from_record(
    record: Mapping[Any, Any], *, path: str, line: int, options: ReaderOptions
) -> Item:
    """The (Document, errors) pair for one record; E009 when it has no text, E014 for a bad date,
    E301 when the record breaks something else (so the file's other records are still read)."""
    try:
        return _document_from_record(record, path=path, line=line, options=options)
    except (RecursionError, MemoryError, ValueError, TypeError, UnicodeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"[:200]
        return failed(f"{path}#{line}", E.E301.entry(stage=STAGE, path=path, line=line, reason=reason))


def _document_from_record(
    record: Mapping[Any, Any], *, path: str, line: int, options: ReaderOptions
) -> Item:
    where = f"{path}#{line}"
    known, extra = split_record(record)
    text = _as_text(known.get("text"))
    if text is None:
        return failed(where, E.E009.entry(stage=STAGE, path=path, line=line))
    errors: list[ErrorEntry] = []
    published = parse_date(known.get("published"))
    if published is None and "published" in known:
        errors.append(E.E014.entry(stage=STAGE, value=str(known["published"])[:80]))
        extra["published"] = known["published"]
    document = build_document(
        text,
        path=where,
        title=_as_name(known.get("title")),
        url=_as_name(known.get("url")),
        outlet=_as_name(known.get("outlet")),
        author=_as_name(known.get("author")),
        published=published,
        default_published=options.published,
        extra=extra,
    )
    return document, errors
