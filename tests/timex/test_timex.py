"""Time expressions: grammar shapes, normalisation, offsets and the pipeline component."""

from pathlib import Path

import pytest

from parley.document import Document
from parley.pipeline import Context
from parley.registry import components
from parley.settings import load_settings
from parley.timex import extract_times, resolve_relative

PUB = "2024-09-12"  # a Thursday


def _one(text: str, published: str | None = PUB):
    times = extract_times(text, published)
    assert all(text[t.start : t.end] == t.text for t in times)
    return {t.text: (t.value, t.precision, t.timex3) for t in times}


@pytest.mark.parametrize(
    "text,span,expected",
    [
        ("The treaty was signed on 3 October 1962 in Havana.", "3 October 1962", ("1962-10-03", "day", "1962-10-03")),
        ("It fell on October 3rd, 1962, a Wednesday.", "October 3rd, 1962", ("1962-10-03", "day", "1962-10-03")),
        ("Elections were held in April 2011.", "April 2011", ("2011-04", "month", "2011-04")),
        ("The accord dates from 2009.", "2009", ("2009", "year", "2009")),
        ("Envoys met yesterday.", "yesterday", ("2024-09-11", "day", "2024-09-11")),
        ("Envoys met last week.", "last week", ("2024-W36", "week", "2024-W36")),
        ("The minister resigned on Monday.", "Monday", ("2024-09-09", "day", "2024-09-09")),
        ("The minister will resign on Monday.", "Monday", ("2024-09-16", "day", "2024-09-16")),
        ("The pact lapsed three years ago.", "three years ago", ("2021", "year", "2021")),
        ("Tension rose in recent months.", "recent months", (None, "unknown", "PAST_REF")),
        ("The blockade lasted 212 days.", "212 days", (None, "unknown", "P212D")),
        ("After five decades of rivalry, they talked.", "five decades", (None, "unknown", "P50Y")),
        ("The reforms of the 1970s failed.", "the 1970s", ("1970", "decade", "197")),
        ("A truce held from 1994 to 1996.", "from 1994 to 1996", ("1994/1996", "year", None)),
        ("A truce held 1994-1996.", "1994-1996", ("1994/1996", "year", None)),
        ("The summit is set for next month.", "next month", ("2024-10", "month", "2024-10")),
    ],
)
def test_shapes(text, span, expected):
    assert _one(text)[span] == expected


def test_anaphoric_year_and_day():
    text = "Parliament was dissolved in 1971. On June 4th of that year the army moved in. That year ended badly."
    found = _one(text)
    assert found["June 4th of that year"] == ("1971-06-04", "day", "1971-06-04")
    assert found["That year"] == ("1971", "year", "1971")


def test_partial_date_takes_publication_year_or_nearby_year():
    assert _one("Sanctions were lifted on 2nd May, officials said.")["2nd May"][0] == "2024-05-02"
    assert _one("In 1988 the ceasefire began on 20 August.")["20 August"][0] == "1988-08-20"
    # a past date later in the year than publication belongs to the year before
    assert _one("The envoy arrived on 20 December.")["20 December"][0] == "2023-12-20"


def test_impossible_date_keeps_trusted_month():
    found = _one("The decree is dated 30 February 2019.")
    assert found["30 February 2019"] == ("2019-02", "month", "2019-02")


@pytest.mark.parametrize(
    "text",
    [
        "They may meet again, he said.",
        "The 52 hostages were freed.",
        "Talks in the 5+1 format resumed.",
        "It took 444 hours of talks.",
        "About 1500 soldiers crossed.",
        "The budget reached $2019 per head.",
    ],
)
def test_no_false_years(text):
    assert not [t for t in extract_times(text, PUB) if t.precision == "year" and t.value and len(t.value) == 4]


def test_without_publication_date_relative_is_unresolved():
    found = _one("Envoys met yesterday, in March 1999.", None)
    assert found["yesterday"][0] is None
    assert found["March 1999"][0] == "1999-03"


def test_resolve_relative_helper():
    assert resolve_relative("two days ago", "2024-03-01") == ("2024-02-28", "day")
    assert resolve_relative("last year", "2024-03-01") == ("2023", "year")
    assert resolve_relative("a nice view", "2024-03-01") is None


def test_component_fills_context_and_flags_bad_date():
    factory = components.get("times")(load_settings())
    text = "The alliance was founded on 4 April 1949, in Washington."
    ctx = Context(document=Document(id="t", text=text, published="not a date"), settings=load_settings())
    factory(ctx)
    assert [t.value for t in ctx.times] == ["1949-04-04"]
    assert ctx.errors and ctx.errors[0].code == "E300"


def test_examples_have_times():
    root = Path(__file__).resolve().parents[2] / "examples"
    for path in sorted(root.glob("*.txt")):
        text = path.read_text("utf-8")
        times = extract_times(text, "2025-01-01")
        assert times, path.name
        assert all(text[t.start : t.end] == t.text for t in times)


@pytest.mark.parametrize(
    "text,span,expected",
    [
        ("Protests spread last summer.", "last summer", ("2023-SU", "season", "2023-SU")),
        ("It was the winter of 1979.", "the winter of 1979", ("1979-WI", "season", "1979-WI")),
        ("The 2009-2010 budget failed.", "2009-2010", ("2009/2010", "year", None)),
        ("Talks lasted a two-day stretch.", "two-day", (None, "unknown", "P2D")),
        ("The crisis lasted twenty-one days.", "twenty-one days", (None, "unknown", "P21D")),
        ("The envoy returns on Nov. 20.", "Nov. 20", ("2024-11-20", "day", "2024-11-20")),
        ("Prices fell in February.", "February", ("2024-02", "month", "2024-02")),
        ("Prices fell in December.", "December", ("2024-12", "month", "2024-12")),  # within 90 days ahead
    ],
)
def test_seasons_ranges_durations_yearless(text, span, expected):
    assert _one(text)[span] == expected


def test_ages_are_not_times():
    text = "A 22-year-old student, aged 61 years by now, spoke for three hours."
    found = {t.text: t.timex3 for t in extract_times(text, PUB)}
    assert not any("old" in k or k == "61 years" for k in found)
    assert found.get("three hours") == "PT3H"
