"""The actor knowledge base: entries from the JSONL data files, indexed by alias, key and role.

Entries are states, organisations, groups and persons (see README.md for the format). The base
data ships in `data/`; a user's actors file is merged over it. Indexes are built once per process.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from .. import diskcache
from ..document import ErrorEntry
from ..errors import E
from ..ids import slug
from .translit import fold, phonetic_key, skeleton
from .userfiles import file_format, iter_rows

TYPES = ("state", "person", "organisation", "group")
#: Sectors whose country+sector collectives are institutions rather than crowds.
_INSTITUTION_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "IGO", "MED", "BUS", "PTY", "NGO"}
_TOKEN = re.compile(r"[^\W_]+|\+")
#: Data files loaded in this order; entries with the same id are merged (later extends earlier).
BASE_FILES = ("states.jsonl", "countries.jsonl", "nationalities.jsonl", "igos.jsonl", "organisations.jsonl",
              "groups.jsonl", "seats.jsonl", "persons.jsonl", "persons_g20.jsonl",
              "persons_mideast.jsonl", "persons_ministers.jsonl", "persons_heads.jsonl",
              "persons_ministers_hist.jsonl", "parties.jsonl", "persons_politicians.jsonl")
GENDERS = ("f", "m")


@dataclass(frozen=True)
class Role:
    """An office held from `start` (inclusive) to `end` (exclusive; None: still held)."""

    title: str
    country: str | None
    sector: str | None
    start: str | None = None
    end: str | None = None
    #: explicit CAMEO code while this role is held (e.g. from a PETRARCH dictionary), output unchanged
    code: str | None = None

    def active(self, on_date: str) -> bool:
        """Whether the role was held on the ISO date `on_date`."""
        return (self.start or "0000") <= on_date and (self.end is None or on_date < self.end)


@dataclass(frozen=True)
class Entry:
    """One actor of the knowledge base."""

    id: str
    name: str
    type: str = "organisation"
    country: str | None = None
    sectors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    demonyms: tuple[str, ...] = ()
    plurals: tuple[str, ...] = ()
    capital: tuple[str, ...] = field(default=(), compare=False)
    #: explicit CAMEO code ('ABCGOV', 'ARN'), output unchanged instead of country+sector
    code: str | None = None
    #: a person's gender, 'f' or 'm' (None: not given), so that coreference can match she/he
    gender: str | None = None

    def role_on(self, on_date: str | None) -> Role | None:
        """The role held on `on_date` (the latest-starting one if several), else None."""
        if not on_date:
            return None
        held = [r for r in self.roles if r.active(on_date)]
        return max(held, key=lambda r: r.start or "") if held else None

    def affiliation(self, on_date: str | None = None) -> tuple[str | None, tuple[str, ...]]:
        """(country, sectors) on a date: a person's from the role held then.

        A person with no role on that date is coded with the country of their latest earlier role
        and sector ELI (former elite, as CAMEO does); with no date, their first (main) role counts.
        """
        if self.type != "person" or not self.roles:
            return self.country, self.sectors
        if not on_date:
            main = self.roles[0]
            return main.country, (main.sector,) if main.sector else ()
        role = self.role_on(on_date)
        if role:
            return role.country, (role.sector,) if role.sector else ()
        earlier = [r for r in self.roles if r.end and r.end <= on_date]
        if earlier:
            return max(earlier, key=lambda r: r.end or "").country, ("ELI",)
        return self.roles[0].country, ()

    def code_on(self, on_date: str | None = None) -> str | None:
        """The actor's CAMEO code on a date: an explicit role or entry `code`, else country+sector."""
        if self.type == "person" and self.roles:
            role = self.role_on(on_date) if on_date else self.roles[0]
            if role is not None and role.code:
                return role.code
            if role is not None or not self.code:
                country, sectors = self.affiliation(on_date)
                return actor_code(country, sectors)
        if self.code:
            return self.code
        return actor_code(*self.affiliation(on_date))


@dataclass(frozen=True)
class Match:
    """The result of looking a name up: the entry (None if unresolved), how, and the evidence."""

    entry: Entry | None
    method: str
    cleaned: str
    alias: str | None = None
    key: str | None = None
    score: float | None = None
    ambiguous: bool = False


def actor_code(country: str | None, sectors: Iterable[str]) -> str | None:
    """CAMEO-style code: country + first sector (IRNGOV), IGO + body (IGOUNO), or the country alone."""
    first = next(iter(sectors), None)
    if first == "IGO" and country:
        return "IGO" + country
    if country:
        return country + (first or "")
    return first


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v)  # type: ignore[union-attr]


