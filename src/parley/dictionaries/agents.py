"""PETRARCH agent dictionaries -> rows of an agents table (`noun phrase<TAB>code`).

PETRARCH writes an agent as `FOREIGN_MINISTER {plurals} [~GOVFRM]`: the code after `~` is
appended to the country's code; `[NGO~]` puts it before. `!PERSON! = MAN, MEN` defines a
substitution used as `CONGRESS!PERSON!`. Without braces a regular English plural is added;
`{}` means no plural. The code column keeps PETRARCH's code whole: a suffix as written
(`GOVFRM`, so "Arnor's foreign minister" is ARNGOVFRM) and a prefix with its `~` after it
(`NGO~`: "MSF Arnor" is NGOARN). `sector(code)` gives the one sector Parley's built-in table
would hold (`GOVFRM` -> `GOV`).
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


def agent_code(code: str) -> str | None:
    """The table's code of a PETRARCH agent code: '~GOVFRM' -> 'GOVFRM', 'NGO~' -> 'NGO~'; None if not one."""
    code = "".join(code.split()).upper()
    prefix = not code.startswith("~")
    body = code.replace("~", "")
    if not re.fullmatch(r"[A-Z]{3,15}", body) or (prefix and not code.endswith("~")):
        return None
    return body + "~" if prefix else body


def sector(code: str) -> str:
    """The single sector of a table code, as Parley's built-in agents table holds one: 'GOVFRM' -> 'GOV'."""
    return code.rstrip("~")[:3]


def convert_agents(paths: Iterable[str | Path] | str | Path, tally: Tally | None = None) -> list[tuple[str, str]]:
    """(phrase, code) rows, phrases lower case with their plurals, in file order without duplicates."""
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
            code = agent_code(found.group("code"))
            if code is None:
                tally.skipped.append(Skipped(str(path), number, text, "not an agent code"))
                continue
            given = found.group("plurals")
            for form in _expand(found.group("name"), macros):
                phrase = words(form)
                if not phrase:
                    continue
                extra = [words(p) for p in (given or "").split()] if given is not None else [plural(phrase)]
                for item in (phrase, *extra):
                    if item and item not in rows:
                        rows[item] = code
                        tally.written += 1
    return list(rows.items())
