"""PETRARCH actor dictionaries -> Parley knowledge-base entries (JSONL rows).

A PETRARCH entry is a name line (`ARNOR_ [ARN]`), `+SYNONYM` lines and code lines, which may
be dated: `[HOBGOV 20121109-20130119]`, `[IRNGOV >19890604]`, `[RHO <790606]`. Undated
entries become one row per code (id = the code, names as aliases), so that every name coded
`GON` is one actor; dated entries become persons whose `roles` carry the periods, with the
undated code filling the periods that no dated code covers (as PETRARCH's default code does).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..ids import slug
from .common import (
    Skipped,
    Tally,
    clean_code,
    content_lines,
    display,
    next_day,
    parse_date,
    split_code,
    word_list,
)

_BRACKET = re.compile(r"\[([^\]]*)\]")
#: Three-letter codes that are sectors rather than countries when they stand alone ('[NGO]').
_SECTOR_ONLY = {"GOV", "MIL", "LEG", "JUD", "OPP", "REB", "PTY", "COP", "SPY", "NGO", "MED", "EDU",
                "BUS", "CRM", "CVL", "REL", "LAB", "HLH", "REF", "ELI", "AGR", "ENV", "HRI", "UAF", "IGO",
                "NGM", "IMG", "MNC"}


@dataclass
class Code:
    """One code line: the code and its period (ISO start inclusive, end exclusive)."""

    code: str
    start: str | None = None
    end: str | None = None

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)


@dataclass
class RawEntry:
    """An actor as PETRARCH wrote it: names and code lines."""

    names: list[str]
    codes: list[Code] = field(default_factory=list)
    line: int = 0


def parse_code(text: str, path: str, line: int, tally: Tally) -> Code | None:
    """A Code from the inside of a bracket: 'HOBGOV 20121109-20130119', 'IRNGOV >2005'."""
    parts = text.replace(" - ", "-").split()
    if not parts:
        return None
    code = clean_code(parts[0])
    if code is None or code.startswith("~"):
        tally.skipped.append(Skipped(path, line, f"[{text}]", "not an actor code"))
        return None
    rest = "".join(parts[1:])
    if not rest:
        return Code(code)
    if rest[0] in "<>":
        when = parse_date(rest[1:])
        if when is None:
            tally.approximated.append(Skipped(path, line, f"[{text}]", "malformed date: code kept undated"))
            return Code(code)
        return Code(code, end=when) if rest[0] == "<" else Code(code, start=when)
    first, _, second = rest.partition("-")
    start, end = parse_date(first), parse_date(second)
    if start is None or end is None:
        tally.approximated.append(Skipped(path, line, f"[{text}]", "malformed date range: code kept undated"))
        return Code(code)
    return Code(code, start=start, end=next_day(end))


def read_actor_entries(path: str | Path, tally: Tally) -> list[RawEntry]:
    """The entries of one PETRARCH actor file, in file order."""
    where = str(path)
    entries: list[RawEntry] = []
    current: RawEntry | None = None
    for number, line in content_lines(path):
        stripped = line.strip()
        codes_text = _BRACKET.findall(stripped)
        head = _BRACKET.sub(" ", stripped).strip()
        if stripped.startswith("+"):
            if current is None:
                tally.skipped.append(Skipped(where, number, stripped, "synonym before any entry"))
                continue
            name = head[1:].strip().split("{")[0].strip()
            if name:
                current.names.append(name)
        elif head and not line[:1].isspace() and not stripped.startswith("["):
            current = RawEntry(names=[head.split("{")[0].strip()], line=number)
            entries.append(current)
            tally.read += 1
        elif head:
            tally.skipped.append(Skipped(where, number, stripped, "unrecognised line"))
            continue
        for inside in codes_text:
            if current is None:
                tally.skipped.append(Skipped(where, number, stripped, "code before any entry"))
                break
            code = parse_code(inside, where, number, tally)
            if code:
                current.codes.append(code)
    return entries


def _kind(code: str) -> str:
    if len(code) == 3 and code not in _SECTOR_ONLY and code[:3] not in word_list("international.txt"):
        return "state"
    return "organisation"


def _fill_gaps(dated: list[Code], default: Code) -> list[Code]:
    """Periods that no dated code covers, coded with the default code."""
    spans = sorted(((c.start or "0000-00-00"), (c.end or "9999-12-31")) for c in dated)
    gaps: list[Code] = []
    cursor = "0000-00-00"
    for start, end in spans:
        if start > cursor:
            gaps.append(Code(default.code, None if cursor == "0000-00-00" else cursor, start))
        cursor = max(cursor, end)
    if cursor < "9999-12-31":
        gaps.append(Code(default.code, cursor, None))
    return gaps


def _role(code: Code) -> dict[str, object]:
    country, sectors = split_code(code.code)
    return {"title": code.code, "country": country, "sector": sectors[0] if sectors else None,
            "start": code.start, "end": code.end}


def to_rows(entries: Iterable[RawEntry], path: str, tally: Tally) -> list[dict[str, object]]:
    """Knowledge-base rows: one per undated code (names merged), one person per dated entry."""
    by_code: dict[str, dict[str, object]] = {}
    persons: list[dict[str, object]] = []
    used_ids: set[str] = set()
    for entry in entries:
        names = [display(n) for n in entry.names if display(n)]
        if not names:
            tally.skipped.append(Skipped(path, entry.line, " ".join(entry.names), "no usable name"))
            continue
        if not entry.codes:
            tally.skipped.append(Skipped(path, entry.line, entry.names[0], "entry without a code"))
            continue
        dated = [c for c in entry.codes if c.dated]
        undated = [c for c in entry.codes if not c.dated]
        if not dated:
            if len(undated) > 1:
                tally.approximated.append(Skipped(path, entry.line, entry.names[0],
                                                  "several undated codes: the first is kept"))
            code = undated[0].code
            country, sectors = split_code(code)
            row = by_code.setdefault(code, {"id": code, "name": names[0], "type": _kind(code),
                                            "country": country, "sectors": list(sectors), "aliases": []})
            aliases = row["aliases"]
            assert isinstance(aliases, list)
            for name in names:
                if name != row["name"] and name not in aliases:
                    aliases.append(name)
            continue
        roles = [_role(c) for c in dated]
        if undated:  # the default code: first, so that it codes the actor when no date is known
            roles = [_role(c) for c in _fill_gaps(dated, undated[0])] + roles
        ident = "petr-" + slug(names[0])
        base, n = ident, 1
        while ident in used_ids:
            n += 1
            ident = f"{base}-{n}"
        used_ids.add(ident)
        country, sectors = split_code((undated or dated)[0].code)
        persons.append({"id": ident, "name": names[0], "type": "person", "country": country,
                        "sectors": list(sectors), "aliases": names[1:], "roles": roles})
    rows = list(by_code.values()) + persons
    tally.written += len(rows)
    return rows


def convert_actors(paths: Iterable[str | Path], tally: Tally | None = None) -> list[dict[str, object]]:
    """Knowledge-base rows from one or more PETRARCH actor files (later files extend earlier)."""
    tally = tally if tally is not None else Tally()
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    entries: list[RawEntry] = []
    for path in files:
        entries.extend(read_actor_entries(path, tally))
    return to_rows(entries, ", ".join(str(p) for p in files), tally)