def entry_from_dict(row: dict[str, object]) -> Entry:
    """An Entry from one parsed JSONL row; ValueError says what is wrong."""
    if not isinstance(row, dict):
        raise ValueError("each line must be a JSON object")
    ident, name = row.get("id"), row.get("name")
    if not ident or not isinstance(ident, str):
        raise ValueError("'id' is missing or not a string")
    if not name or not isinstance(name, str):
        raise ValueError("'name' is missing or not a string")
    kind = row.get("type") or "organisation"
    if kind not in TYPES:
        raise ValueError(f"'type' must be one of {', '.join(TYPES)}, not {kind!r}")
    roles = []
    for raw in row.get("roles") or []:  # type: ignore[union-attr]
        if not isinstance(raw, dict) or not raw.get("title"):
            raise ValueError("each role needs a 'title'")
        for key in ("start", "end"):
            if raw.get(key) is not None and not _ISO.match(str(raw[key])):
                raise ValueError(f"role '{key}' must be an ISO date YYYY-MM-DD, not {raw[key]!r}")
        roles.append(Role(title=str(raw["title"]), country=raw.get("country") or row.get("country"),
                          sector=raw.get("sector"), start=_date(raw.get("start")), end=_date(raw.get("end")),
                          code=_code(raw.get("code"))))
    gender = row.get("gender") or None
    if gender is not None and gender not in GENDERS:
        raise ValueError(f"'gender' must be one of {', '.join(GENDERS)}, not {gender!r}")
    capital = _tuple(row.get("capital")) + _tuple(row.get("capital_aliases"))
    return Entry(id=ident, name=name, type=str(kind), country=row.get("country") or None,  # type: ignore[arg-type]
                 sectors=_tuple(row.get("sectors")), aliases=_tuple(row.get("aliases")),
                 roles=tuple(roles), demonyms=_tuple(row.get("demonyms")),
                 plurals=_tuple(row.get("plurals")), capital=capital, code=_code(row.get("code")),
                 gender=gender)  # type: ignore[arg-type]


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CODE = re.compile(r"^[A-Z0-9]{3,15}$")


def _date(value: object) -> str | None:
    """An ISO date string; a year or year-month is widened to its first day."""
    if value is None or value == "":
        return None
    text = str(value)
    return text + "-01-01" if len(text) == 4 else text + "-01" if len(text) == 7 else text


