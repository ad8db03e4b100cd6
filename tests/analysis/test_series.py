"""Dyad and actor series: event dates vs report dates, directions, periods and coarse dates."""

from __future__ import annotations

import pytest

from parley.analysis import dates
from parley.analysis.series import series
from parley.errors import ParleyError


def _row(frame, period):
    rows = frame[frame["period"] == period]
    assert len(rows) == 1, f"no single row for {period}: {list(frame['period'])}"
    return rows.iloc[0]


def test_1953_event_lands_in_1953_by_event_date(store_path):
    s = series(store_path, dyad="USA-IRN", by="year")
    assert s["period"].iloc[0] == "1953"
    assert _row(s, "1953")["events"] == 1
    assert _row(s, "1953")["quad4"] == 1
    assert _row(s, "1990")["events"] == 0  # gaps are filled, not skipped
    assert len(s) == 2025 - 1953 + 1


def test_report_date_switch_puts_the_coup_in_2025(store_path):
    s = series(store_path, dyad="USA-IRN", by="year", date="report")
    assert list(s["period"]) == ["2025"]
    assert _row(s, "2025")["events"] == 3  # 1953 coup + two April events, all reported in 2025


def test_directed_and_undirected_dyads(store_path):
    forward = series(store_path, dyad="IRN-USA", by="year")
    both = series(store_path, dyad="IRN-USA", by="year", directed=False)
    assert forward["events"].sum() == 2
    assert both["events"].sum() == 5  # plus USA->IRN: 1953, 2025-04-01 twice (USA and USAGOV)
    assert both.attrs["directed"] is False


def test_goldstein_sum_mean_and_quads(store_path):
    row = _row(series(store_path, dyad="IRN-USA", by="year"), "2025")
    assert row["goldstein_sum"] == pytest.approx(-4.0)
    assert row["goldstein_mean"] == pytest.approx(-2.0)
    assert (row["quad1"], row["quad2"], row["quad3"], row["quad4"]) == (1, 0, 1, 0)


def test_year_only_event_is_left_out_of_a_monthly_series_unless_asked(store_path):
    monthly = series(store_path, dyad="IRN-USA", by="month")
    assert monthly["events"].sum() == 1 and monthly.attrs["left_out"] == 1
    placed = series(store_path, dyad="IRN-USA", by="month", coarse="first")
    assert placed["events"].sum() == 2
    assert _row(placed, "2025-01")["events"] == 1


def test_event_without_a_date_uses_the_report_date(store_path):
    assert list(series(store_path, dyad="FRA-IRN", by="day")["period"]) == ["2025-04-02"]


def test_actor_series_counts_both_sides_and_code_prefixes(store_path):
    s = series(store_path, actor="IRN", by="year", start="2025-01-01")
    assert s["events"].sum() == 5  # report one: 2 from 2025 (not the 1953 coup); report two: 3 (IRNGOV by prefix)


def test_code_filter(store_path):
    assert series(store_path, actor="CHN", code="13")["events"].sum() == 1
    assert series(store_path, actor="CHN", code="11")["events"].sum() == 1


def test_weeks_are_iso_weeks_starting_monday(store_path):
    s = series(store_path, dyad="CHN-PHL", directed=False, by="week")
    assert list(s["period"]) == ["2026-W02"]
    assert str(s["period_start"].iloc[0].date()) == "2026-01-05"


def test_batch_folder_gives_the_same_series(store_path, batch_dir):
    a = series(store_path, actor="USA", by="month", coarse="first")
    b = series(batch_dir, actor="USA", by="month", coarse="first")
    assert a.equals(b)


def test_bad_arguments_have_codes(store_path):
    with pytest.raises(ParleyError) as info:
        series(store_path, dyad="IRN")
    assert info.value.code.name == "E551"
    with pytest.raises(ParleyError) as info:
        series(store_path, by="fortnight")
    assert info.value.code.name == "E552"


def test_empty_selection_gives_an_empty_frame(store_path):
    s = series(store_path, dyad="NOR-ISL")
    assert s.empty and list(s.columns)[:3] == ["period", "period_start", "events"]


@pytest.mark.parametrize("value,precision,expected", [
    ("1953-08-19", "day", ("1953-08-19", "day")),
    ("1997-11", "month", ("1997-11-01", "month")),
    ("2018", "year", ("2018-01-01", "year")),
    ("1980", "decade", ("1980-01-01", "decade")),
    ("2025-W11", "week", ("2025-03-10", "week")),
    ("2023/2024", "year", ("2023-01-01", "year")),
    ("soon", "unknown", (None, "unknown")),
])
def test_date_values_parse_to_their_first_day(value, precision, expected):
    day, prec = dates.parse(value, precision)
    assert (day.isoformat() if day else None, prec) == expected
