"""A regex grammar for the common shapes of English time expressions, built from the lexicon.

Each pattern finds candidates of one kind ("dmy", "decade", "ago", ...); `find_candidates` keeps
the longest non-overlapping ones. Checks that need only the text (a capitalised month, a number
that reads as a year) happen here; turning a candidate into a value happens in `normalise`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .lexicon import alternation, words


@dataclass(frozen=True)
class Candidate:
    """One matched time expression before normalisation."""

    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


_B = r"(?<![\w'])"  # left word boundary that also refuses "'80s"-like remainders
_E = r"(?![\w])"


@functools.lru_cache(maxsize=1)
def _table() -> list[tuple[str, str, str]]:
    """The (kind, pattern, needs) sources, most specific first.

    `needs` is a regex that every match of the pattern contains (in lower case), or for the
    kinds in `_NEEDS_AS_WRITTEN` every match that `_valid` keeps (in the text as written): a
    text without it cannot hold that kind, so the pattern is not run over it.
    """
    full = "|".join(w for w in sorted(words("month"), key=len, reverse=True) if len(w) > 4 or w in {"may", "june", "july"})
    abbr = "|".join(w for w in sorted(words("month"), key=len, reverse=True) if len(w) <= 4 and w not in {"may", "june", "july"})
    month = rf"(?P<month>(?:{full})|(?:{abbr})\.?)"
    weekday = rf"(?P<weekday>{alternation('weekday')})"
    tens = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)"
    num = rf"(?P<num>\d{{1,4}}|{tens}|(?:{alternation('number')}))"
    unit = r"(?P<unit>second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ies))s?"
    year = r"(?P<year>1\d{3}|20\d{2})(?![\d])"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
    ana = r"(?P<ana>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding|this|last|next)\s+year"
    mod = r"(?:(?P<mod>early|mid|late)(?:-|\s+))?"
    season = rf"(?P<season>{alternation('season')})"
    ordinal = rf"(?P<ord>{alternation('ordinal')}|\d{{1,2}}(?:st|nd|rd|th))"
    direction = r"(?P<dir>last|next|this|past|coming|previous|current|following|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+following|the\s+same|that|earlier\s+this|later\s+this)"
    prep = r"(?:in|since|until|till|by|during|through|from|to|before|after|of|between|and|or|on|throughout)"
    units = r"second|minute|hour|day|week|fortnight|month|year|decade|centur"
    seasons, daywords, refs = alternation("season"), alternation("dayword"), alternation("ref")
    months, weekdays = _capitalised_alternation("month"), _capitalised_alternation("weekday")
    dir_units = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ies))s?\s+(?:ago|earlier|later|before|after|from\s+now|hence)"
    table = [
        ("iso", rf"{_B}{year}-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-3]\d){_E}",
         r"-[01]\d-[0-3]\d"),
        ("dmy", rf"{_B}{day}(?:\s+of)?\s+{month}(?:,?\s+{year}|\s+of\s+{ana})?{_E}",
         months),
        ("mdy", rf"{_B}{month}\s+{day}(?:,?\s+{year}|\s+of\s+{ana})?{_E}",
         months),
        ("my", rf"{_B}{mod}{month}(?:\s+of)?,?\s+{year}{_E}",
         months),
        ("month", rf"{_B}(?:(?P<prep>{prep})\s+)(?P<core>{mod}{month}){_E}",
         months),
        ("dirmonth", rf"{_B}{mod}(?P<mdir>last|next|this|that)\s+{month}{_E}",
         months),
        ("yrange", rf"{_B}(?:(?P<from>from|between)\s+)?(?P<y1>1\d{{3}}|20\d{{2}})\s*(?:-|–|—|to|and|until|till)\s*(?P<y2>1\d{{3}}|20\d{{2}}|\d{{2}})(?![\d])",
         r"(?:1\d|20)\d\d"),
        ("decade", rf"{_B}(?:the\s+)?{mod}(?:(?P<dec>1\d{{2}}0|20\d0)'?s|'(?P<dec2>\d0)s){_E}",
         r"0'?s"),
        ("century", rf"{_B}(?:the\s+)?{mod}{ordinal}\s+century{_E}",
         r"century"),
        ("quarter", rf"{_B}(?:the\s+)?{ordinal}\s+quarter(?:\s+of\s+{year}|\s+of\s+{ana})?{_E}",
         r"quarter"),
        ("season", rf"{_B}(?:(?P<sdir>last|next|this|that|the|early|late)\s+)?{season}(?:\s+(?:of\s+)?{year})?{_E}",
         seasons),
        ("ago", rf"{_B}(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?{num}[\s-]+{unit}\s+(?P<dirword>ago|earlier|later|before|after|from\s+now|hence){_E}",
         dir_units),
        ("agobare", rf"{_B}(?P<unit>days|weeks|months|years|decades)\s+(?P<dirword>ago|earlier|later){_E}",
         r"ago|earlier|later"),
        ("anayear", rf"{_B}(?:(?P<ana>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(?P<aunit>year|month)|(?P<num>a|one)\s+(?P<aunit2>year)\s+(?P<dirword>later|earlier|before)){_E}",
         r"(?:that|same|following|next|previous|preceding|a|one)\s+(?:year|month)"),
        ("recent", rf"{_B}recent\s+(?P<unit>days|weeks|months|years|decades){_E}",
         r"recent"),
        ("reldir", rf"{_B}{direction}\s+(?P<unit>week(?:end)?|month|year|decade|century|quarter|spring|summer|autumn|fall|winter|night|morning|afternoon|evening){_E}",
         r"(?:last|next|this|past|coming|previous|current|following|same|that)\s+(?:week|month|year|decade|century|quarter|spring|summer|autumn|fall|winter|night|morning|afternoon|evening)"),
        ("relnum", rf"{_B}(?:the\s+)?(?P<dir>past|last|next|coming|previous|first|following|final)\s+{num}\s+{unit}{_E}",
         r"(?:past|last|next|coming|previous|first|following|final)\s"),
        ("duration", rf"{_B}(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|at\s+least\s+)?{num}(?:[\s-]+|\s+and\s+a\s+half\s+)?{unit}(?:-long)?{_E}",
         units),
        ("durbare", rf"{_B}(?:(?P<pre>for|over|in\s+the\s+last|in\s+the\s+past|the\s+past|the\s+last)\s+)(?P<core>(?P<unit>days|weeks|months|years|decades|centuries)){_E}",
         r"days|weeks|months|years|decades|centuries"),
        ("weekday", rf"{_B}(?:(?P<dir>last|next|this|coming|past)\s+)?{weekday}(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}",
         weekdays),
        ("dayword", rf"{_B}(?P<dayword>{alternation('dayword')})(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}",
         daywords),
        ("thispart", rf"{_B}this\s+(?P<part>morning|afternoon|evening){_E}",
         r"this\s+(?:morning|afternoon|evening)"),
        ("ref", rf"{_B}(?P<ref>{alternation('ref')}){_E}",
         refs),
        ("year", rf"{_B}{mod}(?<![\d,.$€£#])(?P<year>1\d{{3}}|20\d{{2}})(?![\d%]|,\d|\.\d)",
         r"(?:1\d|20)\d\d"),
    ]
    return table


@functools.lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The compiled (kind, pattern) list, most specific first."""
    return [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx, _ in _table()]