def _code(value: object) -> str | None:
    """An explicit CAMEO code: 3-15 capitals or digits; ValueError otherwise."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(f"'code' must be 3-15 capital letters or digits (e.g. IRNGOV), not {value!r}")
    return value


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def merge(old: Entry, new: Entry, explicit: set[str]) -> Entry:
    """`new` laid over `old`: named fields replace, list fields are joined."""
    return replace(
        old,
        name=new.name,
        type=new.type if "type" in explicit else old.type,
        country=new.country if "country" in explicit else old.country,
        sectors=new.sectors if "sectors" in explicit and new.sectors else old.sectors,
        aliases=_union(old.aliases, new.aliases),
        roles=old.roles + tuple(r for r in new.roles if r not in old.roles),
        demonyms=_union(old.demonyms, new.demonyms),
        plurals=_union(old.plurals, new.plurals),
        capital=_union(old.capital, new.capital),
        code=new.code if "code" in explicit else old.code,
        gender=new.gender if "gender" in explicit else old.gender,
    )


def read_entries(lines: Iterable[str], path: str) -> Iterator[tuple[Entry, set[str]] | ErrorEntry]:
    """Parse JSONL actor lines: (entry, fields given) per good line, an error entry per bad one."""
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield E.E101.entry(stage="actors", path=path, line=number, reason=exc.msg)
            continue
        try:
            yield entry_from_dict(row), set(row)
        except ValueError as exc:
            yield E.E102.entry(stage="actors", path=path, line=number, reason=str(exc))


def _data_lines(name: str) -> list[str]:
    return resources.files("parley.actors").joinpath("data", name).read_text("utf-8").splitlines()


def _table(name: str) -> list[list[str]]:
    """Rows of a tab-separated or one-per-line data file, comments skipped."""
    return [line.split("\t") for line in _data_lines(name)
            if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def _head_roles() -> frozenset[str]:
    """Role titles of heads of state or government, from data/head_roles.txt."""
    return frozenset(row[0].strip() for row in _table("head_roles.txt"))


@functools.lru_cache(maxsize=1)
def _honorifics() -> dict[str, tuple[str | None, str]]:
    """Folded title -> (gender it implies or None, 'given' or 'surname'), from data/honorifics.tsv."""
    out = {}
    for row in _table("honorifics.tsv"):
        cells = [c.strip() for c in row] + ["", ""]
        out[" ".join(token_key(cells[0]))] = (cells[1] or None, cells[2] or "surname")
    return out


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of a text as (surface, start, end): letters/digits runs and '+'."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def token_key(text: str) -> tuple[str, ...]:
    """The folded token sequence that the alias trie is keyed on."""
    return tuple(fold(t) for t, _, _ in tokens(text))


@dataclass
class Lexicon:
    """Word lists beside the entries: agents, sector labels, titles and function words."""

    agents: dict[tuple[str, ...], str]
    sector_labels: dict[str, str]
    titles: set[tuple[str, ...]]
    stopwords: set[str]
    #: role phrase -> [(country or '*', role title)]: "leader" in Iran is the Supreme Leader
    role_phrases: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    #: abbreviations written with a full stop in titles ("gen", "mr"): a '.' after them ends no sentence
    abbreviations: set[str] = field(default_factory=set)
    #: capitalised modifiers allowed between a demonym and its agent noun ("Iraqi Shia militias")
    modifiers: set[str] = field(default_factory=set)
    #: word -> kinds (place_prep, open_prep, place_word, place_verb, gov_word) for reading capitals
    capital_context: dict[str, set[str]] = field(default_factory=dict)
    #: capitalised words that never extend a name (weekdays, months)
    calendar: set[str] = field(default_factory=set)
    #: country names that are also a sub-national region ("georgia": "US state")
    homonyms: dict[str, str] = field(default_factory=dict)
    #: folded aliases that are also everyday words or parts of other names ("house"): weak_aliases.txt
    weak_aliases: set[str] = field(default_factory=set)

    def with_agents(self, extra: dict[tuple[str, ...], str]) -> Lexicon:
        """A copy whose agent table has `extra` (a user's rows) laid over the shipped one."""
        return replace(self, agents={**self.agents, **extra}) if extra else self

    @functools.cached_property
    def titles_flat(self) -> set[str]:
        """Titles as folded strings ('lt gen')."""
        return {" ".join(t) for t in self.titles}

    @classmethod
    def load(cls) -> Lexicon:
        """Read the lexicon data files shipped with the package."""
        agents = {token_key(row[0]): row[1].strip() for row in _table("agents.tsv") if len(row) > 1}
        labels = {row[0]: row[1].strip() for row in _table("sectors.tsv") if len(row) > 1}
        titles = {token_key(row[0]) for row in _table("titles.txt")}
        stop = {row[0].strip().lower() for row in _table("stopwords.txt")}
        phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for row in _table("role_phrases.tsv"):
            if len(row) >= 3:
                phrases.setdefault(token_key(row[0]), []).append((row[1].strip(), row[2].strip()))
        abbreviations = {fold(word) for row in _table("titles.txt")
                         for word in re.findall(r"([^\W\d_]+)\.", row[0])}
        context: dict[str, set[str]] = {}
        for row in _table("capital_context.tsv"):
            if len(row) > 1:
                context.setdefault(row[0].strip().lower(), set()).add(row[1].strip())
        return cls(agents=agents, sector_labels=labels, titles={t for t in titles if t},
                   stopwords=stop, role_phrases=phrases, abbreviations=abbreviations,
                   modifiers={fold(row[0]) for row in _table("modifiers.txt")},
                   capital_context=context,
                   calendar={fold(row[0]) for row in _table("calendar.txt")},
                   homonyms={fold(row[0]): row[1].strip() for row in _table("homonyms.tsv") if len(row) > 1},
                   weak_aliases={" ".join(token_key(row[0])) for row in _table("weak_aliases.txt")})


class KnowledgeBase:
    """Actor entries with alias, phonetic, demonym and role indexes for lookup and matching."""

    def __init__(self, entries: Iterable[Entry], fuzzy_threshold: float = 88.0,
                 lexicon: Lexicon | None = None) -> None:
        self.fuzzy_threshold = fuzzy_threshold
        self.lexicon = lexicon or Lexicon.load()
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            self.entries[entry.id] = entry
        self._add_capital_groups()
        self.by_alias: dict[str, list[str]] = {}
        self.by_key: dict[str, list[str]] = {}
        self.by_skeleton: dict[str, list[str]] = {}
        self.demonyms: dict[str, str] = {}
        self.plurals: dict[str, str] = {}
        #: token-tuple -> [(kind, id, alias)] for dictionary matching in text
        self.surface: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        self.roles: dict[str, list[tuple[str, Role]]] = {}
        #: folded capitals: as metonyms they name a government, but "in Tehran" is a place
        self.capitals = {fold(c) for e in self.entries.values() for c in e.capital}
        for entry in self.entries.values():
            self._index(entry)
        self._fold_choices = list(self.by_alias)
        self._key_choices = list(self.by_key)
        #: fuzzy searches done, by (folded name, key): names recur across a corpus, the KB does not change
        self._fuzzy_hits: dict[tuple[str, str], tuple[float, str, str, list[str]] | None] = {}
        self.max_alias_tokens = max((len(k) for k in self.surface), default=1)

    # -- building ---------------------------------------------------------------------------
    def _add_capital_groups(self) -> None:
        for entry in list(self.entries.values()):
            if entry.type != "state" or not entry.capital:
                continue
            gid = f"{entry.id}GOV"
            group = self.entries.get(gid) or self.group_entry(entry.id, "GOV")
            self.entries[gid] = replace(group, aliases=_union(group.aliases, entry.capital))

    def _index(self, entry: Entry) -> None:
        names = (entry.name, *entry.aliases)
        for name in names:
            folded = fold(name.removeprefix("the ").removeprefix("The "))
            if not folded:
                continue
            self.by_alias.setdefault(folded, []).append(entry.id)
            self.by_key.setdefault(phonetic_key(folded), []).append(entry.id)
            self.by_skeleton.setdefault(skeleton(folded), []).append(entry.id)
            self._add_surface(name, "entry", entry.id)
        for word in entry.demonyms:
            self.demonyms.setdefault(fold(word), entry.id)
            self._add_surface(word, "demonym", entry.id)
        for word in entry.plurals:
            self.plurals.setdefault(fold(word), entry.id)
            self._add_surface(word, "plural", entry.id)
        for role in entry.roles:
            self.roles.setdefault(fold(role.title), []).append((entry.id, role))

    def _add_surface(self, name: str, kind: str, ident: str) -> None:
        key = token_key(name)
        if key and key[0] == "the" and len(key) > 1:
            key = key[1:]
            name = name[4:]
        if not key:
            return
        bucket = self.surface.setdefault(key, [])
        if (kind, ident, name) not in bucket:
            bucket.append((kind, ident, name))

    # -- look-ups ---------------------------------------------------------------------------
    def get(self, ident: str) -> Entry | None:
        """The entry with this id, if any."""
        return self.entries.get(ident)

    def choose(self, ids: Iterable[str], on_date: str | None = None) -> Entry | None:
        """Of entries sharing a name, the one holding a role on `on_date`, else the first listed."""
        found = [self.entries[i] for i in dict.fromkeys(ids) if i in self.entries]
        if not found:
            return None
        if on_date:
            active = [e for e in found if e.role_on(on_date)]
            if active:
                return active[0]
        if len({e.type for e in found}) > 1 or len(found) == 1:
            return found[0]
        if found[0].type == "organisation" and len({e.country for e in found}) > 1:
            return None  # one name for bodies of several countries ("Labor Party"): ambiguous
        persons = [e for e in found if e.type == "person"]
        if len(persons) > 1 and on_date:
            # none held office then: the one who led a state is meant, else the name is ambiguous
            heads = [e for e in persons if any(r.title in _head_roles() for r in e.roles)]
            return heads[0] if len(heads) == 1 else None
        return found[0]

    def strip_titles(self, name: str) -> str:
        """The name without leading titles and honorifics ('Ayatollah Seiyed Ali Khamenei' -> 'Ali Khamenei')."""
        toks = tokens(name)
        i = 0
        while i < len(toks):
            for size in (3, 2, 1):
                if tuple(fold(t) for t, _, _ in toks[i:i + size]) in self.lexicon.titles and \
                        i + size < len(toks):
                    i += size
                    break
            else:
                break
        return name[toks[i][1]:] if 0 < i < len(toks) else name

    def clean_name(self, name: str) -> str:
        """A name as written, without a leading 'the', a possessive 's or titles."""
        name = re.sub(r"[\u2019']s?$", "", name.strip()).strip(" .,;:")
        name = re.sub(r"^(?:the|The)\s+", "", name)
        return self.strip_titles(name)

    def lookup(self, name: str, on_date: str | None = None, fuzzy: bool = True) -> Entry | None:
        """The entry a name refers to: exact alias, then romanisation key, then fuzzy score."""
        return self.match(name, on_date, fuzzy).entry

    def match(self, name: str, on_date: str | None = None, fuzzy: bool = True) -> Match:
        """How a name resolves: the entry (or None), the method and its evidence (alias, key, score)."""
        cleaned = self.clean_name(name)
        folded = fold(cleaned)
        stripped = fold(cleaned) != fold(re.sub(r"^(?:the|The)\s+", "", name.strip()).rstrip(" .,;:"))
        if not folded:
            return Match(None, "empty", cleaned)
        if folded in self.by_alias:
            entry = self.choose(self.by_alias[folded], on_date)
            return Match(entry, "title stripped" if stripped else "exact alias", cleaned, alias=folded,
                         score=100.0, ambiguous=entry is None)
        key = phonetic_key(folded)
        if key in self.by_key and len(key.replace(" ", "")) >= 4:
            entry = self.choose(self.by_key[key], on_date)
            return Match(entry, "romanisation key", cleaned, key=key, score=100.0, ambiguous=entry is None)
        if folded in self.demonyms:
            return Match(None, "demonym alone names no actor", cleaned)
        if not fuzzy or len(key.replace(" ", "")) < 6:
            return Match(None, "no match", cleaned, key=key)
        return self._fuzzy(cleaned, folded, key, on_date)

    def _fuzzy_hit(self, folded: str, key: str) -> tuple[float, str, str, list[str]] | None:
        """The best fuzzy alias or romanisation-key hit over the threshold: (score, alias, how, ids)."""
        if (folded, key) in self._fuzzy_hits:
            return self._fuzzy_hits[folded, key]
        threshold = self.fuzzy_threshold
        best: tuple[float, str, str, list[str]] | None = None
        for query, choices, index, how in ((folded, self._fold_choices, self.by_alias, "fuzzy name"),
                                           (key, self._key_choices, self.by_key, "fuzzy romanisation key")):
            hit = _extract_one(query, self._length_buckets(how, choices), threshold)
            if hit and self._surnames_agree(query, hit[0]) and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[0], how, index[hit[0]])
        if len(self._fuzzy_hits) >= 100_000:
            self._fuzzy_hits.clear()
        self._fuzzy_hits[folded, key] = best
        return best

    def _length_buckets(self, name: str, choices: list[str]) -> dict[int, tuple[list[str], list[int]]]:
        """One list of fuzzy choices grouped by length, made on first use (a KB read from the
        disk cache may predate it; the choices never change once the KB is built)."""
        made = self.__dict__.setdefault("_buckets", {})
        if name not in made:
            made[name] = _group_by_length(choices)
        return made[name]

    def _fuzzy(self, cleaned: str, folded: str, key: str, on_date: str | None) -> Match:
        threshold = self.fuzzy_threshold
        best = self._fuzzy_hit(folded, key)
        if best is not None:
            entry = self.choose(best[3], on_date)
            return Match(entry, best[2], cleaned, alias=best[1], key=key, score=round(best[0], 1),
                         ambiguous=entry is None)
        skel = skeleton(folded)
        if len(skel.replace(" ", "")) >= 4 and skel in self.by_skeleton:
            for ident in self.by_skeleton[skel]:
                entry = self.entries[ident]
                for alias in (entry.name, *entry.aliases):
                    other = phonetic_key(alias)
                    score = fuzz.ratio(key, other)
                    if skeleton(alias) == skel and score >= threshold \
                            and self._surnames_agree(key, other, threshold):
                        return Match(self.choose([ident], on_date), "consonant skeleton", cleaned,
                                     alias=fold(alias), key=key, score=round(score, 1))
        return Match(None, f"no match at or above the fuzzy threshold {threshold:g}", cleaned, key=key)

    def _surnames_agree(self, a: str, b: str, threshold: float | None = None) -> bool:
        """Guard for multi-word names: the last words must match on their own too."""
        last_a, last_b = a.split()[-1], b.split()[-1]
        if last_a == last_b:
            return True
        score = max(fuzz.ratio(last_a, last_b), fuzz.ratio(phonetic_key(last_a), phonetic_key(last_b)))
        return score >= (threshold or self.fuzzy_threshold) and len(last_a) >= 4

    def holder(self, title: str, country: str | None, on_date: str | None) -> Entry | None:
        """Who held `title` (e.g. 'President') in `country` on `on_date`; None if unknown or unclear."""
        if not on_date:
            return None
        holders = [(ident, role) for ident, role in self.roles.get(fold(title), [])
                   if role.active(on_date) and (country is None or role.country == country)]
        if country is None and len({role.country for _, role in holders}) > 1:
            return None
        if not holders:
            return None
        ident, _ = max(holders, key=lambda h: h[1].start or "")
        return self.entries[ident]

    def is_role_title(self, title: str) -> bool:
        """Whether some entry has held a role of this title, or a role phrase names one."""
        return fold(title) in self.roles or tuple(fold(title).split()) in self.lexicon.role_phrases

    def office_holder(self, phrase: str, country: str | None, on_date: str | None) -> Entry | None:
        """Who a role phrase ('leader', 'leader of the Islamic Revolution', 'president') names on a
        date, in `country` (None: the phrase's own country, or the only holder anywhere)."""
        if not on_date:
            return None
        titles: list[tuple[str | None, str]] = []
        for where, title in self.lexicon.role_phrases.get(tuple(fold(phrase).split()), []):
            if where == "*":
                titles.append((country, title))
            elif country is None or where == country:
                titles.append((where, title))
        titles.append((country, phrase))
        for where, title in titles:
            found = self.holder(title, where, on_date)
            if found is not None:
                return found
        return None

    @functools.cached_property
    def person_words(self) -> dict[str, tuple[tuple[str, bool, bool], ...]]:
        """Folded name word -> (person id, is the given name, is the surname) for every person's
        name and aliases with titles stripped; built on first use (for 'King Faisal', 'Mrs Meir')."""
        index: dict[str, dict[str, tuple[bool, bool]]] = {}
        for entry in self.entries.values():
            if entry.type != "person":
                continue
            main = token_key(self.strip_titles(entry.name))
            for name in (entry.name, *entry.aliases):
                words = [w for w in token_key(self.strip_titles(name)) if not w.isdigit()]
                if len(words) < 2 or (name != entry.name and main and words[0] == main[-1]):
                    continue  # one word (surname or given name?) or surname first ('Khamenei Ali')
                for n, word in enumerate(words):
                    given, last = index.setdefault(word, {}).get(entry.id, (False, False))
                    index[word][entry.id] = (given or n == 0, last or n == len(words) - 1)
        return {word: tuple((ident, g, s) for ident, (g, s) in ids.items()) for word, ids in index.items()}

    def titled_person(self, title: str, name: str, on_date: str | None) -> Entry | None:
        """The one person a title and a single name mean on a date ('King Faisal' in 1973 is Faisal
        of Saudi Arabia, in 1955 Faisal II of Iraq; 'Mrs Meir' in 1973 is Golda Meir); None when no
        or several persons fit. A role title ('King', 'President') needs that role on the date, an
        honorific listed in data/honorifics.tsv ('Mrs') any role; that file says which titles go with a
        given name and which imply a gender. Other titles ('General', 'Minister') resolve nobody."""
        if not on_date:
            return None
        ftitle, word = fold(title), fold(name)
        office = ftitle in self.roles
        if not office and ftitle not in _honorifics():
            return None  # "General Motors", "Minister Ali": no office of that title, no honorific
        gender, part = _honorifics().get(ftitle, (None, "surname"))
        found = set()
        for ident, given, surname in self.person_words.get(word, ()):
            entry = self.entries[ident]
            if not (given if part == "given" else surname) or (gender and entry.gender not in (None, gender)):
                continue
            roles = [r for r in entry.roles if r.active(on_date)]
            if office:
                roles = [r for r in roles if fold(r.title) == ftitle or fold(r.title).startswith(ftitle + " ")]
            if roles:
                found.add(ident)
        return self.entries[found.pop()] if len(found) == 1 else None

    def agent_sector(self, words: Iterable[str]) -> str | None:
        """The sector code of an agent noun or phrase ('officials' -> GOV), if it is one."""
        return self.lexicon.agents.get(tuple(fold(w) for w in words))

    def group_entry(self, country: str, sector: str) -> Entry:
        """The collective actor of a country and sector ('Iranian students' -> IRNEDU).

        A user's agent code may be longer than a sector ('GOVFRM' -> ARNGOVFRM) or a prefix
        ('NGO~' -> NGOARN), and a state with an explicit code (a PETRARCH file coding Kuwait KUW)
        lends it to its collectives (KUWGOV).
        """
        prefix = sector.endswith("~")
        sector = sector.rstrip("~")
        ident = f"{sector}{country}" if prefix else f"{country}{sector}"
        if ident in self.entries:
            return self.entries[ident]
        state = self.entries.get(country)
        label = self.lexicon.sector_labels.get(sector[:3], sector[:3].lower())
        owner = state.demonyms[0] if state and state.demonyms else (state.name if state else country)
        kind = "organisation" if sector[:3] in _INSTITUTION_SECTORS else "group"
        base = (state.code if state is not None else None) or country
        code = f"{sector}{base}" if prefix else f"{base}{sector}"
        if state is not None and state.type != "state":  # a people without a state: "Kurdish militants"
            return Entry(id=code, name=f"{owner} {label}", type="group", country=None,
                         sectors=(sector,), code=code)
        explicit = code if (prefix or base != country or len(sector) != 3) else None
        return Entry(id=ident, name=f"{owner} {label}", type=kind, country=country, sectors=(sector,),
                     code=explicit)


