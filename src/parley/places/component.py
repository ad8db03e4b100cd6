"""The `places` pipeline component: gives each event a location resolved to country and coordinates.

Runs after `events`. A place the events coder already found in the sentence is resolved; else
the sentence is searched for a place put after in/at/near (spaCy GPE/LOC/FAC entities, or a
capitalised name the gazetteer knows when no parse is at hand); else the document's dateline is
used, for an event of the news itself only: one dated in a past well before publication ("the
1953 coup", "the 1980s war") did not happen where the reporter filed from. `location.basis` says
which: "sentence" or "dateline". Names the gazetteer does not know are kept without country or
coordinates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..document import Event, Location
from ..errors import ParleyError
from ..registry import components
from ..settings import Settings
from .gazetteer import Gazetteer, load_gazetteer

#: Words that put what follows as the place where something happened.
PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "off", "across"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_WORD = r"[A-Z][\w'\u00C0-\u024F-]+"
_CAPITALISED = re.compile(rf"\b(?:in|at|near|outside|off)\s+(?:the\s+)?({_WORD}(?:\s+(?:of\s+)?{_WORD}){{0,3}})")


def _hints(event: Event) -> tuple[str, ...]:
    return tuple(r.country for r in (event.source, event.target) if r is not None and r.country)


def _actor_ids(event: Event) -> set[str]:
    return {r.actor_id for r in (event.source, event.target) if r is not None and r.actor_id}


def placed_entities(doc: Any) -> list[tuple[int, int, str]]:
    """The place entities (GPE, LOC, FAC) of a parsed document that follow in/at/near (or
    "in the"), as (start, end, text) in text order: read once per document, not per event."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        i = ent.start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i >= 0 and doc[i].lower_ in PREPOSITIONS:
            found.append((ent.start_char, ent.end_char, ent.text))
    return found


def _sentence_place(ctx: Any, event: Event, gazetteer: Gazetteer,
                    placed: list[tuple[int, int, str]] | None = None) -> str | None:
    """The name of a place the event's sentence puts it in/at/near, or None."""
    lo, hi = event.evidence.start, event.evidence.end
    doc = getattr(ctx, "doc", None)
    if doc is not None:
        for start, end, text in placed_entities(doc) if placed is None else placed:
            if start < lo or end > hi:
                continue
            hit = ctx.actor_at(start, end) if hasattr(ctx, "actor_at") else None
            if hit and hit[2].id in _actor_ids(event):
                continue
            return text
    for m in _CAPITALISED.finditer(event.evidence.text):
        words = m.group(1).split()
        while words and gazetteer.lookup(" ".join(words)) is None:  # longest known prefix
            words.pop()
        if words:
            return " ".join(words)
    return None


def _dateline(ctx: Any) -> str | None:
    dateline = getattr(ctx.document, "dateline", None)
    if not dateline:
        return None
    return re.split(r"[,(\u2013\u2014-]", dateline, maxsplit=1)[0].strip() or None


#: How long before publication an event may have happened and still be the dateline's news.
NEWS_DAYS = 31
_DATE_VALUE = re.compile(r"(\d{2,4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _date_end(value: str, precision: str | None = None) -> dt.date | None:
    """The last day a date value can mean ("1953" -> 1953-12-31, "1997-11" -> 1997-11-30,
    "198" or "1980" at decade precision (the 1980s) -> 1989-12-31, "1979/1981" -> 1981-12-31);
    None for other forms."""
    m = _DATE_VALUE.match(value.split("/")[-1].strip())
    if not m:
        return None
    digits, month, day = m.groups()
    year = {4: int(digits), 3: int(digits) * 10 + 9, 2: int(digits) * 100 + 99}[len(digits)]
    if len(digits) == 4 and not month:
        year += {"decade": 9, "century": 99}.get(precision or "", 0)
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            first_next = dt.date(year + int(month) // 12, int(month) % 12 + 1, 1)
            return first_next - dt.timedelta(days=1)
        return dt.date(year, 12, 31)
    except ValueError:
        return None


def news_day(published: str | None, events: list[Event]) -> dt.date | None:
    """The day the news is of: the publication date, else (not given) the latest day any of the
    events' dates can mean, the nearest the document comes to saying when it was written."""
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            pass
    ends = [end for e in events
            if e.date is not None and e.date.value and (end := _date_end(e.date.value, e.date.precision))]
    return max(ends) if ends else None


def is_news(event: Event, day: dt.date | None) -> bool:
    """Whether the event may be the news the dateline reports (`day`, see `news_day`): dated by
    the publication, undated, or dated no more than `NEWS_DAYS` before that day."""
    date = event.date
    if date is None or not date.value or date.basis == "publication" or day is None:
        return True
    end = _date_end(date.value, date.precision)
    return end is None or end >= day - dt.timedelta(days=NEWS_DAYS)


def place_of_event(ctx: Any, event: Event, gazetteer: Gazetteer,
                   placed: list[tuple[int, int, str]] | None = None, day: dt.date | None = None) -> Location | None:
    """The event's location: its sentence's place, else the dateline, resolved where possible.
    `placed` is the document's `placed_entities`, when the caller has read them already; `day`
    its `news_day` (None: every event may take the dateline)."""
    current = event.location
    candidates: list[tuple[str, str]] = []
    if current is not None and current.name:
        candidates.append((current.name, current.basis or "sentence"))
    else:
        found = _sentence_place(ctx, event, gazetteer, placed)
        if found:
            candidates.append((found, "sentence"))
    dateline = _dateline(ctx)
    if dateline and is_news(event, day):
        candidates.append((dateline, "dateline"))
    if not candidates:
        return current
    for name, basis in candidates:
        # the actors' countries help choose among cities named in the sentence; the dateline is
        # where the reporter was, so it is read on its own
        place = gazetteer.lookup(name, _hints(event) if basis == "sentence" else ())
        if place is not None:
            shown = place.name if basis == "dateline" and name.isupper() else name.removeprefix("the ").strip()
            country = place.country or (current.country if current else None)
            return Location(name=shown, country=country, lat=place.lat, lon=place.lon, basis=basis)
    if current is not None and current.name:  # an unknown name from the sentence is still the place
        return current.model_copy(update={"basis": current.basis or "sentence"})
    name, basis = candidates[0]
    return Location(name=name, basis=basis)


@components.register("places")
def make_places(settings: Settings) -> Callable[[Any], None]:
    """Component: locate every event (sentence place, else dateline) with the offline gazetteer."""

    def places_component(ctx: Any) -> None:
        if not ctx.events:
            return
        try:
            gazetteer = load_gazetteer()
        except ParleyError as exc:
            ctx.errors.append(exc.entry(stage="places"))
            return
        doc = getattr(ctx, "doc", None)
        placed = placed_entities(doc) if doc is not None else None
        day = news_day(getattr(ctx.document, "published", None), ctx.events)
        located = []
        for event in ctx.events:
            location = place_of_event(ctx, event, gazetteer, placed, day)
            # an event whose location stays the very same object needs no copy
            located.append(event if location is event.location else event.model_copy(update={"location": location}))
        ctx.events = located

    return places_component
