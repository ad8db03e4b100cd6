"""Event dates as researchers bucket them: parse Parley's ISO-like values and name their periods.

Parley writes an event's date at the precision the text gives ("1953-08-19", "1997-11", "2018",
"1980" for a decade). Series need the first day of that span and how wide it is, so that a
year-only event can go in a yearly series but not be invented into a month.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

#: Width of a date's span, narrowest first; a date fits a bucket no narrower than itself.
RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "century": 6}
#: Buckets a series can use.
BUCKETS = ("day", "week", "month", "year")

_ISO = re.compile(r"^(?P<y>-?\d{4})(?:-(?:W(?P<w>\d{2})|(?P<m>\d{2})(?:-(?P<d>\d{2}))?|(?P<s>SP|SU|FA|WI)))?")
_SEASON_MONTH = {"WI": 12, "SP": 3, "SU": 6, "FA": 9}


def parse(value: str | None, precision: str | None = None) -> tuple[date | None, str]:
    """(first day, precision) of a Parley date value; (None, "unknown") when it is not a date."""
    if not isinstance(value, str) or not value:  # None, or NaN from a DataFrame
        return None, "unknown"
    m = _ISO.match(value.strip())
    if not m:
        return None, "unknown"
    try:
        year = int(m["y"])
        if year < 1:
            return None, "unknown"
        if m["w"]:
            return date.fromisocalendar(year, int(m["w"]), 1), "week"
        if m["s"]:
            return date(year, _SEASON_MONTH[m["s"]], 1), "season"
        if m["d"]:
            return date(year, int(m["m"]), int(m["d"])), "day"
        if m["m"]:
            return date(year, int(m["m"]), 1), "month"
    except ValueError:
        return None, "unknown"
    if precision in ("decade", "century"):
        return date(year, 1, 1), precision
    return date(year, 1, 1), "year"


def fits(precision: str, bucket: str) -> bool:
    """Whether a date of this precision can be placed in one period of `bucket` without guessing."""
    if bucket == "week":
        return precision in ("day", "week")
    return RANK.get(precision, 99) <= RANK[bucket]


def period_start(day: date, bucket: str) -> date:
    """The first day of the period of `bucket` that holds `day` (weeks start on Monday)."""
    if bucket == "day":
        return day
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return date(day.year, 1, 1)


def period_label(start: date, bucket: str) -> str:
    """A readable, sortable name of a period: 2025, 2025-03, 2025-W11 or 2025-03-14."""
    if bucket == "year":
        return f"{start.year:04d}"
    if bucket == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if bucket == "week":
        iso = start.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return start.isoformat()


def next_period(start: date, bucket: str) -> date:
    """The first day of the period after the one starting on `start`."""
    if bucket == "day":
        return start + timedelta(days=1)
    if bucket == "week":
        return start + timedelta(days=7)
    if bucket == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)