def load_entries(path: str | Path, errors: list[ErrorEntry] | None = None,
                 known: Callable[[str, str | None], str | None] | None = None) -> list[tuple[Entry, set[str]]]:
    """Entries of a user's actors file (JSONL, YAML or CSV); problems are appended to `errors`, never raised.

    YAML and CSV rows may leave out `id`: `known(name, type)` then names the existing entry they
    extend (so a row can override a shipped actor by name), else a state row takes its country code
    and any other row the slug of its name.
    """
    path = Path(path)
    errors = errors if errors is not None else []
    if not path.is_file():
        errors.append(E.E100.entry(stage="actors", path=str(path)))
        return []
    kind = file_format(path)
    if kind is None:
        errors.append(E.E106.entry(stage="actors", path=str(path), suffix=path.suffix or "(none)"))
        return []
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(E.E103.entry(stage="actors", path=str(path), reason=str(exc)[:200]))
        return []
    good: list[tuple[Entry, set[str]]] = []
    if kind == "jsonl":
        for item in read_entries(text.splitlines(), str(path)):
            if isinstance(item, ErrorEntry):
                errors.append(item)
            else:
                good.append(item)
        return good
    bad = E.E104 if kind == "yaml" else E.E105
    for number, row in iter_rows(path, text, errors):
        if isinstance(row, dict) and not row.get("id") and isinstance(row.get("name"), str):
            row = {**row, "id": _default_id(row, known)}
        try:
            good.append((entry_from_dict(row), set(row)))
        except ValueError as exc:
            where = f"item {number}" if kind == "yaml" else number
            errors.append(bad.entry(stage="actors", path=str(path), line=where, reason=str(exc))
                          if kind == "csv" else
                          E.E102.entry(stage="actors", path=str(path), line=where, reason=str(exc)))
    return good


