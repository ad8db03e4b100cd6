"""JSON Lines (.jsonl, .ndjson) and JSON (.json): one Document per object.

Each line (or each element of a top-level JSON array) is an object with a "text" field and
optional title, url, published, outlet and author; other fields go to `Document.extra`.
A line that is not valid JSON gets E008 and the next line is still read; lines are decoded one by
one, so a corrupt line never changes how the good ones read.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import E, ParleyError
from ..registry import readers
from .core import STAGE, Item, ReaderOptions, failed
from .decode import binary_reason, decode_bytes, normalise_newlines, wide_encoding
from .rows import document_from_record
from .text import source_bytes


def _record(value: object, *, path: str, line: int, options: ReaderOptions) -> Item:
    if not isinstance(value, dict):
        reason = f"a JSON {type(value).__name__}, not an object"
        return failed(
            f"{path}#{line}", E.E008.entry(stage=STAGE, path=path, line=line, reason=reason)
        )
    return document_from_record(value, path=path, line=line, options=options)


_LINE_BREAK = re.compile(rb"\r\n?|\n")


def _decode_line(raw: bytes, *, path: str, number: int, options: ReaderOptions) -> str | Item:
    """One line's text (UTF-8, else the encoding that fits it alone), or its E008 item."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return decode_bytes(raw, path=path, min_printable=options.min_printable)[0]
    except ParleyError as exc:
        reason = "not text in any known encoding (" + exc.code.name + ")"
        return failed(f"{path}#{number}", E.E008.entry(stage=STAGE, path=path, line=number, reason=reason))


def _parses(line: bytes | str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _lines(data: bytes, *, path: str, options: ReaderOptions) -> Iterator[tuple[int, str | Item]]:
    """(line number, text or E008 item) of every line. Lines are decoded one by one, so a corrupt
    line (bad bytes, a stray NUL) spoils only itself, never how the other lines are read; a file
    that is binary as a whole (no line of it parses) gets E004, and UTF-16/32 is decoded whole."""
    if not data.strip():
        raise ParleyError(E.E003, path=path)
    if wide_encoding(data):  # UTF-16/32 by its mark, unless only the bytes read as lines hold JSON
        try:
            text = decode_bytes(data, path=path, min_printable=options.min_printable)[0]
        except ParleyError:
            text = ""
        lines = text.split("\n")
        if any(_parses(line) for line in lines if line.strip()) or not any(
            _parses(line) for line in _LINE_BREAK.split(data) if line.strip()
        ):
            if not text:
                decode_bytes(data, path=path, min_printable=options.min_printable)  # its error
            yield from enumerate(lines, start=1)
            return
    reason = binary_reason(data, options.min_printable)
    if reason and not any(_parses(line) for line in _LINE_BREAK.split(data) if line.strip()):
        raise ParleyError(E.E004, path=path, reason=reason)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # decode line by line: the damage stays in the lines that carry it
        for number, raw in enumerate(_LINE_BREAK.split(data), start=1):
            yield number, _decode_line(raw, path=path, number=number, options=options)
        return
    yield from enumerate(normalise_newlines(text).split("\n"), start=1)


def read_jsonl(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """One Document per line of a JSON Lines file; bad lines give E008, blank lines are skipped."""
    name = str(path)
    for number, line in _lines(source_bytes(path, options), path=name, options=options):
        if not isinstance(line, str):
            yield line
            continue
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
    if not items:  # "[]": say so rather than yield nothing
        raise ParleyError(E.E003, path=name)
    for number, item in enumerate(items, start=1):
        yield _record(item, path=name, line=number, options=options)


readers.register(".jsonl")(read_jsonl)
readers.register(".ndjson")(read_jsonl)
readers.register(".json")(read_json)