@functools.lru_cache(maxsize=1)
def _lower_patterns() -> list[tuple[int, str, re.Pattern[str], re.Pattern[str]]]:
    """(rank, kind, pattern, needs) compiled case-sensitively, to run over lower-cased text.

    Without IGNORECASE, re can skip quickly over positions whose character starts no
    alternative, and a needs test over the whole text is a fast literal search.
    """
    return [(rank, kind, re.compile(rx), re.compile(needs)) for rank, (kind, rx, needs) in enumerate(_table())]


# A month or weekday group that is not capitalised fails `_valid`, so these kinds need the
# word capitalised somewhere in the text as written.
_NEEDS_AS_WRITTEN = frozenset({"dmy", "mdy", "my", "month", "dirmonth", "weekday"})


def _capitalised_alternation(category: str) -> str:
    """A regex for a lexicon category's words with a capital first letter ("May", "MAY", not "may")."""
    return "|".join(w[0].upper() + f"(?i:{w[1:]})" for w in sorted(words(category), key=len, reverse=True))


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


_PLURAL_COUNT = re.compile(r"\s+([a-z]{3,}s)\b")


def _year_context_ok(text: str, start: int, end: int, mod: str | None) -> bool:
    """A bare four-digit number reads as a year: not money, not a count of things."""
    if mod:
        return True
    before = text[max(0, start - 25) : start]
    after = text[end : end + 30]
    if re.search(r"[$€£#+\-×x*/]\s*$", before) or re.match(r"\s*(?:%|per\s*cent|percent|\+|-\d)", after):
        return False
    prev = re.search(r"([\w.']+)\W*$", before)
    prev_word = prev.group(1).lower() if prev else ""
    cue = prev_word in words("yearcue") or prev_word.endswith("'s") or prev_word.endswith("’s")
    plural = _PLURAL_COUNT.match(after)
    if plural and prev_word in {"of", "than", "about", "around", "some", "nearly", "over", "and", "to"}:
        return False  # "of 2000 troops", "about 1500 soldiers"
    if plural and not cue:
        return False
    value = int(text[start:end][-4:])
    return cue or value >= 1900 or bool(re.match(r"\s*(?:[,.;:)]|'s|’s|$)", after))