def _default_id(row: dict[str, Any], known: Callable[[str, str | None], str | None] | None) -> str:
    name, kind = str(row["name"]), row.get("type")
    found = known(name, kind if isinstance(kind, str) else None) if known else None
    if found:
        return found
    if kind == "state" and isinstance(row.get("country"), str):
        return str(row["country"])
    return slug(name)


def _merged(items: Iterable[tuple[Entry, set[str]]], into: dict[str, Entry]) -> None:
    for entry, given in items:
        into[entry.id] = merge(into[entry.id], entry, given) if entry.id in into else entry


@functools.lru_cache(maxsize=1)
def _base_items() -> tuple[tuple[Entry, frozenset[str]], ...]:
    items: list[tuple[Entry, frozenset[str]]] = []
    for name in BASE_FILES:
        for item in read_entries(_data_lines(name), name):
            if isinstance(item, ErrorEntry):  # shipped data is tested; never silently broken
                raise ValueError(item.message)
            items.append((item[0], frozenset(item[1])))
    return tuple(items)


ActorFiles = str | Path | tuple[str | Path, ...] | list[str | Path] | None


def _as_files(actors_files: ActorFiles) -> tuple[str, ...]:
    if not actors_files:
        return ()
    if isinstance(actors_files, (str, Path)):
        return (str(actors_files),)
    return tuple(str(f) for f in actors_files if f)


