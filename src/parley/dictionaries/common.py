"""Shared pieces of the PETRARCH readers: lines without comments, words, dates and actor codes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from ..errors import E, ParleyError

_DATE = re.compile(r"^\d{4}$|^\d{6}$|^\d{8}$")
_CODE_CHARS = re.compile(r"^[A-Z0-9+\-]+$")


@dataclass
class Skipped:
    """One dictionary item that was not converted (or only approximately), and why."""

    path: str
    line: int
    text: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class Tally:
    """Counts and notes a reader keeps while converting, for the conversion report."""

    read: int = 0
    written: int = 0
    approximated: list[Skipped] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: items written over one of Parley's shipped entries (an actor the user's file codes otherwise)
    overridden: list[Skipped] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"read": self.read, "written": self.written,
                                  "approximated": len(self.approximated), "skipped": len(self.skipped),
                                  "skipped_items": [s.as_dict() for s in self.skipped],
                                  "approximated_items": [s.as_dict() for s in self.approximated]}
        if self.overridden:
            out["overridden"] = len(self.overridden)
            out["overridden_items"] = [s.as_dict() for s in self.overridden]
        return out


def read_lines(path: str | Path) -> list[str]:
    """A dictionary file's lines (UTF-8, else Latin-1, as older PETRARCH files are); E450 if unreadable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParleyError(E.E450, path=path, reason=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.splitlines()


def content_lines(path: str | Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that carry content: `#` comments and `<!-- -->` blocks removed."""
    out: list[tuple[int, str]] = []
    in_block = False
    for number, line in enumerate(read_lines(path), 1):
        if in_block:
            if "-->" in line:
                in_block = False
                line = line.split("-->", 1)[1]
            else:
                continue
        stripped = line.lstrip()
        if stripped.startswith("<!") or stripped.startswith("< !"):
            if "-->" in stripped:
                line = stripped.split("-->", 1)[1]
            else:
                in_block = True
                continue
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append((number, line))
    return out


def words(token: str) -> str:
    """A PETRARCH word or phrase as plain lower-case words: 'ARMED_FORCES_' -> 'armed forces'."""
    return " ".join(token.replace("_", " ").split()).lower()


def display(token: str) -> str:
    """A PETRARCH name in title case for matching capitalised text: 'NEW_ZEALAND_' -> 'New Zealand'."""
    parts = []
    for word in words(token).split():
        parts.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(parts)


def parse_date(value: str) -> str | None:
    """An ISO date from PETRARCH's YYYYMMDD, YYMMDD (years up to 30 read as 20xx) or YYYY; None if malformed."""
    value = value.strip()
    if not _DATE.match(value):
        return None
    if len(value) == 4:
        value += "0101"
    if len(value) == 6:
        year = int(value[:2])
        value = f"{2000 + year if year <= 30 else 1900 + year}{value[2:]}"
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError:
        return None


def next_day(iso: str) -> str:
    """The day after an ISO date (PETRARCH's ranges are inclusive, Parley's role ends exclusive)."""
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """A one-word-a-line data file of this package, comments skipped."""
    text = resources.files("parley.dictionaries").joinpath("data", name).read_text("utf-8")
    return frozenset(ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def clean_code(code: str) -> str | None:
    """A PETRARCH actor code in upper case, the first of 'A/B' alternatives; None if not a code."""
    code = code.strip().split("/")[0].strip().upper()
    return code if code and _CODE_CHARS.match(code) else None


def split_code(code: str) -> tuple[str | None, tuple[str, ...]]:
    """(country, sectors) of a CAMEO actor code: 'IRNGOV' -> ('IRN', ('GOV',)), 'IGOUNO' -> ('UNO', ('IGO',)).

    The code is read in 3-letter chunks; the first is the country, the rest sectors. A leading
    IGO is a sector followed by the body's code, as Parley's `actor_code` writes it back.
    """
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    if not chunks:
        return None, ()
    if chunks[0] == "IGO" and len(chunks) > 1:
        return chunks[1], ("IGO", *chunks[2:])
    return chunks[0], tuple(chunks[1:])
