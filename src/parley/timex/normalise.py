"""Turns grammar candidates into values: ISO-like `value`, `precision` and a TIMEX3 `timex3`.

Relative expressions resolve against the anchor (the publication date); anaphoric ones ("that
year") and year-less dates ("6th August") against the nearest preceding explicit year. A date
that cannot exist ("31 February 2019") keeps only the part that can be trusted ("2019-02",
month precision): it is never moved to a nearby valid day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from .grammar import Candidate
from .lexicon import number_value, words

Value = tuple[str | None, str, str | None]  # value, precision, timex3

_UNKNOWN: Value = (None, "unknown", None)
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
#: How far back (characters, same paragraph) an explicit year still anchors a year-less date.
NEAR_YEAR_CHARS = 400
#: A year-less date up to this many days after the publication date is this year's (a schedule);
#: later than that it is last year's ("in December", written in January).
YEARLESS_AHEAD_DAYS = 90


@dataclass
class State:
    """What resolution remembers while walking a document in order."""

    text: str
    anchor: dt.date | None
    year: int | None = None  # the latest explicit year
    year_at: int = -1  # where it was written
    month: int | None = None


def _month(word: str) -> int:
    return int(words("month")[word.lower().rstrip(".")])


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _shift_months(d: dt.date, months: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) + months
    return total // 12, total % 12 + 1


@functools.lru_cache(maxsize=1)
def _future_rx() -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words("future"), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alts})(?![\w])", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]


def _is_future(state: State, cand: Candidate) -> bool:
    return bool(_future_rx().search(_sentence(state.text, cand.start, cand.end)))


def _near_year(state: State, cand: Candidate) -> int | None:
    if state.year is None:
        return None
    gap = state.text[state.year_at : cand.start]
    return state.year if len(gap) <= NEAR_YEAR_CHARS and "\n\n" not in gap else None


def _ana_year(state: State, ana: str) -> int | None:
    ana = " ".join(ana.lower().split())
    if ana in {"this", "last", "next"}:
        if state.anchor is None:
            return None
        return state.anchor.year + {"this": 0, "last": -1, "next": 1}[ana]
    if state.year is None:
        return None
    if ana in {"the following", "the next"}:
        return state.year + 1
    if ana in {"the previous", "the preceding"}:
        return state.year - 1
    return state.year


def _day_value(y: int | None, m: int, d: int) -> Value:
    """A calendar day, or the trustworthy month part when the day cannot exist."""
    if y is None:
        ok = d <= calendar.monthrange(2000, m)[1]  # a leap year allows 29 February
        return (None, "day", f"XXXX-{m:02d}-{d:02d}") if ok else (None, "unknown", None)
    if d > calendar.monthrange(y, m)[1]:
        return (_ym(y, m), "month", _ym(y, m))
    value = f"{y:04d}-{m:02d}-{d:02d}"
    return (value, "day", value)


def _yearless(state: State, cand: Candidate, m: int, d: int | None) -> int | None:
    """The year of a date written without one: nearby explicit year, else the publication year."""
    near = _near_year(state, cand)
    if near is not None:
        return near
    if state.anchor is not None:
        y = state.anchor.year
        day = min(d or 1, calendar.monthrange(y, m)[1])
        when = dt.date(y, m, day)
        future = _is_future(state, cand)
        if not future and when > state.anchor + dt.timedelta(days=YEARLESS_AHEAD_DAYS):
            return y - 1
        if future and when < state.anchor - dt.timedelta(days=0 if d else 31):
            return y + 1
        return y
    return state.year


def _duration(num: int | str | None, unit: str) -> str | None:
    u = unit.lower().rstrip("s")
    if u == "centurie":
        u = "century"
    if num is None:
        return None
    n = "X" if num == "X" else num
    if u == "fortnight":
        return "P2W" if n == 1 else f"P{n if n == 'X' else 2 * n}W"
    if u in {"decade", "century"}:
        factor = 10 if u == "decade" else 100
        return f"P{'X' if n == 'X' else n * factor}Y"
    code = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "year": "Y"}[u]
    return f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"


def _shift(anchor: dt.date, n: int, unit: str) -> Value:
    """The anchor moved by n units, at that unit's precision."""
    u = unit.lower().rstrip("s")
    if u in {"second", "minute", "hour"}:
        return (anchor.isoformat(), "day", anchor.isoformat())
    if u == "day":
        d = anchor + dt.timedelta(days=n)
        return (d.isoformat(), "day", d.isoformat())
    if u in {"week", "fortnight"}:
        d = anchor + dt.timedelta(weeks=n * (2 if u == "fortnight" else 1))
        return (_week(d), "week", _week(d))
    if u == "month":
        y, m = _shift_months(anchor, n)
        return (_ym(y, m), "month", _ym(y, m))
    if u in {"decade", "centurie", "century"}:
        y = anchor.year + n * (10 if u == "decade" else 100)
        return (str(y), "year", str(y))
    return (str(anchor.year + n), "year", str(anchor.year + n))


