"""PETRARCH verb dictionaries -> rows of Parley's pattern lexicon (events/lexicon.tsv format).

Both layouts are read: PETRARCH-2 / CAMEO 2.0 (`- * (TO &CEASEFIRE) [0356]`) and the older
TABARI style (`- * WITH % [031]`). A block `--- NAME [CODE] ---` lists verbs (`AGREE`,
`SEE {SAW SEEN}`, `+ASK_FOR [020]`) and patterns that apply to every verb of the block; `&SET`
lines define synonym sets (`+WORD` members, which may name other sets). Parley's lexicon keys a
pattern on the verb's lemma, one particle or preposition, one object (alternatives allowed, at
most two words each) and a preferred target preposition, so a PETRARCH pattern is approximated:

* `(PREP NOUN)` -> particle PREP, object NOUN; `(PREP)` or `(PREP +)` -> particle and `target=PREP`;
* a bare word after `*` -> the object (a particle such as OUT/UP -> the particle);
* `{A B}` -> a two-word object (modifier + head); `&SET` -> the set's words as alternatives;
* `+` (target), `^` (skipped word) need nothing; `$` after the verb, `%` (compound actor), a
  second prepositional phrase and longer phrases are dropped, and the pattern is listed as
  approximated.

Words before the verb (`NOT *`, `SAID * TO ATTEND`, `&MILITARY *`, the verb line
`ETHNICALLY_+CLEANSE`) become the flag `before=WORD|WORD` (sets expanded into alternatives, a
phrase joined by `_`, at most two words nearest the verb; actor markers and bracketed phrases
before the verb are dropped and the pattern listed as approximated). A null code `[---]` or a
code missing from Parley's CAMEO table cannot be represented: those are counted and listed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import ontology
from .common import Skipped, Tally, content_lines, word_list, words

_HEADER = re.compile(r"^-{3}\s*(?P<name>.*?)\s*\[(?P<code>[^\]]*)\]\s*-{3}")
_CODE = re.compile(r"\[([^\]]*)\]\s*$")
_TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|[^\s(){}]+")
MARKERS = {"$", "+", "%", "^"}
#: Most alternatives one object may list before the pattern is cut down.
MAX_ALTERNATIVES = 60


@dataclass
class Verb:
    """A verb of a block: its lemma, what follows it in a multi-word verb, and its own code."""

    lemma: str
    rest: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    code: str | None = None
    line: int = 0


@dataclass
class Block:
    """A `--- NAME [CODE] ---` block: its verbs and (line, pattern text, code) patterns."""

    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[tuple[int, str, str]] = field(default_factory=list)
    line: int = 0


@dataclass
class Parsed:
    """A pattern translated into lexicon columns, with the notes of what was dropped."""

    particle: str = ""
    objects: list[str] = field(default_factory=list)
    target: str = ""
    #: further particles the pattern allows (a synonym set of prepositions, '&PREPOSIT1 RESOLUTION')
    alternatives: list[str] = field(default_factory=list)
    #: the particle comes from a phrase of skipped words only ('AT ^'): a later phrase may replace it
    weak: bool = False
    before: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str = ""


def read_verb_file(path: str | Path, tally: Tally) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets and verb blocks of one PETRARCH verb file."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: list[str] | None = None
    block: Block | None = None
    for number, line in content_lines(path):
        text = line.strip()
        header = _HEADER.match(text)
        if header:
            block = Block(header.group("name").strip(), header.group("code").strip(), line=number)
            blocks.append(block)
            current_set = None
            continue
        if text.startswith("~"):
            tally.read += 1
            tally.skipped.append(Skipped(str(path), number, text, "transformation rule (event of an event): "
                                                                "Parley's frames.tsv plays this part"))
            continue
        if text.startswith("&"):
            current_set = synsets.setdefault(_set_name(text.split()[0]), [])
            continue
        if current_set is not None and text.startswith("+"):
            current_set.append(text[1:].split()[0])
            continue
        current_set = None
        if block is None:
            tally.skipped.append(Skipped(str(path), number, text, "line outside any verb block"))
            continue
        if text.startswith("-") or "*" in text:
            found = _CODE.search(text)
            body = _CODE.sub("", text).lstrip("-").strip()
            tally.read += 1
            if not found:
                tally.skipped.append(Skipped(str(path), number, text, "pattern without a [code]"))
                continue
            block.patterns.append((number, body, found.group(1).strip()))
            continue
        verb = _verb_line(text, number)
        if verb:
            block.verbs.append(verb)
    return synsets, blocks


def _set_name(token: str) -> str:
    return token.lstrip("&").rstrip("_").upper()


def _verb_line(text: str, number: int) -> Verb | None:
    """A verb line: 'AGREE', 'SEE {SAW SEEN}', '+ASK_FOR {...} [020]', 'KLM_NOP_+RST'."""
    found = _CODE.search(text)
    head = re.sub(r"\{[^}]*\}", " ", _CODE.sub("", text)).split()
    if not head:
        return None
    parts = [p for p in head[0].split("_") if p]
    if not parts:
        return None
    marked = next((i for i, p in enumerate(parts) if p.startswith("+")), None)
    if marked is None:
        marked = 0
    lemma = parts[marked].lstrip("+").lower()
    return Verb(lemma=lemma, rest=[p.lower() for p in parts[marked + 1:]],
                before=[p.lower() for p in parts[:marked]], code=found.group(1).strip() if found else None,
                line=number)


def expand(token: str, synsets: dict[str, list[str]], seen: frozenset[str] = frozenset()) -> list[str]:
    """The plain phrases a pattern word stands for: '&TREATY' -> ['treaty', 'pact', ...]."""
    if not token.startswith("&"):
        phrase = words(token)
        return [phrase] if phrase else []
    name = _set_name(token)
    if name in seen or name not in synsets:
        return []
    out: list[str] = []
    for member in synsets[name]:
        out.extend(expand(member, synsets, seen | {name}))
    return list(dict.fromkeys(out))


def _phrase(tokens: list[str], synsets: dict[str, list[str]], notes: list[str]) -> list[str]:
    """Object alternatives of a word sequence: each a head noun with at most one modifier."""
    options = [expand(t, synsets) for t in tokens if t not in MARKERS]
    options = [o for o in options if o]
    if not options:
        return []
    combos = itertools.islice(itertools.product(*options), MAX_ALTERNATIVES * 4)
    out: list[str] = []
    for combo in combos:
        split = " ".join(combo).split()
        if len(split) > 2:
            if "phrase longer than two words: last two kept" not in notes:
                notes.append("phrase longer than two words: last two kept")
            split = split[-2:]
        out.append(" ".join(split))
    out = list(dict.fromkeys(out))
    if len(out) > MAX_ALTERNATIVES:
        notes.append(f"more than {MAX_ALTERNATIVES} alternatives: list cut")
        out = out[:MAX_ALTERNATIVES]
    return out


def parse_pattern(body: str, synsets: dict[str, list[str]]) -> Parsed:
    """Lexicon columns for the text of one pattern (without its leading '-' and its code)."""
    parsed = Parsed()
    body = re.sub(r"_?\*_?", " * ", body)
    tokens = _TOKEN.findall(body)
    if "*" not in tokens:
        parsed.problem = "no verb position (*) in the pattern"
        return parsed
    star = tokens.index("*")
    if any(t not in MARKERS for t in tokens[:star]):
        parsed.before = before_words(tokens[:star], synsets, parsed.notes)
        if not parsed.before:
            parsed.problem = "words before the verb: synonym set not defined or empty"
            return parsed
    particles, preps = word_list("particles.txt"), word_list("prepositions.txt")
    post = tokens[star + 1:]
    bare: list[str] = []  # consecutive bare words forming the direct object
    i = 0
    while i < len(post):
        token = post[i]
        i += 1
        if token in ("+", "^"):
            continue
        if token in ("$", "%"):
            parsed.notes.append(f"'{token}' after the verb dropped")
            continue
        low = token.lower()
        prep_set = _preposition_set(token, synsets, preps)
        if prep_set and not parsed.particle and not bare:
            # a set of prepositions opens a phrase: one alternative particle per member
            inner = [prep_set[0]]
            while i < len(post) and not post[i].startswith("(") and post[i] not in MARKERS \
                    and post[i].lower() not in preps:
                inner.append(post[i])
                i += 1
            if i < len(post) and post[i] == "+":
                inner.append("+")
                i += 1
            _prep_phrase(inner, synsets, parsed)
            parsed.alternatives = prep_set[1:]
            continue
        following = post[i] if i < len(post) else ""
        # a word, a skipped word '^' or the target '+' after IN/ON/OVER makes it a preposition
        plain_next = bool(following) and following not in ("$", "%") and not following.startswith("(")
        if token.startswith("(") or (low in preps and (low not in particles or plain_next)):
            if token.startswith("("):
                inner = _TOKEN.findall(token[1:-1])
            else:  # TABARI style: the preposition and the words up to the next marker or preposition
                inner = [token]
                while i < len(post) and not post[i].startswith("(") and post[i] not in MARKERS \
                        and post[i].lower() not in preps:
                    inner.append(post[i])
                    i += 1
                while i < len(post) and post[i] == "^":  # 'AT ^ WITH +': skipped words belong to AT
                    inner.append("^")
                    i += 1
                if i < len(post) and post[i] == "+":
                    inner.append("+")
                    i += 1
            _prep_phrase(inner, synsets, parsed)
            continue
        if low in particles and not parsed.particle and not bare:
            parsed.particle = low
            continue
        if token.startswith("{"):  # '{POLITICAL &SOLUTION}': its words, sets expanded later
            bare.extend(token[1:-1].split())
            continue
        bare.append(token)
    if bare:
        objects = _phrase(bare, synsets, parsed.notes)
        if not objects:
            parsed.problem = "synonym set not defined or empty"
            return parsed
        if parsed.objects:
            parsed.notes.append("object of the preposition dropped (the direct object is kept)")
        parsed.objects = objects
    return parsed


def _preposition_set(token: str, synsets: dict[str, list[str]], preps: frozenset[str]) -> list[str]:
    """The members of a synonym set that lists only prepositions ('&PREPOSIT1' -> ['against', 'in', ...])."""
    if not token.startswith("&"):
        return []
    members = expand(token, synsets)
    return members if members and all(m in preps for m in members) else []


#: Function words left out of a phrase before the verb that is longer than two words.
_FILLER = frozenset({"the", "a", "an", "on", "of", "in", "to", "at", "by", "for", "from", "with"})


def before_words(tokens: list[str], synsets: dict[str, list[str]], notes: list[str]) -> list[str]:
    """The `before=` alternatives of the words before `*`: '&MILITARY' -> ['military', 'armed_forces', ...].

    Only the run of plain words nearest the verb counts (actor markers end it); a bracketed
    phrase is dropped; each alternative keeps at most two words, the last ones that are not
    function words, joined by '_' as the lexicon's flag writes a phrase.
    """
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token in MARKERS:
            runs.append([])
        elif token.startswith("("):
            notes.append(f"phrase '{token}' before the verb dropped")
        elif token.startswith("{"):
            runs[-1].extend(token[1:-1].split())
        else:
            runs[-1].extend(p for p in re.split(r"_(?=&)", token) if p)
    run = next((r for r in reversed(runs) if r), [])
    if len(runs) > 1 and run:
        notes.append("actor marker before the verb dropped")
    options = [[o for t in part.split("/") for o in expand(t, synsets)] for part in run]
    options = [o for o in options if o]
    out: list[str] = []
    for combo in itertools.islice(itertools.product(*options), MAX_ALTERNATIVES * 4):
        split = " ".join(combo).split()
        if len(split) > 2:
            split = [w for w in split if w not in _FILLER][-2:] or split[-2:]
            if "words before the verb longer than two: two kept" not in notes:
                notes.append("words before the verb longer than two: two kept")
        out.append("_".join(split))
    out = list(dict.fromkeys(w for w in out if w))
    if len(out) > MAX_ALTERNATIVES:
        notes.append(f"more than {MAX_ALTERNATIVES} words before the verb: list cut")
        out = out[:MAX_ALTERNATIVES]
    return out


def _flags(target: str = "", before: Iterable[str] = ()) -> str:
    """The flags column: 'target=with before=not|never'."""
    parts = [f"target={target}"] if target else []
    before = sorted(before)
    if before:
        parts.append("before=" + "|".join(before))
    return " ".join(parts)


def _prep_phrase(inner: list[str], synsets: dict[str, list[str]], parsed: Parsed) -> None:
    """Fold a prepositional phrase '(TO &CEASEFIRE +)' into particle, object and target."""
    if not inner:
        return
    prep = words(inner[0])
    rest = [w for t in inner[1:] for w in (t[1:-1].split() if t.startswith("{") else [t])]
    if parsed.particle and not parsed.weak:
        parsed.notes.append(f"second phrase '({' '.join(inner)})' dropped")
        return
    if parsed.particle:  # 'EID AT ^ WITH +': the phrase naming the target is the one to keep
        parsed.notes.append(f"phrase '({parsed.particle} ^)' of skipped words dropped for a later one")
        parsed.particle, parsed.target, parsed.weak = "", "", False
    if len(prep.split()) > 1:  # '(IN_AND_OUT)': glued words
        prep, *more = prep.split()
        rest = more + rest
    parsed.particle = prep
    if "$" in rest or "%" in rest:
        parsed.notes.append("'$'/'%' inside a phrase dropped")
    content = [t for t in rest if t not in MARKERS]
    if not content:
        if rest and all(t == "^" for t in rest):  # skipped words only: not where the target is
            parsed.weak = True
            return
        parsed.target = prep
        return
    if "+" in rest:
        parsed.target = prep
    objects = _phrase(content, synsets, parsed.notes)
    if objects:
        parsed.objects = objects


def _code(raw: str) -> tuple[str | None, str]:
    """(Parley CAMEO code, note) of a PETRARCH code such as '043', '042:043', ':173' or '---'."""
    first, _, second = raw.partition(":")
    first, second = first.strip(), second.strip()
    note = ""
    code = first
    if not first or first.startswith("-"):
        if not second or second.startswith("-"):
            return None, "null code [---]: PETRARCH codes nothing"
        code, note = second, "only the code after ':' given"
    normal = ontology.normalise_code(code)
    if not ontology.is_valid(normal) or (len(code) >= 3 and normal != code):
        # PETRARCH writes leading zeros: a three-digit code missing from the table ('212') is its own
        # code, not a lost-zero '0212'
        return None, f"code {code} is not in Parley's CAMEO table"
    return normal, note


def convert_verbs(paths: Iterable[str | Path] | str | Path, tally: Tally | None = None) -> list[tuple[str, ...]]:
    """Lexicon rows (kind, lemma, particle, object, code, flags) from PETRARCH verb files."""
    tally = tally if tally is not None else Tally()
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    rows: dict[tuple[str, str, frozenset[str]], tuple[str, ...]] = {}
    for path in files:
        where = str(path)
        synsets, blocks = read_verb_file(path, tally)
        for block in blocks:
            _convert_block(block, synsets, where, rows, tally)
    tally.written = len(rows)
    return list(rows.values())


def _add(rows: dict, row: tuple[str, ...], where: str, line: int, text: str, tally: Tally) -> bool:
    before = next((f[7:] for f in row[5].split() if f.startswith("before=")), "")
    key = (row[1], row[2], frozenset(row[3].split("|")) if row[3] else frozenset(),
           frozenset(before.split("|")) if before else frozenset())
    if key in rows:
        if rows[key][4] != row[4]:
            tally.skipped.append(Skipped(where, line, text, f"same Parley pattern as an earlier line "
                                                             f"(code {rows[key][4]} kept, {row[4]} dropped)"))
        return False
    rows[key] = row
    return True


def _convert_block(block: Block, synsets: dict[str, list[str]], where: str,
                   rows: dict, tally: Tally) -> None:
    single = [v for v in block.verbs if not v.rest and not v.before]
    for verb in block.verbs:
        code, note = _code(verb.code or block.code)
        label = f"{block.name}: {verb.lemma}"
        if code is None:
            if verb.rest or verb.code:  # a plain verb without a code only carries the block's patterns
                tally.skipped.append(Skipped(where, verb.line, label, note))
            continue
        particle, objects = "", ""
        if verb.rest:
            first = verb.rest[0]
            if first in word_list("particles.txt") or first in word_list("prepositions.txt"):
                particle, objects = first, " ".join(verb.rest[1:][-2:])
            else:
                objects = " ".join(verb.rest[-2:])
        flags = _flags(before=["_".join(verb.before[-2:])] if verb.before else ())
        _add(rows, ("verb", verb.lemma, particle, objects, code, flags), where, verb.line, label, tally)
    for line, body, raw in block.patterns:
        code, note = _code(raw)
        text = f"{block.name}: - {body} [{raw}]"
        if code is None:
            tally.skipped.append(Skipped(where, line, text, note))
            continue
        parsed = parse_pattern(body, synsets)
        if parsed.problem:
            tally.skipped.append(Skipped(where, line, text, parsed.problem))
            continue
        if not single:
            tally.skipped.append(Skipped(where, line, text, "the block has no single-word verb"))
            continue
        notes = parsed.notes + ([note] if note else [])
        if notes:
            tally.approximated.append(Skipped(where, line, text, "; ".join(notes)))
        for particle in (parsed.particle, *parsed.alternatives):
            target = particle if parsed.target else ""
            flags = _flags(target, parsed.before)
            for verb in single:
                _add(rows, ("verb", verb.lemma, particle, "|".join(parsed.objects), code, flags),
                     where, line, text, tally)
