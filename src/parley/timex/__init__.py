"""Time expressions: find dates, durations and relative times in text and normalise them.

The `times` pipeline component fills `ctx.times`. Our own regex grammar (see `grammar`) finds the
common shapes first, because it is fast and does not read "may" the verb or "444" as a date;
spaCy DATE entities the grammar missed are added afterwards and normalised with dateparser
when it gives a confident answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from ..document import TimeExpression
from ..errors import E
from ..registry import components
from ..settings import Settings
from .grammar import Candidate, find_candidates
from .lexicon import alternation
from .normalise import State, resolve

__all__ = ["extract_times", "resolve_relative", "parse_anchor", "make_times"]


def parse_anchor(value: str | dt.date | None) -> dt.date | None:
    """An ISO date (or datetime) string as a date; None when missing or not a date."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def _timeish() -> re.Pattern[str]:
    """Words that make a spaCy DATE entity worth keeping when the grammar missed it."""
    alts = "|".join(
        a for a in (alternation("month"), alternation("weekday"), alternation("season"), alternation("dayword"))
    )
    units = r"days?|weeks?|months?|years?|decades?|centur(?:y|ies)|weekends?|quarters?"
    return re.compile(rf"(?<![\w])(?:{alts}|{units}|1\d{{3}}|20\d{{2}})(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _datey() -> re.Pattern[str]:
    """A month, weekday or year: only then is dateparser trusted with an entity."""
    alts = f"{alternation('month')}|{alternation('weekday')}"
    return re.compile(rf"(?<![\w])(?:{alts}|1\d{{3}}|20\d{{2}})(?![\w])", re.IGNORECASE)


def _dateparser_value(text: str, anchor: dt.date | None) -> tuple[str | None, str, str | None]:
    """dateparser's reading of a short expression, at the precision it reports."""
    try:
        import dateparser
    except ImportError:  # an optional fallback: without it the span is kept unresolved
        return (None, "unknown", None)
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time(12))
    parsed = dateparser.DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if parsed is None or parsed.date_obj is None:
        return (None, "unknown", None)
    d, period = parsed.date_obj.date(), parsed.period
    if period == "year":
        return (str(d.year), "year", str(d.year))
    if period == "month":
        return (f"{d.year:04d}-{d.month:02d}", "month", f"{d.year:04d}-{d.month:02d}")
    if period == "week":
        w = d.isocalendar()
        return (f"{w[0]:04d}-W{w[1]:02d}", "week", f"{w[0]:04d}-W{w[1]:02d}")
    return (d.isoformat(), "day", d.isoformat())


_AGE = re.compile(r"\byears?[\s-]+old\b|^[\s-]+old\b|\baged\b", re.IGNORECASE)


def _entity_candidates(doc: Any, taken: list[Candidate], text: str | None = None) -> list[Candidate]:
    """spaCy DATE entities that overlap nothing the grammar found and look like times."""
    text = doc.text if text is None else text  # spaCy rebuilds doc.text on every access
    out = []
    for ent in getattr(doc, "ents", ()):
        if ent.label_ != "DATE":
            continue
        s, e = ent.start_char, ent.end_char
        if any(s < c.end and c.start < e for c in taken) or not _timeish().search(ent.text):
            continue
        if _AGE.search(ent.text) or _AGE.match(text[e : e + 6]):
            continue  # an age ("22-year-old", "aged 61 years") is not a time
        out.append(Candidate("entity", s, e, ent.text))
    return out


def _drop_counted_years(cands: list[Candidate], doc: Any) -> list[Candidate]:
    """Bare years that spaCy reads as a quantity ("2000 troops") are not years."""
    if doc is None:
        return cands
    kinds = {}
    for ent in doc.ents:
        for i in range(ent.start_char, ent.end_char):
            kinds[i] = ent.label_
    return [c for c in cands if not (c.kind == "year" and kinds.get(c.start) in {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"})]


def extract_times(text: str, published: str | dt.date | None = None, doc: Any = None) -> list[TimeExpression]:
    """Every time expression in `text`, normalised against the publication date `published`."""
    anchor = parse_anchor(published)
    cands = _drop_counted_years(find_candidates(text), doc)
    if doc is not None:
        cands = sorted(cands + _entity_candidates(doc, cands, text), key=lambda c: c.start)
    state = State(text=text, anchor=anchor)
    out = []
    for cand in cands:
        if cand.kind == "entity":
            value, precision, timex3 = (
                _dateparser_value(cand.text, anchor) if _datey().search(cand.text) else (None, "unknown", None)
            )
        else:
            value, precision, timex3 = resolve(cand, state)
        out.append(
            TimeExpression(text=cand.text, value=value, precision=precision, start=cand.start,
                           end=cand.end, timex3=timex3)  # type: ignore[arg-type]
        )
    return out


def resolve_relative(text: str, anchor_date: str | dt.date | None) -> tuple[str, str] | None:
    """The (value, precision) of one expression such as "three years ago" seen from `anchor_date`."""
    times = [t for t in extract_times(text, anchor_date) if t.value is not None]
    if not times:
        return None
    best = max(times, key=lambda t: t.end - t.start)
    return (best.value, best.precision)  # type: ignore[return-value]


@components.register("times")
def make_times(settings: Settings) -> Any:
    """Component: fill `ctx.times` from the text, the spaCy doc and the publication date."""

    def times_component(ctx: Any) -> None:
        published = ctx.document.published or settings.published
        if published and parse_anchor(published) is None:
            ctx.errors.append(E.E300.entry(stage="times", value=published))
        ctx.times = extract_times(ctx.text, published, ctx.doc)

    return times_component