def _weekday(state: State, cand: Candidate) -> Value:
    if state.anchor is None:
        return _UNKNOWN
    target = int(words("weekday")[cand.groups["weekday"].lower()])
    a = state.anchor
    diff = target - a.weekday()
    direction = cand.groups.get("dir", "").lower()
    if direction == "last" or direction == "past":
        d = a + dt.timedelta(days=diff - 7 if diff >= 0 else diff)
    elif direction in {"next", "coming"}:
        d = a + dt.timedelta(days=diff + 7 if diff <= 0 else diff)
    elif direction == "this":
        d = a + dt.timedelta(days=diff)
    elif _is_future(state, cand):
        d = a + dt.timedelta(days=diff if diff >= 0 else diff + 7)
    else:
        d = a + dt.timedelta(days=diff if diff <= 0 else diff - 7)
    part = _PARTS.get(cand.groups.get("part", "").lower())
    return (d.isoformat(), "day", d.isoformat() + (f"T{part}" if part else ""))


def _reldir(state: State, cand: Candidate) -> Value:
    direction = " ".join(cand.groups["dir"].lower().split())
    unit = cand.groups["unit"].lower()
    if direction in {"the past"} and unit in {"week", "month", "year", "decade", "century"}:
        return (None, "unknown", _duration(1, unit))
    if direction in {"that", "the same"}:
        if unit == "year" and state.year is not None:
            return (str(state.year), "year", str(state.year))
        if unit == "month" and state.year is not None and state.month is not None:
            return (_ym(state.year, state.month), "month", _ym(state.year, state.month))
        return _UNKNOWN
    if state.anchor is None:
        return _UNKNOWN
    step = {"last": -1, "the last": -1, "past": -1, "previous": -1, "the previous": -1,
            "next": 1, "the next": 1, "coming": 1, "the coming": 1, "following": 1,
            "the following": 1}.get(direction, 0)
    a = state.anchor
    if unit in {"night", "morning", "afternoon", "evening"}:
        d = a + dt.timedelta(days=min(step, 0) if direction != "next" else 1)
        return (d.isoformat(), "day", d.isoformat() + "T" + _PARTS[unit])
    if unit == "weekend":
        d = a + dt.timedelta(weeks=step)
        return (_week(d), "week", _week(d) + "-WE")
    if unit == "quarter":
        y, m = _shift_months(a, 3 * step)
        return (f"{y}-Q{(m - 1) // 3 + 1}", "unknown", f"{y}-Q{(m - 1) // 3 + 1}")
    if unit in {"spring", "summer", "autumn", "fall", "winter"}:
        code = words("season")[unit]
        y = a.year + step
        if step == -1 and a.month > _SEASON_MONTH[code] + 2:
            y = a.year  # "last summer" said in November is this year's summer
        return (f"{y}-{code}", "season", f"{y}-{code}")
    if unit == "decade":
        y = a.year // 10 * 10 + 10 * step
        return (str(y), "decade", str(y)[:3])
    if unit == "century":
        c = a.year // 100 + step
        return (f"{c:02d}", "century", f"{c:02d}")
    return _shift(a, step, unit)


