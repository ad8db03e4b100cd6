"""Regenerate data/states.jsonl from pycountry: every ISO 3166-1 country as a state entry.

Run `python -m parley.actors.build` after upgrading pycountry; the output ships in the package so
that loading the knowledge base needs no generation step.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).parent / "data"


def state_entries() -> Iterator[dict[str, object]]:
    """One knowledge-base entry per ISO 3166-1 country: common name, alpha-3 id, other names as aliases."""
    import pycountry

    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        formal = country.name
        name = getattr(country, "common_name", None) or formal
        candidates = [formal, getattr(country, "official_name", None)]
        if ", " in formal:  # "Korea, Republic of" -> "Republic of Korea"
            head, _, tail = formal.partition(", ")
            candidates.append(f"{tail} {head}")
        aliases: list[str] = []
        for other in candidates:
            other = (other or "").removeprefix("the ")
            if other and "," not in other and other != name and other not in aliases:
                aliases.append(other)
        yield {"id": country.alpha_3, "name": name, "type": "state", "country": country.alpha_3,
               "sectors": [], "aliases": aliases, "roles": []}


def write_states(path: Path = DATA / "states.jsonl") -> int:
    """Write the state entries as JSONL; returns how many were written."""
    rows = list(state_entries())
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    """Command line: `python -m parley.actors.build [OUT]`."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DATA / "states.jsonl"
    print(f"wrote {write_states(out)} states to {out}")


if __name__ == "__main__":
    main()