def load_kb(actors_files: ActorFiles = None, fuzzy_threshold: float = 88.0,
            agents_files: ActorFiles = None) -> KnowledgeBase:
    """The knowledge base (built once per process), with users' actor files merged over it in order
    and users' agent tables (`noun<TAB>code`, as `parley dict import` writes) over the shipped one."""
    return _cached_kb(_as_files(actors_files), float(fuzzy_threshold), _as_files(agents_files))


@functools.lru_cache(maxsize=8)
def _cached_kb(files: tuple[str, ...], fuzzy_threshold: float, agents: tuple[str, ...] = ()) -> KnowledgeBase:
    """Built once per machine (about a second) and then read from the disk cache (parley.diskcache,
    a few hundredths), keyed by the data files, the code that reads them and the users' files."""
    here = Path(__file__).parent
    sources = [*sorted((here / "data").iterdir()), *sorted(here.glob("*.py")),
               f"threshold:{fuzzy_threshold}", *(f"actors:{f}" for f in files), *map(Path, files),
               *(f"agents:{f}" for f in agents), *map(Path, agents)]
    return diskcache.cached("kb", diskcache.digest(sources), lambda: _build_kb(files, fuzzy_threshold, agents))


def _build_kb(files: tuple[str, ...], fuzzy_threshold: float, agents: tuple[str, ...]) -> KnowledgeBase:
    extra: dict[tuple[str, ...], str] = {}
    for path in agents:
        extra.update(read_agents(path))
    return KnowledgeBase(collect_entries(files, []).values(), fuzzy_threshold, _lexicon().with_agents(extra))