def resolve(cand: Candidate, state: State) -> Value:
    """The (value, precision, timex3) of one candidate; updates the explicit-year memory."""
    g, kind = cand.groups, cand.kind
    if kind == "iso":
        out = _day_value(int(g["year"]), int(g["mnum"]), int(g["day"]))
    elif kind in {"dmy", "mdy"}:
        m, d = _month(g["month"]), int(g["day"])
        if "year" in g:
            y = int(g["year"])
        elif "ana" in g:
            y = _ana_year(state, g["ana"])
        else:
            y = _yearless(state, cand, m, d)
        out = _day_value(y, m, d)
        if y is not None and out[0] is None and "ana" in g:
            out = _UNKNOWN
    elif kind == "my":
        ym = _ym(int(g["year"]), _month(g["month"]))
        out = (ym, "month", ym)
    elif kind == "month":
        m = _month(g["month"])
        y = _yearless(state, cand, m, None)
        out = (_ym(y, m), "month", _ym(y, m)) if y is not None else (None, "month", f"XXXX-{m:02d}")
    elif kind == "dirmonth":
        m, mdir = _month(g["month"]), g["mdir"].lower()
        if mdir == "that":
            y = state.year
        elif state.anchor is None:
            y = None
        else:
            a = state.anchor
            y = a.year + {"last": -1 if m >= a.month else 0, "next": 1 if m <= a.month else 0}.get(mdir, 0)
        out = (_ym(y, m), "month", _ym(y, m)) if y is not None else (None, "month", f"XXXX-{m:02d}")
    elif kind == "yrange":
        y1, y2 = int(g["y1"]), g["y2"]
        end = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        out = (f"{y1}/{end}", "year", None)
    elif kind == "decade":
        if "dec" in g:
            y = int(g["dec"])
        else:
            d = int(g["dec2"])
            y = 2000 + d if state.anchor and 2000 + d <= state.anchor.year else 1900 + d
        out = (str(y), "decade", str(y)[:3])
    elif kind == "century":
        n = number_value(g["ord"]) if not g["ord"][0].isdigit() else int(g["ord"][:-2])
        n = int(words("ordinal").get(g["ord"].lower(), n or 0))
        out = (f"{n - 1:02d}", "century", f"{n - 1:02d}") if n else _UNKNOWN
    elif kind == "quarter":
        q = int(words("ordinal").get(g["ord"].lower(), 0) or re.sub(r"\D", "", g["ord"]) or 0)
        y = int(g["year"]) if "year" in g else (_ana_year(state, g["ana"]) if "ana" in g else (state.anchor.year if state.anchor else None))
        out = (f"{y}-Q{q}", "unknown", f"{y}-Q{q}") if y and 1 <= q <= 4 else (None, "unknown", f"XXXX-Q{q}")
    elif kind == "season":
        code = words("season")[g["season"].lower()]
        sdir = g.get("sdir", "").lower()
        if "year" in g:
            y: int | None = int(g["year"])
        elif sdir in {"that", "the"}:
            y = state.year
        elif state.anchor is not None:
            y = state.anchor.year + {"last": -1, "next": 1}.get(sdir, 0)
        else:
            y = None
        out = (f"{y}-{code}", "season", f"{y}-{code}") if y else (None, "season", f"XXXX-{code}")
    elif kind == "ago":
        out = _ago(state, g)
    elif kind == "agobare":
        out = (None, "unknown", "FUTURE_REF" if g["dirword"].lower() == "later" else "PAST_REF")
    elif kind == "anayear":
        if "ana" in g:
            unit = g["aunit"].lower()
            if unit == "month":
                same = Candidate("reldir", cand.start, cand.end, cand.text, {"dir": "that", "unit": "month"})
                out = _reldir(state, same)
            else:
                y = _ana_year(state, g["ana"])
                out = (str(y), "year", str(y)) if y is not None else _UNKNOWN
        else:
            step = 1 if g["dirword"].lower() == "later" else -1
            out = (str(state.year + step), "year", str(state.year + step)) if state.year else (None, "unknown", "P1Y")
    elif kind == "recent":
        out = (None, "unknown", "PAST_REF")
    elif kind == "reldir":
        out = _reldir(state, cand)
    elif kind in {"relnum", "duration"}:
        num = number_value(g["num"])
        out = (None, "unknown", _duration(num, g["unit"]))
    elif kind == "durbare":
        out = (None, "unknown", _duration("X", g["unit"]))
    elif kind == "weekday":
        out = _weekday(state, cand)
    elif kind in {"dayword", "thispart"}:
        if state.anchor is None:
            out = _UNKNOWN
        else:
            d = state.anchor + dt.timedelta(days=int(words("dayword").get(g.get("dayword", "today").lower(), 0)))
            part = _PARTS.get(g.get("part", "").lower()) or ("NI" if g.get("dayword", "").lower() == "tonight" else None)
            out = (d.isoformat(), "day", d.isoformat() + (f"T{part}" if part else ""))
    elif kind == "ref":
        out = (None, "unknown", words("ref")[" ".join(g["ref"].lower().split())])
    elif kind == "year":
        out = (g["year"], "year", g["year"])
    else:
        out = _UNKNOWN
    _remember(state, cand, out)
    return out


def _ago(state: State, g: dict[str, str]) -> Value:
    num = number_value(g["num"])
    dirword = " ".join(g["dirword"].lower().split())
    unit = g["unit"]
    if num is None:
        return _UNKNOWN
    if num == "X":
        return (None, "unknown", "FUTURE_REF" if dirword in {"later", "after", "from now", "hence"} else "PAST_REF")
    if dirword in {"ago", "from now", "hence"}:
        if state.anchor is None:
            return (None, "unknown", None)
        return _shift(state.anchor, -num if dirword == "ago" else num, unit)
    # "three years later": relative to the story's own time, known only for years
    if unit.lower().startswith("year") and state.year is not None:
        y = state.year + (num if dirword in {"later", "after"} else -num)
        return (str(y), "year", str(y))
    return (None, "unknown", _duration(num, unit))


def _remember(state: State, cand: Candidate, out: Value) -> None:
    g = cand.groups
    if "year" in g and cand.kind in {"iso", "dmy", "mdy", "my", "year", "season", "quarter"}:
        state.year, state.year_at = int(g["year"]), cand.end
        state.month = int(g["mnum"]) if "mnum" in g else (_month(g["month"]) if "month" in g else None)
    elif cand.kind == "yrange":
        state.year, state.year_at, state.month = int(out[0].split("/")[0]), cand.end, None  # type: ignore[union-attr]
    elif cand.kind in {"dmy", "mdy"} and out[0] and "ana" in g:
        state.month = _month(g["month"])
