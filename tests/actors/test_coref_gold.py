"""Coreference on the annotated texts: pronouns of eval/actors_gold texts 15-17 (tests/actors/data/coref_gold.tsv).

The pronouns were annotated before `resolve_pronoun` was run on the texts. The test holds the share
resolved to the right person at or above the level measured when they were added (a regression
guard; the cases it misses are listed in the failure message).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from parley.actors.coref import resolve_pronoun
from parley.actors.resolver import find_actors
from parley.evaluation.datasets.actors_gold import parse

HERE = Path(__file__).parent
TEXTS = HERE.parents[1] / "eval" / "actors_gold" / "texts"
#: share right when the table was first run: 16 of 19. Missed then: "received him" (the object of a
#: clause whose subjects are two other men), "his words" after an unresolved spelling of Nasser, and
#: "his critics" after "Port Said" was wrongly linked to Nuri al-Said by the surname pass. The last
#: was fixed by the surname pass's place-name guard: 17 of 19 since.
FLOOR = 0.89


def _cases() -> list[tuple[str, str, str]]:
    rows = (HERE / "data" / "coref_gold.tsv").read_text("utf-8").splitlines()
    return [tuple(r.split("\t")) for r in rows if r.strip() and not r.startswith("#")]  # type: ignore[misc]


def test_pronouns_in_annotated_texts(nlp):
    right, misses, contexts = 0, [], {}
    cases = _cases()
    assert len(cases) >= 15
    for name, snippet, want in cases:
        if name not in contexts:
            text, date, _ = parse((TEXTS / name).read_text("utf-8"))
            contexts[name] = SimpleNamespace(text=text, actors=find_actors(text, nlp(text), on_date=date),
                                             document=SimpleNamespace(published=date))
        ctx = contexts[name]
        start = ctx.text.index(snippet)
        got = resolve_pronoun(ctx, start)
        if got is not None and got.id == want:
            right += 1
        else:
            misses.append(f"{name}: {snippet!r} -> {got.id if got else None}, want {want}")
    assert right / len(cases) >= FLOOR, "\n".join(misses)