def read_agents(path: str | Path) -> dict[tuple[str, ...], str]:
    """A user's agent table: `noun phrase<TAB>code` lines (code: sector, longer suffix, or prefix ending
    in '~'); comments, malformed rows and an unreadable file are skipped."""
    try:
        lines = Path(path).read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    rows: dict[tuple[str, ...], str] = {}
    for line in lines:
        phrase, _, code = line.partition("\t")
        code = code.strip()
        if line.startswith("#") or not phrase.strip() or not re.fullmatch(r"[A-Z]{3,15}~?", code):
            continue
        rows[token_key(phrase)] = code
    return rows


def load_kb_errors(actors_files: ActorFiles) -> tuple[ErrorEntry, ...]:
    """Problems found in users' actor files (reported once per document that uses them)."""
    return _cached_errors(_as_files(actors_files))


@functools.lru_cache(maxsize=8)
def _cached_errors(files: tuple[str, ...]) -> tuple[ErrorEntry, ...]:
    errors: list[ErrorEntry] = []
    collect_entries(files, errors)
    return tuple(errors)


def _name_finder(entries: dict[str, Entry]) -> Callable[[str, str | None], str | None]:
    """known(name, type): the id of the entry whose name or alias is exactly `name` (same type if given)."""
    index: dict[str, list[Entry]] = {}
    for entry in entries.values():
        for name in (entry.name, *entry.aliases):
            index.setdefault(fold(name), []).append(entry)

    def known(name: str, kind: str | None) -> str | None:
        hits = [e for e in index.get(fold(name), []) if kind is None or e.type == kind]
        return hits[0].id if len({e.id for e in hits}) == 1 else None

    return known


