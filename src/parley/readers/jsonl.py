"""JSON Lines (.jsonl, .ndjson) and JSON (.json): one Document per object.

Each line (or each element of a top-level JSON array) is an object with a "text" field and
optional title, url, published, outlet and author; other fields go to `Document.extra`.
A line that is not valid JSON gets E008 and the next line is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import E, ParleyError
from ..registry import readers
from .core import STAGE, Item, ReaderOptions, failed
from .decode import decode_bytes
from .rows import document_from_record
from .text import source_bytes


def _record(value: object, *, path: str, line: int, options: ReaderOptions) -> Item:
    if not isinstance(value, dict):
        reason = f"a JSON {type(value).__name__}, not an object"
        return failed(
            f"{path}#{line}", E.E008.entry(stage=STAGE, path=path, line=line, reason=reason)
        )
    return document_from_record(value, path=path, line=line, options=options)


def read_jsonl(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """One Document per line of a JSON Lines file; bad lines give E008, blank lines are skipped."""
    name = str(path)
    text, _ = decode_bytes(
        source_bytes(path, options), path=name, min_printable=options.min_printable
    )
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield failed(
                f"{name}#{number}", E.E008.entry(stage=STAGE, path=name, line=number, reason=reason)
            )
            continue
        yield _record(value, path=name, line=number, options=options)


def read_json(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """Documents from a JSON file: one object, or an array of objects (numbered from 1)."""
    name = str(path)
    text, _ = decode_bytes(
        source_bytes(path, options), path=name, min_printable=options.min_printable
    )
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParleyError(E.E008, path=name, line=exc.lineno, reason=exc.msg) from None
    except RecursionError:
        raise ParleyError(E.E008, path=name, line=1, reason="nested too deeply") from None
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, start=1):
        yield _record(item, path=name, line=number, options=options)


readers.register(".jsonl")(read_jsonl)
readers.register(".ndjson")(read_jsonl)
readers.register(".json")(read_json)
