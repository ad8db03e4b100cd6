"""The event pattern lexicon: verb and noun patterns as data, merged with a user's file."""

from __future__ import annotations

import csv
import functools
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import diskcache, ontology
from ..errors import E, ParleyError

COLUMNS = ("kind", "lemma", "particle", "object", "code", "flags")
FRAMES = ("speech", "refuse", "threaten", "appeal", "demand", "intent")


@dataclass(frozen=True)
class Pattern:
    """One lexicon row: a verb or event noun, optional particle/preposition and object nouns."""

    kind: str
    lemma: str
    code: str
    particle: str = ""
    objects: frozenset[str] = frozenset()
    modifier: str = ""
    flags: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @functools.cached_property
    def before(self) -> frozenset[str]:
        """Words one of which must come just before the verb (flag before=not|never), else empty."""
        return frozenset(w for w in self.flag("before").replace("_", " ").split("|") if w)

    @property
    def key(self) -> tuple[str, ...] | tuple[str, str, str, str, frozenset[str]]:
        """What identifies a pattern when a user's file overrides the built-in one."""
        if self.before:  # a condition on earlier words makes a different pattern
            return (self.kind, self.modifier, self.lemma, self.particle, self.objects, self.before)
        return (self.kind, self.modifier, self.lemma, self.particle, self.objects)

    @functools.cached_property
    def id(self) -> str:
        """Readable rule id, e.g. 'verb:rule+out/talks|negotiation' (built once: asked per match)."""
        head = f"{self.modifier} {self.lemma}".strip()
        text = f"{self.kind}:{head}"
        if self.particle:
            text += f"+{self.particle}"
        if self.objects:
            text += "/" + "|".join(sorted(self.objects))
        if self.before:
            text = "|".join(sorted(self.before)).replace(" ", "_") + "~" + text
        return text

    @functools.cached_property
    def specificity(self) -> int:
        """How specific the pattern is: objects count more than a particle (worked out once)."""
        compound = any(" " in o for o in self.objects)
        return 2 * bool(self.objects) + bool(self.particle) + bool(self.modifier) + compound + bool(self.before)

    @functools.cached_property
    def object_parts(self) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
        """The object alternatives split once: the one-word ones, and (alternative, head word) of
        those with a modifier ("humanitarian aid")."""
        plain = frozenset(o for o in self.objects if " " not in o)
        compound = tuple((o, o.rpartition(" ")[2]) for o in sorted(self.objects) if " " in o)
        return plain, compound

    @functools.cached_property
    def object_heads(self) -> frozenset[str]:
        """The head word of every object alternative: a word none of these names cannot be an object."""
        return frozenset(o.rpartition(" ")[2] for o in self.objects)

    @functools.cached_property
    def flag_table(self) -> dict[str, str]:
        """The flags as a dict (built once: `flag` is asked for often while coding)."""
        return dict(self.flags)

    def flag(self, name: str, default: str = "") -> str:
        """Value of a flag such as frame=refuse or target=with."""
        return self.flag_table.get(name, default)


def parse_row(row: dict[str, str], where: str = "lexicon", line: int = 0) -> Pattern | None:
    """A Pattern from one TSV row; None for a row that deletes ("-" as code is handled by caller)."""
    kind = (row.get("kind") or "").strip().lower()
    lemma = (row.get("lemma") or "").strip().lower()
    code = ontology.normalise_code(row.get("code") or "")
    if kind not in ("verb", "noun"):
        raise ParleyError(E.E201, path=where, line=line, reason=f"kind must be verb or noun, not {kind!r}")
    if not lemma:
        raise ParleyError(E.E201, path=where, line=line, reason="empty lemma")
    if code != "-" and not ontology.is_valid(code):
        raise ParleyError(E.E201, path=where, line=line, reason=f"unknown CAMEO code {code!r}")
    flags: list[tuple[str, str]] = []
    for item in (row.get("flags") or "").split():
        name, _, value = item.partition("=")
        flags.append((name.strip().lower(), value.strip().lower()))
    frame = dict(flags).get("frame")
    if frame and frame not in FRAMES:
        raise ParleyError(E.E201, path=where, line=line, reason=f"unknown frame {frame!r}")
    modifier, _, head = lemma.rpartition(" ")
    objects = frozenset(o.strip().lower() for o in (row.get("object") or "").split("|") if o.strip())
    return Pattern(kind=kind, lemma=head, modifier=modifier, code=code,
                   particle=(row.get("particle") or "").strip().lower(), objects=objects,
                   flags=tuple(flags))