def collect_entries(files: tuple[str, ...], errors: list[ErrorEntry]) -> dict[str, Entry]:
    """The shipped entries with each user file merged over them in turn (problems go to `errors`)."""
    entries: dict[str, Entry] = {}
    _merged(((e, set(g)) for e, g in _base_items()), entries)
    for path in files:
        _merged(load_entries(path, errors, _name_finder(entries)), entries)
    return entries


@functools.lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon.load()


def default_kb() -> KnowledgeBase:
    """The shipped knowledge base with the default fuzzy threshold."""
    return load_kb((), 88.0)


def _group_by_length(choices: list[str]) -> dict[int, tuple[list[str], list[int]]]:
    """The choices grouped by length, each with its position in `choices`."""
    buckets: dict[int, tuple[list[str], list[int]]] = {}
    for position, choice in enumerate(choices):
        strings, positions = buckets.setdefault(len(choice), ([], []))
        strings.append(choice)
        positions.append(position)
    return buckets


def _extract_one(query: str, buckets: dict[int, tuple[list[str], list[int]]], cutoff: float) -> tuple[str, float] | None:
    """What `process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff)` finds (the
    best score, the first such choice), searching only the lengths that can reach the cutoff:
    fuzz.ratio is at most 100 * (1 - |a - b| / (a + b)) for strings of lengths a and b."""
    size, slack = len(query), 1 - cutoff / 100
    best: tuple[float, int, str] | None = None
    for length, (strings, positions) in buckets.items():
        if abs(length - size) > slack * (length + size) + 1e-9:
            continue
        hit = process.extractOne(query, strings, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit and (best is None or (hit[1], -positions[hit[2]]) > (best[0], -best[1])):
            best = (hit[1], positions[hit[2]], hit[0])
    return (best[2], best[0]) if best else None
