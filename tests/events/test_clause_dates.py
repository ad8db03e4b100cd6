"""A date inside a clause that describes one of the event's participants is that participant's,
not the event's; a clause that gives the event's own setting, or the event's own noun, keeps it."""

from __future__ import annotations

import pytest

from parley.api import analyze

PUBLISHED = "2025-02-12"  # a Wednesday


def _dates(text: str, cameo_root: str) -> list[tuple[str | None, str]]:
    report = analyze(text, published=PUBLISHED)
    return [(e.date.value, e.date.basis) for e in report.events if e.cameo.startswith(cameo_root)]


@pytest.mark.parametrize("text, root, expected", [
    # the subject's own history
    ("Finland, which joined NATO in 2023, signed a defence pact with Sweden.", "05", (PUBLISHED, "publication")),
    # ... and the event's own day beside it
    ("Finland, which joined NATO in 2023, signed a defence pact with Sweden on Monday.", "05",
     ("2025-02-10", "relative")),
    # the object's history
    ("Trump withdrew from the nuclear deal signed in 2015.", "12", (PUBLISHED, "publication")),
    ("Students who seized the embassy in 1979 were released by Iran.", "08", (PUBLISHED, "publication")),
])
def test_a_participants_date_is_not_the_events(text, root, expected):
    assert expected in _dates(text, root)
    assert len({d for d in _dates(text, root)}) == 1


def test_the_events_setting_keeps_its_date():
    assert _dates("In a statement released on Tuesday, Sweden criticised Finland.", "11") == [
        ("2025-02-11", "relative")]


def test_a_list_of_dated_events_keeps_each_date():
    dates = _dates("Iran seized the US embassy in 1979, and the United States invaded Iraq in 2003.", "1")
    assert ("1979", "explicit") in dates and ("2003", "explicit") in dates
