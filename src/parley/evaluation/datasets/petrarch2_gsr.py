"""PETRARCH-2 "GSR" validation records (real news sentences) coded with the Phoenix dictionaries.

The Phoenix actor dictionaries (countries, international, non-state armed groups) and the CAMEO
2.0 verb patterns are converted with `parley.dictionaries` (cached by their hashes) and given
to Parley as `actors_file` / `verbs_file`, and sentences holding a Phoenix discard phrase are
left uncoded; the scoring is that of `petrarch2` (record exact
match of the (source, target, CAMEO) set, triple F1, root-level agreement, error kinds). The
labels are PETRARCH-2's output, hand-corrected in places: silver, not independent gold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...dictionaries import convert_cached
from ...errors import E, ParleyError
from .petrarch2 import load_records, run

NAME = "petrarch2_gsr"
TASK = "CAMEO event triples (source code, target code, event code) on news sentences, Phoenix dictionaries"
LAYOUT = ("records/PETR2_GSR_validation.jsonl", "dictionaries/CAMEO.2.0.txt")
LABELS = "silver"
NOTE = ("Labels derived from PETRARCH-2 output and hand-corrected; actors: Phoenix dictionaries "
        "(MIT, Open Event Data Alliance) converted by `parley dict import`.")
#: No published pass rate: PETRARCH-2 passes most records by construction (labels from its output).
REFERENCE: list[dict[str, Any]] = []
RECORDS = "records/PETR2_GSR_validation.jsonl"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Score Parley on the GSR records with the converted Phoenix dictionaries."""
    dicts = Path(folder) / "dictionaries"
    needed = [dicts / name for name in ACTOR_FILES] + [dicts / "CAMEO.2.0.txt"]
    for path in needed:
        if not path.is_file():
            raise ParleyError(E.E402, path=path, name=NAME, reason="dictionary missing")
    agents, discards = dicts / "Phoenix.agents.txt", dicts / "Phoenix.discards.txt"
    converted = convert_cached(actors=needed[:-1], agents=[agents] if agents.is_file() else None,
                               verbs=[dicts / "CAMEO.2.0.txt"],
                               discards=[discards] if discards.is_file() else None)
    return run(load_records(Path(folder) / RECORDS, limit), converted)
