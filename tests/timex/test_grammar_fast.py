"""The grammar's fast path (lower-cased text, case-sensitive patterns, `needs` prefilters) finds
exactly what running every case-insensitive pattern over the text finds."""

from __future__ import annotations

import pytest

from parley.timex.grammar import (
    _NEEDS_AS_WRITTEN,
    _lower_patterns,
    _matches,
    _valid,
    find_candidates,
)

# Invented sentences covering every kind, in several casings, with look-alikes that must fail.
SENTENCES = [
    "The accord was signed on 3 October 1962 and renewed on October 3rd, 1962.",
    "ELECTIONS WERE HELD IN APRIL 2011; the vote of early March 2012 was postponed.",
    "Talks may resume in May, or they may not. Envoys met on 2019-04-05 in Oslo.",
    "Last Monday morning the minister said that tuesday meetings were cancelled.",
    "Three years ago, in the 1990s and the '80s, a 22-year-old soldier aged 61 years fled.",
    "From 1998-2004 and between 2001 and 2003, the first quarter of 2020 was calm.",
    "In the 21st century, the past three months, this morning and today matter.",
    "Nowadays, at present and in the past, 2000 troops cost $2000; 1500 soldiers left in 1500s.",
    "Two Weeks Later the Summit of Next Year was moved to Late Spring 2021, then the fall.",
    "FOR YEARS, recent weeks, the following year, a year later, this Week and Over Decades.",
    "He spoke for about forty-five minutes, some days ago, and twenty five years earlier.",
    "The Spring Offensive began in Jan. 2014, Aug 6, Sept 2015 and mid-2010 at 10:30.",
]


def _valid_matches(text: str, fast: bool) -> list[tuple[int, str, tuple[int, int], dict[str, str]]]:
    return [(rank, kind, m.span(), groups) for rank, kind, m, groups in _matches(text, fast=fast)
            if _valid(kind, m, groups, text)]


@pytest.mark.parametrize("text", SENTENCES)
def test_fast_path_finds_what_the_reference_finds(text):
    assert _valid_matches(text, fast=True) == _valid_matches(text, fast=False)
    assert _valid_matches(text, fast=True)  # every sentence holds some time expression


@pytest.mark.parametrize("text", SENTENCES)
def test_every_kept_match_holds_its_needs(text):
    needs = {kind: rx for _, kind, _, rx in _lower_patterns()}
    for _, kind, (start, end), _ in _valid_matches(text, fast=False):
        where = text[start:end] if kind in _NEEDS_AS_WRITTEN else text[start:end].lower()
        assert needs[kind].search(where), (kind, text[start:end])


def test_letters_that_lower_casing_would_change_take_the_reference_path():
    # "ſ" (long s) matches "s" case-insensitively, "İ" lower-cases to two characters
    for text in ["The ſummit of 2018 ended on Monday.", "İstanbul talks ended on 5 May 2019."]:
        assert _valid_matches(text, fast=True) == _valid_matches(text, fast=False)
        found = find_candidates(text)
        assert found and all(text[c.start:c.end] == c.text for c in found)


def test_group_values_are_read_as_written():
    text = "Signed on 3 OCTOBER 1962."
    (cand,) = find_candidates(text)
    assert cand.groups["month"] == "OCTOBER" and cand.text == "3 OCTOBER 1962"


def test_a_text_without_a_capitalised_month_skips_the_month_patterns():
    text = "They may march on, whatever may come."
    assert _valid_matches(text, fast=False) == _valid_matches(text, fast=True) == []
    assert find_candidates("They may march on in May.")[0].groups["month"] == "May"
