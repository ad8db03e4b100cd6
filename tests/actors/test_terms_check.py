"""Spot-check of role dates: the KB against a separately written table of well-known terms.

`data/terms_check.tsv` was written from public references (named per row) apart from the KB files;
each row must match one KB role of that person in that country whose title contains the row's
title word, start and end within one day (the hand-over day is counted either way by sources).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parley.actors.kb import default_kb
from parley.actors.translit import fold

TABLE = Path(__file__).parent / "data" / "terms_check.tsv"


def _rows() -> list[tuple[str, str, str, str, str | None]]:
    rows = []
    for line in TABLE.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            country, title, ident, start, end, _reference = line.split("\t")
            rows.append((country, title, ident, start, end or None))
    return rows


def _days(a: str | None, b: str | None) -> int:
    """Days between two ISO dates; 0 when both are open (None), large when only one is."""
    if a is None or b is None:
        return 0 if a == b else 10_000
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def test_table_is_large_enough_and_well_formed():
    rows = _rows()
    assert len(rows) >= 100
    for _, _, _, start, end in rows:
        assert end is None or start < end


@pytest.mark.parametrize("country,title,ident,start,end", _rows(),
                         ids=lambda value: value if isinstance(value, str) else "open")
def test_kb_term_matches_reference(country, title, ident, start, end):
    entry = default_kb().get(ident)
    assert entry is not None, ident
    roles = [r for r in entry.roles if r.country == country and fold(title) in fold(r.title)]
    assert roles, f"{ident} has no {title} role in {country}"
    best = min(roles, key=lambda r: _days(r.start, start) + _days(r.end, end))
    assert _days(best.start, start) <= 1 and _days(best.end, end) <= 1, \
        f"{ident}: KB {best.start}..{best.end}, reference {start}..{end}"
