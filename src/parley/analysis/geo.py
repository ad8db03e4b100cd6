"""Where events happened: events grouped by place with coordinates, ready for a map.

Coordinates come from the source's `location_lat`/`location_lon` columns where it has them,
else from the offline gazetteer (the same one the `places` component uses); an event known
only by its country is put at that country's label point and marked `precision="country"`.
"""

from __future__ import annotations

from typing import Any

from ..errors import ParleyError
from .frames import _pandas, events
from .source import SourceLike

PLACE_COLUMNS = ("place", "country", "lat", "lon", "precision", "events", "goldstein_mean",
                 "quad1", "quad2", "quad3", "quad4", "documents")


def _value(row: dict[str, Any], key: str) -> Any:
    v = row.get(key)
    return None if v is None or (isinstance(v, float) and v != v) or v == "" else v


def locate(row: dict[str, Any], gazetteer: Any, labels: dict[str, tuple[float, float]]) -> tuple[Any, ...] | None:
    """(place, country, lat, lon, precision) of one event row, or None when it has no place."""
    name, country = _value(row, "location_name"), _value(row, "location_country")
    lat, lon = _value(row, "location_lat"), _value(row, "location_lon")
    if lat is not None and lon is not None:
        return name or country, country, float(lat), float(lon), "place"
    if name and gazetteer is not None:
        place = gazetteer.lookup(name, (country,) if country else ())
        if place is not None:
            country = country or place.country
            if place.lat is not None and place.lon is not None:
                return name, country, place.lat, place.lon, "place"
    if country and country in labels:
        lon, lat = labels[country]
        return name or country, country, lat, lon, "country"
    return None


def event_places(db: SourceLike, **filters: Any) -> Any:
    """A DataFrame with one row per place: coordinates, event count, mean Goldstein, QuadClass counts.

    `frame.attrs["unplaced"]` counts the matching events that have no usable place.
    """
    pd = _pandas()
    frame = events(db, **filters)
    try:
        from ..places.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    except ParleyError:
        gazetteer = None
    try:
        from ..places.outlines import label_points

        labels = label_points()
    except ParleyError:
        labels = {}
    groups: dict[tuple[Any, ...], list[Any]] = {}
    unplaced = 0
    for row in frame.to_dict("records"):
        where = locate(row, gazetteer, labels)
        if where is None:
            unplaced += 1
            continue
        g = groups.setdefault(where, [0, 0.0, 0, 0, 0, 0, 0, set()])
        g[0] += 1
        gold, quad = _value(row, "goldstein"), _value(row, "quad_class")
        if gold is not None:
            g[1] += float(gold)
            g[2] += 1
        if quad is not None and 1 <= int(quad) <= 4:
            g[2 + int(quad)] += 1
        g[7].add(row.get("doc_id"))
    rows = [(*k, v[0], round(v[1] / v[2], 3) if v[2] else None, *v[3:7], len(v[7]))
            for k, v in sorted(groups.items(), key=lambda kv: (-kv[1][0], str(kv[0][0])))]
    out = pd.DataFrame.from_records(rows, columns=list(PLACE_COLUMNS))
    out.attrs.update(unplaced=unplaced, selected=len(frame))
    return out
