"""Which events an analysis looks at: actor, dyad, event type and date filters, as SQL over a source.

An actor is named by a country (IRN), a CAMEO-style code (IRNGOV, or a prefix of one such as
IRN) or its name (Ali Khamenei). Filtering happens in DuckDB, so a large batch folder is read
once and only the matching rows reach Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import E, ParleyError

DATE_BASES = ("event", "report")


@dataclass(frozen=True)
class Dyad:
    """A source-target pair of actor specs; `directed=False` also counts target-to-source events."""

    source: str
    target: str
    directed: bool = True


def parse_dyad(value: str, directed: bool = True) -> Dyad:
    """A Dyad from "A-B" (also "A:B" or "A>B"); E551 when it is not two names."""
    for sep in (">", ":", "-"):
        if sep in value:
            a, _, b = value.partition(sep)
            if a.strip() and b.strip():
                return Dyad(a.strip(), b.strip(), directed)
    raise ParleyError(E.E551, value=value)


def actor_sql(side: str, spec: str, params: list[Any]) -> str:
    """SQL true when the event's `side` (source/target) is `spec`: its country, code, name, or a
    code prefix (3+ letters); appends the values to `params`. Shared by the CLI and the web app."""
    params.extend([spec.upper(), spec.upper(), spec.lower()])
    clause = f"(upper({side}_country) = ? OR upper({side}_code) = ? OR lower({side}_name) = ?"
    if len(spec) >= 3 and spec.isalpha():
        params.append(spec.upper())
        clause += f" OR starts_with(upper({side}_code), ?)"
    return clause + ")"


def where_clause(*, dyad: Dyad | None = None, actor: str | None = None, code: str | None = None,
                 plover: str | None = None, quad_class: int | None = None,
                 asserted_only: bool = False) -> tuple[str, list[Any]]:
    """A SQL WHERE clause (with its parameters) for the event filters an analysis takes."""
    parts: list[str] = []
    params: list[Any] = []
    if dyad is not None:
        forward = f"({actor_sql('source', dyad.source, params)} AND {actor_sql('target', dyad.target, params)})"
        if dyad.directed:
            parts.append(forward)
        else:
            back = f"({actor_sql('source', dyad.target, params)} AND {actor_sql('target', dyad.source, params)})"
            parts.append(f"({forward} OR {back})")
    if actor:
        parts.append(f"({actor_sql('source', actor, params)} OR {actor_sql('target', actor, params)})")
    if code:
        params.extend([code, code])
        parts.append("(cameo_root = ? OR starts_with(cameo, ?))")
    if plover:
        params.append(plover.upper())
        parts.append("upper(plover) = ?")
    if quad_class is not None:
        params.append(int(quad_class))
        parts.append("quad_class = ?")
    if asserted_only:
        parts.append("(NOT coalesce(negated, false) AND coalesce(modality, 'asserted') = 'asserted')")
    return (" AND ".join(parts) or "TRUE"), params


def check_choice(what: str, value: str, known: tuple[str, ...]) -> str:
    """`value` when it is one of `known`, else E552 naming the choices."""
    if value not in known:
        raise ParleyError(E.E552, what=what, value=value, known=", ".join(known))
    return value
