"""Actor resolution on the two seed articles: every expected mention to the right country and entry.

The expectations (eval/seed_actors/expectations.tsv: mention, date, country, KB id; no article
text) are checked against the articles in ../shared/seeds (or $PARLEY_SEEDS). A mention counts
as found when a resolved actor has a mention containing it; right when that actor's country (and,
for `id_accuracy`, its id) is the expected one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ...errors import E, ParleyError

NAME = "seed_actors"
TASK = "actor resolution on the two seed articles: country and KB entry of every expected mention"
LAYOUT = ("SOURCE.md", "expectations.tsv")
LABELS = "gold"
NOTE = "Expectations written by the Parley authors for the project's two seed articles."
REFERENCE: list[dict[str, Any]] = [
    {"system": "goal (issue)", "metric": "country_accuracy", "value": 0.90, "source": "Parley actors issue"},
]


def seeds_folder() -> Path:
    """Where the seed articles are: $PARLEY_SEEDS, else ../shared/seeds beside the working folder."""
    env = os.environ.get("PARLEY_SEEDS")
    return Path(env) if env else Path.cwd().parent / "shared" / "seeds"


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Country and id accuracy of the expected seed mentions."""
    from ...actors.resolver import find_actors
    from ...nlp import load_nlp

    seeds = {p.name[:3]: p for p in sorted(seeds_folder().glob("*.txt"))}
    if not seeds:
        raise ParleyError(E.E401, name=NAME, path=seeds_folder())
    rows = [line.split("\t") for line in (folder / "expectations.tsv").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    rows = [r for r in rows if r[0] in seeds][: limit or None]
    nlp = load_nlp()
    cache: dict[tuple[str, str], list[Any]] = {}
    country = ident = 0
    misses: list[str] = []
    for prefix, date, mention, want_country, want_id in rows:
        if (prefix, date) not in cache:
            text = seeds[prefix].read_text("utf-8")
            cache[prefix, date] = find_actors(text, nlp(text), on_date=date)
        want = mention.replace("\u2019", "'")
        hits = [a for a in cache[prefix, date] for m in a.mentions if want in m.text.replace("\u2019", "'")]
        if hits and hits[0].country == want_country:
            country += 1
        else:
            misses.append(f"{prefix}: {mention}")
        ident += bool(hits) and (want_id == "-" or hits[0].id == want_id)
    n = len(rows) or 1
    return {"records": len(rows), "country_accuracy": round(country / n, 3),
            "id_accuracy": round(ident / n, 3), "errors": {"wrong_actor": len(misses)},
            "examples": {"wrong_actor": misses[:10]}}
