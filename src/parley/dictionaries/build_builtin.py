"""Build Parley's seed lexicon (events/data/cameo2.tsv) from the CAMEO 2.0 verb dictionary.

`python -m parley.dictionaries.build_builtin --verbs CAMEO.2.0.txt` converts the PETRARCH
patterns with the same importer users run (`convert_verbs`), applies the review decisions of
`events/data/cameo2_review.tsv` (drop or recode rows, each with its reason) and writes the
shipped file. Rerunning it on the same inputs gives the same file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import ontology
from ..errors import E, ParleyError
from ..events.lexicon import parse_row
from .common import Tally, read_lines
from .verbs import convert_verbs

DATA = Path(str(resources.files("parley.events").joinpath("data")))
REVIEW_COLUMNS = ("kind", "lemma", "particle", "object", "before", "action", "reason")
HEADER = ("# Parley seed lexicon converted from the CAMEO 2.0 verb dictionary (PETRARCH-2 / Phoenix)\n"
          "# by `python -m parley.dictionaries.build_builtin`, reviewed by cameo2_review.tsv.\n"
          "# MIT licence, Open Event Data Alliance: see SOURCES.md and LICENSE-CAMEO2 in this folder.\n"
          "kind\tlemma\tparticle\tobject\tcode\tflags\n")


@dataclass(frozen=True)
class Decision:
    """One review line: which rows it selects ('*' = any value) and what it does to them."""

    kind: str
    lemma: str
    particle: str
    objects: str
    before: str
    action: str
    reason: str
    line: int = 0

    def selects(self, row: Sequence[str]) -> bool:
        """Whether a converted row (kind, lemma, particle, object, code, flags) is one this line reviews."""
        values = (row[0], row[1], row[2], _sorted(row[3]), _sorted(_before(row[5])))
        wanted = (self.kind, self.lemma, self.particle, _sorted(self.objects), _sorted(self.before))
        return all(w == "*" or w == v for w, v in zip(wanted, values, strict=True))


def _sorted(alternatives: str) -> str:
    return "|".join(sorted(a for a in alternatives.split("|") if a)) if alternatives != "*" else "*"


def _before(flags: str) -> str:
    return next((f[7:] for f in flags.split() if f.startswith("before=")), "")


def read_review(path: str | Path) -> list[Decision]:
    """Review decisions (kind, lemma, particle, object, before, action, reason); E453 on a bad line."""
    decisions = []
    for number, line in enumerate(read_lines(path), 1):
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        cells = (line.split("\t") + [""] * len(REVIEW_COLUMNS))[:len(REVIEW_COLUMNS)]
        action = cells[5].strip()
        code = action[5:] if action.startswith("code=") else ""
        if action != "drop" and not (code and ontology.is_valid(ontology.normalise_code(code))):
            raise ParleyError(E.E453, path=path, line=number, reason=f"action must be drop or code=CAMEO, not {action!r}")
        decisions.append(Decision(*(c.strip().lower() for c in cells[:5]), action=action,
                                  reason=cells[6].strip(), line=number))
    return decisions


def apply_review(rows: Iterable[Sequence[str]], decisions: Sequence[Decision]) -> tuple[list[tuple[str, ...]], dict[int, int]]:
    """Rows after the review (the first decision that selects a row applies) and how many rows each line touched."""
    kept: list[tuple[str, ...]] = []
    used: dict[int, int] = {d.line: 0 for d in decisions}
    for row in rows:
        decision = next((d for d in decisions if d.selects(row)), None)
        if decision is None:
            kept.append(tuple(row))
            continue
        used[decision.line] += 1
        if decision.action.startswith("code="):
            kept.append((*row[:4], ontology.normalise_code(decision.action[5:]), *row[5:]))
    return kept, used


def valid(row: Sequence[str]) -> bool:
    """Whether Parley's lexicon reader accepts a converted row (odd leftovers such as '&' are refused)."""
    if any(ch in "".join(row[1:4]) for ch in "&$%+^(){}[]*"):
        return False
    try:
        parse_row(dict(zip(("kind", "lemma", "particle", "object", "code", "flags"), row, strict=True)))
    except ParleyError:
        return False
    return True


def build(verbs: Sequence[str | Path], out: str | Path, review: str | Path | None) -> dict[str, int]:
    """Convert `verbs`, apply `review`, write `out`; the counts of each step."""
    tally = Tally()
    rows = convert_verbs(list(verbs), tally)
    decisions = read_review(review) if review else []
    reviewed, used = apply_review(rows, decisions)
    good = [r for r in reviewed if valid(r)]
    good.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[5]))
    text = HEADER + "".join("\t".join(r) + "\n" for r in good)
    try:
        Path(out).write_text(text, "utf-8")
    except OSError as exc:
        raise ParleyError(E.E452, path=out, reason=exc.strerror or str(exc)) from exc
    unused = sum(1 for n in used.values() if n == 0)
    return {"patterns_read": tally.read, "rows_converted": len(rows), "skipped": len(tally.skipped),
            "approximated": len(tally.approximated), "review_lines": len(decisions), "review_unused": unused,
            "rows_after_review": len(reviewed), "rows_invalid": len(reviewed) - len(good), "rows_written": len(good)}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the seed lexicon and print the counts."""
    parser = argparse.ArgumentParser(prog="python -m parley.dictionaries.build_builtin", description=__doc__.splitlines()[0])
    parser.add_argument("--verbs", action="append", required=True, help="CAMEO.2.0.txt (repeatable)")
    parser.add_argument("--review", default=str(DATA / "cameo2_review.tsv"), help="review decisions TSV")
    parser.add_argument("--out", default=str(DATA / "cameo2.tsv"), help="where to write the seed lexicon")
    args = parser.parse_args(argv)
    try:
        counts = build(args.verbs, args.out, args.review if Path(args.review).is_file() else None)
    except ParleyError as exc:
        print(exc, file=sys.stderr)
        return 1
    for key, value in counts.items():
        print(f"{key}\t{value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
