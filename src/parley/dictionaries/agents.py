"""PETRARCH agent dictionaries -> rows of Parley's agents table (`noun phrase<TAB>sector`).

PETRARCH writes an agent as `FOREIGN_MINISTER {plurals} [~GOVFRM]`: the code after `~` is
appended to the country's code; `[NGO~]` puts it before. `!PERSON! = MAN, MEN` defines a
substitution used as `CONGRESS!PERSON!`. Without braces a regular English plural is added;
`{}` means no plural. Parley's agents table holds one sector per phrase, so a code longer than
three letters keeps its first three (`GOVFRM` -> `GOV`), and the loss is listed in the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .common import Skipped, Tally, content_lines, words

_MACRO = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_AGENT = re.compile(r"^(?P<name>[^\[{]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")


def plural(phrase: str) -> str:
    """A regular English plural of the last word: 'official' -> 'officials', 'militia' -> 'militias'."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def _expand(name: str, macros: dict[str, list[str]]) -> list[str]:
    """Every form of a name with its !MACRO! substitutions filled in."""
    forms = [name]
    for key, values in macros.items():
        forms = [f.replace(key, v) for f in forms for v in values] if any(key in f for f in forms) else forms
    return forms


def _sector(code: str) -> tuple[str | None, bool]:
    """(sector, exact) of an agent code: '~GOV' -> ('GOV', True), '~GOVFRM' -> ('GOV', False)."""
    code = code.strip().upper()
    prefix = not code.startswith("~")
    body = code.replace("~", "").strip()
    if not re.fullmatch(r"[A-Z]{3,}", body):
        return None, False
    return body[:3], len(body) == 3 and not prefix


def convert_agents(paths: Iterable[str | Path] | str | Path, tally: Tally | None = None) -> list[tuple[str, str]]:
    """(phrase, sector) rows, phrases lower case with their plurals, in file order without duplicates."""
    tally = tally if tally is not None else Tally()
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    rows: dict[str, str] = {}
    for path in files:
        macros: dict[str, list[str]] = {}
        for number, line in content_lines(path):
            text = line.strip()
            macro = _MACRO.match(text)
            if macro:
                macros[macro.group(1)] = [v.strip() for v in macro.group(2).split(",") if v.strip()]
                continue
            tally.read += 1
            found = _AGENT.match(text)
            if not found:
                tally.skipped.append(Skipped(str(path), number, text, "no [~CODE] on the line"))
                continue
            sector, exact = _sector(found.group("code"))
            if sector is None:
                tally.skipped.append(Skipped(str(path), number, text, "not an agent code"))
                continue
            if not exact:
                tally.approximated.append(Skipped(str(path), number, text,
                                                  f"agent code {found.group('code').strip()} kept as {sector}"))
            given = found.group("plurals")
            for form in _expand(found.group("name"), macros):
                phrase = words(form)
                if not phrase:
                    continue
                extra = [words(p) for p in (given or "").split()] if given is not None else [plural(phrase)]
                for item in (phrase, *extra):
                    if item and item not in rows:
                        rows[item] = sector
                        tally.written += 1
    return list(rows.items())
