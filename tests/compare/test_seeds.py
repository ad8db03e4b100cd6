"""The seed articles: the embassy seizure is dated 1979-1981 by one and November 1997 by the other."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_seeds_embassy_seizure_date_contradiction(seeds):
    from parley.api import analyze_files
    from parley.compare import compare

    result = compare(list(analyze_files(seeds)))
    assert len(result.stories) == 1
    dates = [c for c in result.contradictions if c.field == "date"]
    pairs = [{v.value for v in c.values} for c in dates]
    assert {"1979/1981", "1997-11"} in pairs, pairs
    embassy = next(c for c in dates if {v.value for v in c.values} == {"1979/1981", "1997-11"})
    assert all("embassy" in v.evidence for v in embassy.values)
    # the 2018 withdrawal from the nuclear deal is one shared event
    assert any(len(e.reported_by) == 2 and "withdrawal" in e.terms and (e.date or "").startswith("2018")
               for e in result.events)
