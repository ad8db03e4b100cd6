"""Contradictions: one aligned event told with different values of a field by different documents.

Fields compared: `date` (intervals that do not overlap: "1979-1981" against "1997-11"), `place`
(different places, where a country contains its own cities: "Iran" does not clash with "Tehran"),
`source` and `target` (actor countries or codes), and `number:<noun>` (the same counted noun with
different numbers, e.g. 52 against 60 diplomats).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..ids import digest
from .align import compatible_dates, interval
from .models import AlignedEvent, Contradiction, ContradictionValue, Sighting


def _values(event: AlignedEvent, get: Callable[[Sighting], str | None]) -> list[ContradictionValue]:
    out = []
    seen: set[str] = set()
    for s in event.sightings:
        value = get(s)
        if value and s.document not in seen:
            seen.add(s.document)
            out.append(ContradictionValue(document=s.document, value=value, evidence=s.text,
                                          start=s.start, end=s.end))
    return out


def _clash(values: list[ContradictionValue], same: Callable[[str, str], bool]) -> bool:
    return len({v.document for v in values}) > 1 and any(
        not same(a.value, b.value) for i, a in enumerate(values) for b in values[i + 1:])


def _same_date(a: str, b: str) -> bool:
    return compatible_dates(interval(a), interval(b))


def _same_text(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def _place_test(event: AlignedEvent) -> Callable[[str, str], bool]:
    """Whether two place names can name one event's place: the same name, or a country and a place
    inside it ("Iran" and "Tehran"); two places in different countries, or two different places
    below country level, clash."""
    countries = {s.place: s.place_country for s in event.sightings if s.place}

    def same(a: str, b: str) -> bool:
        if _same_text(a, b):
            return True
        ca, cb = countries.get(a), countries.get(b)
        if not ca or ca != cb:
            return False
        return _is_country(a) or _is_country(b)

    return same


def _is_country(name: str) -> bool:
    """Whether a place name names a whole country (so that it contains the country's places)."""
    from ..places.gazetteer import load_gazetteer

    place = load_gazetteer().lookup(name)
    return place is not None and place.kind == "country"


def _same_number(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def contradictions(events: Sequence[AlignedEvent]) -> list[Contradiction]:
    """Every field on which the documents reporting an aligned event disagree."""
    out: list[Contradiction] = []
    for ev in events:
        if len(ev.reported_by) < 2:
            continue
        checks: list[tuple[str, Callable[[Sighting], str | None], Callable[[str, str], bool]]] = [
            ("date", lambda s: s.date, _same_date),
            ("place", lambda s: s.place, _place_test(ev)),
            ("source", lambda s: s.source, _same_text),
            ("target", lambda s: s.target, _same_text),
        ]
        nouns = sorted({n for s in ev.sightings for n in s.numbers})
        for noun in nouns:
            checks.append((f"number:{noun}", lambda s, n=noun: s.numbers.get(n), _same_number))
        for name, get, same in checks:
            values = _values(ev, get)
            if _clash(values, same):
                out.append(Contradiction(id="c-" + digest(ev.id, name, length=12), event=ev.id,
                                         label=ev.label, field=name, values=values))
    return out
