"""How Parley's output is read for scoring: label maps, the top event, lenient actor matching.

The same rules serve every data set, so that no data set gets its own tuning:

* **Labels.** Gold labels from older or coarser PLOVER schemes are related to Parley's 16 types
  through `data/labels.tsv` (e.g. 2016 DEMAND = REQUEST; PLV's YIELD = CONCEDE or RETREAT).
  Penta classes come from the CAMEO code through the ontology (`ontology/penta.tsv`).
* **Top event** of a sentence or document: among events with a PLOVER type and a root other
  than 01 (statements are mostly the reporting frame "X said"), the most confident one, the
  earliest on ties; only when there is no such event, the most confident of all.
* **Actor match** (lenient): a Parley actor reference matches a gold actor when the gold code
  equals its country, its combined code or the first three letters of that code, or occurs in
  the combined code (`IGO` in `IGOUNO`); or when a word of three letters or more of the gold
  actor text (stop words aside) occurs in the reference's text or name ("Palestinians" ~
  "Palestinian Authority" shares no word, so names are compared by prefix of 6 letters too).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

from .metrics import NONE, words

_STOP = frozenset("the of and for a an in on to de al el le la its his her their new".split())


def _table(name: str) -> list[dict[str, str]]:
    """Rows of a TSV file in evaluation/data (comment lines start with '#')."""
    text = resources.files("parley.evaluation").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader([ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")],
                               delimiter="\t"))


@functools.cache
def label_map(scheme: str) -> dict[str, tuple[str, ...]]:
    """A scheme's labels that differ from Parley's types -> the Parley types they stand for."""
    return {row["label"]: tuple(row["parley"].split("|")) for row in _table("labels.tsv") if row["scheme"] == scheme}


def to_parley(label: str, scheme: str) -> str:
    """A gold label of `scheme` in Parley's PLOVER types (the first type when it stands for several)."""
    return label_map(scheme).get(label, (label,))[0]


def from_parley(ptype: str | None, scheme: str) -> str:
    """A Parley PLOVER type in the labels of `scheme` (NONE for no type)."""
    if not ptype:
        return NONE
    for label, types in label_map(scheme).items():
        if ptype in types:
            return label
    return ptype


def penta_label(cameo_code: str | None) -> str:
    """The penta-class label of a CAMEO code or root ("12" -> VERBAL_CONFLICT), NONE when unknown."""
    from .. import ontology

    return ontology.penta_label(cameo_code) if cameo_code and ontology.is_valid(cameo_code) else NONE


@functools.cache
def plv_penta() -> dict[str, str]:
    """PLV root label -> its penta class as text ('REQUEST' -> '3'), from `data/plv_penta.tsv`."""
    return {row["root"]: row["penta"] for row in _table("plv_penta.tsv")}


def top_event(events: Sequence[Any]) -> Any | None:
    """The event that best stands for a sentence or document (see the module docstring)."""
    if not events:
        return None
    main = [e for e in events if e.plover and e.cameo_root != "01"] or list(events)
    return max(main, key=lambda e: (e.confidence, -e.evidence.start))


def doc_type(events: Sequence[Any]) -> str:
    """The document's PLOVER type: the type with the highest summed confidence (NONE if none)."""
    totals: dict[str, float] = {}
    for e in events:
        if e.plover:
            totals[e.plover] = totals.get(e.plover, 0.0) + e.confidence
    return max(totals, key=lambda t: (totals[t], t)) if totals else NONE


def _content_words(text: str | None) -> set[str]:
    return {w for w in words(text) if len(w) >= 3 and w not in _STOP}


def names_agree(a: str | None, b: str | None) -> bool:
    """Whether two actor names share a content word (or a 6-letter prefix of one)."""
    wa, wb = _content_words(a), _content_words(b)
    if wa & wb:
        return True
    pa = {w[:6] for w in wa if len(w) >= 6}
    return bool(pa & {w[:6] for w in wb if len(w) >= 6})


def actor_matches(ref: Any | None, code: str | None, text: str | None) -> bool:
    """Whether a Parley ActorRef matches a gold actor given by code and/or text (lenient)."""
    if ref is None:
        return False
    code = (code or "").strip().upper()
    if code:
        combined = (ref.code or "").upper()
        if code in {(ref.country or "").upper(), combined, combined[:3]} or (len(code) == 3 and code in combined):
            return True
    return names_agree(text, ref.text) or names_agree(text, ref.name)


def any_actor_matches(ref: Any | None, gold: Iterable[tuple[str | None, str | None]]) -> bool:
    """Whether `ref` matches any of the gold (code, text) actors."""
    return any(actor_matches(ref, code, text) for code, text in gold)


def describe(event: Any | None) -> str:
    """A short 'SRC -[CODE/TYPE]-> TGT' text of an event, for error examples."""
    if event is None:
        return NONE

    def who(ref: Any | None) -> str:
        return "-" if ref is None else (ref.code or ref.name or ref.text or "?")

    return f"{who(event.source)} -[{event.cameo}/{event.plover or '-'}]-> {who(event.target)}"
