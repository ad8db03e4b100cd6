"""PETRARCH actor dictionaries -> Parley knowledge-base entries (JSONL rows).

A PETRARCH entry is a name line (`ARNOR_ [ARN]`), `+SYNONYM` lines and code lines, which may
be dated: `[HOBGOV 20121109-20130119]`, `[IRNGOV >19890604]`, `[RHO <790606]`. Undated
entries become one row per code (id = the code, names as aliases), so that every name coded
`GON` is one actor; dated entries become persons whose `roles` carry the periods, with the
undated code filling the periods that no dated code covers (as PETRARCH's default code does).
Every row keeps the whole PETRARCH code as its explicit `code`; a code's row named exactly like
one of Parley's shipped actors is written over that actor (see `_over_shipped`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..actors.kb import collect_entries
from ..actors.translit import fold
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


_GLOSS = re.compile(r"^(?P<head>.*?)\s*\((?P<inside>[^()]*)\)\s*(?P<tail>.*)$")
_ARTICLE_LAST = re.compile(r"^(?P<head>.+?),\s*(?P<article>the)$", re.IGNORECASE)
_MINOR = frozenset({"of", "and", "the", "for", "in", "de", "al", "el"})


def name_forms(raw: str) -> list[str]:
    """The names a PETRARCH name stands for, in title case: 'ORDER,_THE' -> ['The Order'];
    'ANIMAL_LIBERATION_FRONT_(ALF)_' -> ['Animal Liberation Front', 'ALF'] (an acronym in brackets
    is kept when it spells the initials; any other bracketed gloss, '(COUNTRY)', is dropped)."""
    text = display(raw)
    if not text:
        return []
    found = _GLOSS.match(text)
    forms: list[str] = []
    if found and found.group("head"):
        text = " ".join(p for p in (found.group("head"), found.group("tail")) if p)
        inside = found.group("inside").strip().replace(".", "").upper()
        words = text.split()
        initials = {"".join(w[0] for w in words).upper(),
                    "".join(w[0] for w in words if w.lower() not in _MINOR).upper()}
        if len(inside) >= 3 and inside.isalpha() and inside in initials:
            forms.append(inside)
    article = _ARTICLE_LAST.match(text)
    if article:
        text = f"The {article.group('head')}"
    return [text, *forms]


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


#: What Parley accepts as an explicit code (`actors.kb`): 3-15 capitals or digits.
_EXPLICIT = re.compile(r"^[A-Z0-9]{3,15}$")


def explicit(code: str) -> dict[str, str]:
    """`{"code": code}` when Parley can output the PETRARCH code unchanged ('IGOCOPITP', 'PSEREBHMS').

    Without it Parley builds a code from the country and the first sector, which loses longer
    codes; codes it cannot hold ('---REL', '+++') are left to that rebuilding.
    """
    return {"code": code} if _EXPLICIT.match(code) else {}


def _role(code: Code) -> dict[str, object]:
    country, sectors = split_code(code.code)
    return {"title": code.code, "country": country, "sector": sectors[0] if sectors else None,
            "start": code.start, "end": code.end, **explicit(code.code)}


def to_rows(entries: Iterable[RawEntry], path: str, tally: Tally, shipped: bool = True) -> list[dict[str, object]]:
    """Knowledge-base rows: one per undated code (names merged), one person per dated entry.

    With `shipped`, a code's row whose name is a shipped actor's extends that actor (see `_over_shipped`).
    """
    by_code: dict[str, dict[str, object]] = {}
    persons: list[dict[str, object]] = []
    used_ids: set[str] = set()
    for entry in entries:
        forms = [f for n in entry.names for f in name_forms(n)]
        names = list(dict.fromkeys(surface(f) if shipped else f for f in forms))
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
                                            "country": country, "sectors": list(sectors), "aliases": [],
                                            **explicit(code)})
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
    if shipped:
        _over_shipped(list(by_code.values()), path, tally)
    rows = list(by_code.values()) + persons
    tally.written += len(rows)
    return rows


@functools.cache
def _shipped() -> tuple[dict[str, tuple[tuple[str, str, str], ...]], dict[str, str]]:
    """Folded name -> (id, type, name) of the shipped actors that carry it, and -> its spelling there."""
    index: dict[str, list[tuple[str, str, str]]] = {}
    spelled: dict[str, str] = {}
    for entry in collect_entries((), []).values():
        for name in (entry.name, *entry.aliases):
            key = fold(name)
            spelled.setdefault(key, name)
            hits = index.setdefault(key, [])
            if all(h[0] != entry.id for h in hits):
                hits.append((entry.id, entry.type, entry.name))
    return {k: tuple(v) for k, v in index.items()}, spelled


def shipped_names() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Folded name or alias -> (id, type, name) of Parley's shipped actors that carry it."""
    return _shipped()[0]


def surface(name: str) -> str:
    """A converted name as Parley's shipped data writes it ('Imf' -> 'IMF'), else unchanged."""
    return _shipped()[1].get(fold(name), name)


def _over_shipped(rows: list[dict[str, object]], path: str, tally: Tally) -> None:
    """Rows whose name is exactly one shipped actor's name are written over it with the file's code.

    Parley lists its shipped entries first, so a user's entry with the same name would never be
    chosen ("Kuwait" coded KUW by the file stays KWT). Taking the shipped entry's id makes the
    row extend that entry instead, as a YAML or CSV row without id does: its explicit `code`
    then wins and its names are added. Persons are left alone (their dated roles would mix);
    the first row naming a shipped entry takes it, by the row's main name before its aliases.
    """
    index, taken = shipped_names(), set()
    for by_main in (True, False):
        for row in rows:
            if row.get("_shipped") or "code" not in row:
                continue
            names = [row["name"]] if by_main else list(row["aliases"])  # type: ignore[arg-type]
            for name in names:
                hits = [h for h in index.get(fold(str(name)), ()) if h[1] != "person"]
                if len(hits) != 1 or hits[0][0] in taken:
                    continue
                ident, _, shipped_name = hits[0]
                taken.add(ident)
                code = str(row["code"])
                aliases = [n for n in (row["name"], *row["aliases"]) if n != shipped_name]  # type: ignore[misc]
                tally.overridden.append(Skipped(path, 0, str(row["name"]),
                                                f"extends shipped actor {ident} with code {code}"))
                row.clear()
                row.update({"id": ident, "name": shipped_name, "aliases": aliases, "code": code, "_shipped": True})
                break
    for row in rows:
        row.pop("_shipped", None)


def convert_actors(paths: Iterable[str | Path], tally: Tally | None = None,
                   shipped: bool = True) -> list[dict[str, object]]:
    """Knowledge-base rows from one or more PETRARCH actor files (later files extend earlier).

    With `shipped` (the default) a code whose name is one of Parley's shipped actors is written
    over that actor, so that the file's code wins (see `to_rows`).
    """
    tally = tally if tally is not None else Tally()
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    entries: list[RawEntry] = []
    for path in files:
        entries.extend(read_actor_entries(path, tally))
    return to_rows(entries, ", ".join(str(p) for p in files), tally, shipped)