_OLD = re.compile(r"[\s-]+old")  # "22-year-old": an age
_AGED = re.compile(r"\b(?:aged|age of)\s*$", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"[\d.,]$")
# Letters that IGNORECASE matches to "i" or "s" although str.lower() does not make them so:
# a text holding one is matched the slow way, so that lower-casing cannot change a match.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def _valid(kind: str, m: re.Match[str], g: dict[str, str], text: str) -> bool:
    """Checks on match `m` of `text` (group values `g`, as written) that need more than the pattern."""
    start, end = m.span()
    if g.get("month") and not _capitalised(g["month"]):
        return False  # "may" the verb, "march" the noun
    if g.get("month") and g["month"].lower() == "may" and kind == "month":
        return (g.get("prep") or "").lower() in {"in", "since", "until", "by", "early", "late", "of", "during", "before", "after"}
    if g.get("month") and len(g["month"].rstrip(".")) == 3 and g["month"].lower() not in {"may"}:
        # three-letter abbreviations only next to a day or year ("Aug 6", "Aug. 2018")
        if kind == "month":
            return False
    if g.get("weekday") and not _capitalised(g["weekday"]):
        return False
    if kind == "dmy" and start > 0 and _NUMBER_BEFORE.search(text, start - 1, start):
        return False
    if g.get("day") and not 1 <= int(g["day"]) <= 31:
        return False
    if kind == "duration" and _OLD.match(text, end):
        return False  # ages ("22-year-old") are not times
    if kind == "duration" and _AGED.search(text[max(0, start - 12) : start]):
        return False  # "aged 61 years"
    if kind == "yrange":
        y1, y2 = int(g["y1"]), g["y2"]
        last = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        whole = text[start:end]
        return y1 < last <= y1 + 100 and (bool(g.get("from")) or len(y2) == 4 or "-" in whole or "–" in whole)
    if kind == "year":
        return _year_context_ok(text, m.start("year"), m.end("year"), g.get("mod"))
    if kind == "season":
        return bool(g.get("sdir") or g.get("year")) and not (
            g["season"].lower() == "fall" and not g.get("year") and (g.get("sdir") or "").lower() in {"the", ""}
        )
    return True


def _matches(text: str, fast: bool = True) -> Iterator[tuple[int, str, re.Match[str], dict[str, str]]]:
    """(rank, kind, match, groups) for every match of every pattern, group values as written in
    `text`; `fast=False` runs every case-insensitive pattern over the text itself (the reference)."""
    lowered = text.lower()
    if not fast or len(lowered) != len(text) or _CASE_TRAPS.search(text):
        for rank, (kind, rx) in enumerate(patterns()):
            for m in rx.finditer(text):
                yield rank, kind, m, {k: v for k, v in m.groupdict().items() if v is not None}
        return
    # Lower-cased text and case-sensitive patterns find the same spans, faster; a pattern
    # whose `needs` the text lacks cannot match at all.
    for rank, kind, rx, needs in _lower_patterns():
        if needs.search(text if kind in _NEEDS_AS_WRITTEN else lowered) is None:
            continue
        names = tuple(rx.groupindex)
        for m in rx.finditer(lowered):
            groups = {}
            for name in names:
                a, b = m.span(name)
                if a >= 0:
                    groups[name] = text[a:b]
            yield rank, kind, m, groups


def find_candidates(text: str) -> list[Candidate]:
    """All grammar matches in `text`, longest first when two overlap, in text order."""
    found: list[tuple[int, int, int, Candidate]] = []
    for rank, kind, m, groups in _matches(text):
        if not _valid(kind, m, groups, text):
            continue
        start, end = (m.start("core"), m.end("core")) if groups.get("core") else m.span()
        found.append((start, end, rank, Candidate(kind, start, end, text[start:end], groups)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[Candidate] = []
    for start, end, _, cand in found:
        if all(end <= c.start or start >= c.end for c in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)
