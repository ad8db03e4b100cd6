"""Finds quoted stretches of text: curly “ ”, straight " and single ‘ ’ marks, with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"


@dataclass(frozen=True)
class Quoted:
    """One quoted stretch: `start`/`end` are the content's offsets (inside the marks)."""

    start: int
    end: int
    mark: str  # "double" or "single"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Content offsets without surrounding spaces or a trailing comma inside the marks."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


#: The only characters `_double` acts on; it jumps from one to the next (every other is a no-op).
_MARKS = re.compile("['\"“”„«»\n]")


def _double(text: str) -> list[Quoted]:
    found: list[Quoted] = []
    open_at: int | None = None
    straight_open: int | None = None
    skip = -1
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if i <= skip:
            continue
        if ch == "'" and text[i + 1 : i + 2] == "'" and text[i + 2 : i + 3] != "'":
            # two apostrophes typed for a double mark (''...'', a newswire habit): one straight mark
            ch, skip = '"', i + 1
        if ch in _DOUBLE_OPEN or (ch == "”" and open_at is None and i + 1 < len(text) and text[i + 1].isalnum()
                                  and (i == 0 or not text[i - 1].isalnum())):
            # a curly opening mark (some sites type ” for both)
            open_at = i
        elif ch in _DOUBLE_CLOSE and open_at is not None:
            found.append(Quoted(*_trim(text, open_at + 1, i), "double"))
            open_at = None
        elif ch == '"':
            if straight_open is None:
                straight_open = skip if skip == i + 1 else i
            else:
                found.append(Quoted(*_trim(text, straight_open + 1, i), "double"))
                straight_open = None
        elif ch == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            # a quote left open at a paragraph's end runs to that end (news style for long quotes)
            for start in (open_at, straight_open):
                if start is not None and i - start > 20:
                    found.append(Quoted(*_trim(text, start + 1, i), "double"))
            open_at = straight_open = None
    return [q for q in found if q.end > q.start]


_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=\w)([^‘’'\n]{1,200}?)(?<=[\w.!?,])[’'](?!\w)")


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch in `text`, in order; single-quoted ones only outside double quotes."""
    doubles = _double(text)
    singles = []
    for m in _SINGLE.finditer(text):
        s, e = _trim(text, m.start(1), m.end(1))
        if e > s and not any(d.start <= s and e <= d.end for d in doubles):
            singles.append(Quoted(s, e, "single"))
    return sorted(doubles + singles, key=lambda q: q.start)
