"""Bytes to text: size limits, binary detection and encoding detection for every reader.

Order of trust: a byte-order mark, then an encoding the file declares (HTML), then strict
UTF-8, then Windows-1252 for Western text, then charset-normalizer's guess. Newlines come out
as "\\n" so that character offsets mean the same on every platform.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import unicodedata
from pathlib import Path

from ..errors import E, ParleyError
from .data import data_lines

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINES = re.compile(r"\r\n?")
#: Characters looked at for the printable and accented-letter shares.
_SAMPLE_CHARS = 65536
#: Most Western text has few accented letters; mojibake of other scripts has many.
_MAX_WESTERN_NON_ASCII = 0.3
_SNIFF = 4096


@functools.cache
def _magic() -> tuple[tuple[bytes, str], ...]:
    """Known binary file signatures from data/magic.tsv."""
    rows = (line.split("\t", 1) for line in data_lines("magic.tsv"))
    return tuple((bytes.fromhex(hex_), name.strip()) for hex_, name in rows)


#: UTF-16 surrogate code points: a JSON "\\ud800" escape or a file name in a foreign encoding
#: puts them in a str, and no UTF-8 writer (hash, JSON, DuckDB) accepts them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD (one for one, so offsets keep)."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def scrub_value(value: object) -> object:
    """A JSON-like value (str, list, dict) with lone surrogates scrubbed from every string."""
    if isinstance(value, str):
        return scrub_surrogates(value)
    if isinstance(value, list):
        return [scrub_value(v) for v in value]
    if isinstance(value, dict):
        return {scrub_surrogates(str(k)): scrub_value(v) for k, v in value.items()}
    return value


def display_path(path: str | Path) -> str:
    """A path as text that any UTF-8 writer takes: undecodable bytes of a file name (which
    Python keeps as surrogates) become U+FFFD."""
    name = str(path)
    if not _SURROGATES.search(name):
        return name
    try:
        return os.fsencode(name).decode("utf-8", "replace")
    except UnicodeError:
        return scrub_surrogates(name)


def normalise_newlines(text: str) -> str:
    """CRLF and CR become "\\n"; a leading BOM is dropped."""
    return _NEWLINES.sub("\n", text.removeprefix("\ufeff"))


def read_limited(path: str | Path, max_bytes: int) -> bytes:
    """The file's bytes, checking the size before reading (E006) and that it did not change (E019)."""
    name = str(path)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise ParleyError(E.E001, path=name) from None
    except OSError as exc:
        raise ParleyError(E.E002, path=name, reason=exc.strerror or repr(exc)) from None
    regular = os.path.isfile(path)
    if regular and before.st_size > max_bytes:
        raise ParleyError(E.E006, path=name, size=before.st_size, limit=max_bytes)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
    except FileNotFoundError:
        raise ParleyError(
            E.E019, path=name, reason="it vanished before it could be opened"
        ) from None
    except IsADirectoryError:
        raise ParleyError(E.E002, path=name, reason="it is a directory") from None
    except OSError as exc:
        raise ParleyError(E.E002, path=name, reason=exc.strerror or repr(exc)) from None
    if len(data) > max_bytes:
        raise ParleyError(E.E006, path=name, size=f"more than {max_bytes}", limit=max_bytes)
    if regular and (after.st_mtime_ns != before.st_mtime_ns or len(data) != after.st_size):
        raise ParleyError(E.E019, path=name, reason=f"read {len(data)} of {after.st_size} bytes")
    return data


def binary_reason(data: bytes, min_printable: float = 0.85) -> str | None:
    """Why these bytes look binary (a known signature, NUL bytes, control bytes), or None."""
    for signature, kind in _magic():
        if data.startswith(signature):
            return kind
    sample = data[:_SNIFF]
    if b"\x00" in sample:
        return "it contains NUL bytes"
    controls = sum(1 for b in sample if b < 32 and b not in b"\n\r\t\f\v\x1b") + sample.count(0x7F)
    if sample and controls / len(sample) > 1.0 - min_printable:
        return f"{controls / len(sample):.0%} control bytes"
    return None


def _is_text_char(ch: str) -> bool:
    """Printable, whitespace, or an invisible format mark that real text carries (category Cf:
    zero-width joiners, bidi controls, soft hyphens, a BOM), so Arabic or Hebrew text dense with
    direction marks is not taken for binary."""
    return ch.isprintable() or ch.isspace() or unicodedata.category(ch) == "Cf"


def printable_share(text: str) -> float:
    """Share of printable, whitespace or format characters in (a sample of) the text."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 1.0
    return sum(1 for ch in sample if _is_text_char(ch)) / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit in every other position (ASCII-range UTF-16)."""
    sample = data[: _SNIFF - _SNIFF % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def wide_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding these bytes are in (by byte-order mark or NUL pattern), or
    None: such text cannot be cut into lines on b"\\n" before it is decoded."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return None if encoding == "utf-8" else encoding
    return _utf16_without_bom(data)


def _looks_western(text: str) -> bool:
    """True when few letters are non-ASCII, as in English, French, German or Spanish text."""
    letters = [ch for ch in text[:_SAMPLE_CHARS] if ch.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return non_ascii / len(letters) <= _MAX_WESTERN_NON_ASCII


def _guess(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for bytes that are not UTF-8, or None when no encoding fits."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_western(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(
        data, cp_exclusion=["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
    ).best()
    if best is None:
        return (text, "cp1252") if text is not None else None
    return str(best), best.encoding


def _lookup(encoding: str | None) -> str | None:
    """The codec name for a declared encoding, or None if Python does not know it."""
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding.strip().strip("'\"")).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # as browsers do: only a byte-order mark makes a page UTF-16 or UTF-32
    # as browsers do: a page that says Latin-1 is read as its superset Windows-1252
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_bytes(
    data: bytes,
    *,
    path: str = "-",
    min_printable: float = 0.85,
    declared: str | None = None,
) -> tuple[str, str]:
    """(text, encoding) of a file's bytes; raises ParleyError E003, E004 or E005."""
    if not data.strip():
        raise ParleyError(E.E003, path=path)
    text: str | None = None
    bom = next(((mark, enc) for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        body, encoding = data[len(bom[0]) :], bom[1]
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            raise ParleyError(E.E005, path=path) from None
    else:
        body, encoding = data, _utf16_without_bom(data)
        if encoding is not None:
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError:
                encoding = None
    if text is None:
        reason = binary_reason(data, min_printable)
        if reason:
            raise ParleyError(E.E004, path=path, reason=reason)
        for candidate in (_lookup(declared), "utf-8"):
            if candidate is None:
                continue
            try:
                text, encoding = body.decode(candidate), candidate
                break
            except (UnicodeDecodeError, LookupError):
                continue
    if text is None:
        guessed = _guess(body)
        if guessed is None:
            raise ParleyError(E.E005, path=path)
        text, encoding = guessed
    text = normalise_newlines(text)
    if not text.strip():
        raise ParleyError(E.E003, path=path)
    share = printable_share(text)
    if share < min_printable:
        raise ParleyError(E.E004, path=path, reason=f"only {share:.0%} printable characters")
    return text, encoding or "utf-8"