def read_patterns(lines: Iterable[str], where: str) -> list[Pattern]:
    """Patterns from TSV lines (comment lines start with '#'; the header row is optional)."""
    numbered = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    if numbered and numbered[0][1].split("\t")[0].strip().lower() == "kind":
        numbered = numbered[1:]
    patterns = []
    for number, line in numbered:
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 5:
            raise ParleyError(E.E201, path=where, line=number,
                              reason=f"expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        row = dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)), strict=False))
        patterns.append(parse_row(row, where, number))
    return patterns


def builtin_patterns() -> list[Pattern]:
    """The patterns shipped with Parley (events/lexicon.tsv)."""
    text = resources.files(__package__).joinpath("lexicon.tsv").read_text("utf-8")
    return read_patterns(text.splitlines(), "lexicon.tsv")


#: The seed lexicon converted from the CAMEO 2.0 verb dictionary (see data/SOURCES.md).
SEED_FILE = "cameo2.tsv"
#: Whether the seed lexicon is loaded when nothing says otherwise (see `seed_enabled`).
SEED_DEFAULT = True
_TRUE, _FALSE = {"1", "on", "true", "yes"}, {"0", "off", "false", "no"}


@functools.lru_cache(maxsize=1)
def seed_patterns() -> tuple[Pattern, ...]:
    """The reviewed CAMEO 2.0 patterns shipped in events/data (empty if the file is absent)."""
    source = resources.files(__package__).joinpath("data", SEED_FILE)
    if not source.is_file():
        return ()
    return tuple(read_patterns(source.read_text("utf-8").splitlines(), f"data/{SEED_FILE}"))


def lexicon_key(verbs_file: Path | None, seed: bool) -> str:
    """What a merged lexicon depends on: the data files, the user's file, this module's code and
    the CAMEO code tables that validate its rows (a digest: also keys tables built from it)."""
    here = Path(__file__).parent
    code_tables = sorted(Path(str(resources.files(ontology))).glob("*.tsv"))
    user = [f"user:{verbs_file}", Path(verbs_file)] if verbs_file is not None else ["user:-"]
    return diskcache.digest([f"seed:{seed}", here / "data" / SEED_FILE, here / "lexicon.tsv", *user,
                             Path(__file__), Path(ontology.__file__), *code_tables])


def seed_enabled(extra: Iterable[tuple[str, str]] = ()) -> bool:
    """Whether to load the seed lexicon: settings.extra `seed_lexicon`, else $PARLEY_SEED_LEXICON, else the default."""
    value = dict(extra).get("seed_lexicon") or os.environ.get("PARLEY_SEED_LEXICON") or ""
    value = value.strip().lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    return SEED_DEFAULT


def read_file(path: Path) -> list[Pattern]:
    """Patterns from a user's TSV file; E202 if it cannot be read."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParleyError(E.E202, path=path, reason=str(exc)[:200]) from exc
    return read_patterns(text.splitlines(), str(path))


class Lexicon:
    """Patterns indexed by kind and head lemma."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        merged: dict[tuple, Pattern] = {}
        for pattern in patterns:  # later rows replace earlier ones with the same key
            merged.pop(pattern.key, None)  # and take the later place, which wins ties below
            if pattern.code != "-":
                merged[pattern.key] = pattern
        self.patterns = list(merged.values())
        self._index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for pattern in self.patterns:
            self._index[(pattern.kind, pattern.lemma)].append(pattern)
        # most specific first; among equally specific ones the later (a user's file) wins
        order = {id(p): n for n, p in enumerate(self.patterns)}
        for found in self._index.values():
            found.sort(key=lambda p: (-p.specificity, -order[id(p)]))

    def __len__(self) -> int:
        return len(self.patterns)

    def lookup(self, kind: str, lemma: str) -> list[Pattern]:
        """Patterns for a head lemma, most specific first."""
        return self._index.get((kind, lemma.lower()), [])

    def has(self, lemma: str) -> bool:
        """Whether any verb or noun pattern has this head lemma (a cheap pre-filter)."""
        low = lemma.lower()
        return bool(self._index.get(("verb", low)) or self._index.get(("noun", low)))


@functools.lru_cache(maxsize=8)
def load_lexicon(verbs_file: Path | None = None, seed: bool | None = None) -> Lexicon:
    """The built-in lexicon: the CAMEO 2.0 seed (when `seed`, default `seed_enabled()`) under the
    hand-written lexicon.tsv, with a user's file (settings.verbs_file) merged over both; seeded
    patterns of a word that the user's file or lexicon.tsv covers are left out, so reviewed rows keep control.
    Built once per machine and then read from the disk cache (parley.diskcache), keyed by its sources."""
    if seed is None:
        seed = seed_enabled()
    return diskcache.cached("lexicon", lexicon_key(verbs_file, seed), lambda: _build_lexicon(verbs_file, seed))


def _build_lexicon(verbs_file: Path | None, seed: bool) -> Lexicon:
    """`load_lexicon`'s lexicon made from the TSV files (41,780 seed rows: about a second)."""
    user = read_file(verbs_file) if verbs_file is not None else []
    hand = builtin_patterns()
    taken = {(p.kind, p.lemma) for p in user}  # a user's dictionary takes over the words it covers
    taken |= {(p.kind, p.lemma) for p in hand}  # and so do the hand-written rows: the seed adds new words
    patterns = [p for p in seed_patterns() if (p.kind, p.lemma) not in taken] if seed else []
    return Lexicon(patterns + hand + user)


@dataclass(frozen=True)
class FrameRule:
    frame: str
    inner: str
    code: str
    modality: str


@functools.lru_cache(maxsize=1)
def frame_rules() -> dict[str, list[FrameRule]]:
    """Frame recoding rules (frames.tsv), longest inner prefix first, per frame."""
    text = resources.files(__package__).joinpath("frames.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rules: dict[str, list[FrameRule]] = defaultdict(list)
    for row in csv.DictReader(lines, delimiter="\t"):
        rules[row["frame"]].append(FrameRule(row["frame"], row["inner"], row["code"], row["modality"]))
    for found in rules.values():
        found.sort(key=lambda r: -len(r.inner) if r.inner != "*" else 1)
    return dict(rules)


def recode(frame: str, inner_code: str) -> tuple[str, str]:
    """(code, modality) of an event `inner_code` governed by a frame verb."""
    for rule in frame_rules().get(frame, []):
        if rule.inner == "*" or inner_code.startswith(rule.inner):
            return (inner_code if rule.code == "=" else rule.code), rule.modality
    return inner_code, "asserted"
