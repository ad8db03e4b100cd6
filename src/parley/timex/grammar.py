"""A regex grammar for the common shapes of English time expressions, built from the lexicon.

Each pattern finds candidates of one kind ("dmy", "decade", "ago", ...); `find_candidates` keeps
the longest non-overlapping ones. Checks that need only the text (a capitalised month, a number
that reads as a year) happen here; turning a candidate into a value happens in `normalise`.
"""

from __future__ import annotations

import functools
import re
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
def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The compiled (kind, pattern) list, most specific first."""
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
    table = [
        ("iso", rf"{_B}{year}-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-3]\d){_E}"),
        ("dmy", rf"{_B}{day}(?:\s+of)?\s+{month}(?:,?\s+{year}|\s+of\s+{ana})?{_E}"),
        ("mdy", rf"{_B}{month}\s+{day}(?:,?\s+{year}|\s+of\s+{ana})?{_E}"),
        ("my", rf"{_B}{mod}{month}(?:\s+of)?,?\s+{year}{_E}"),
        ("month", rf"{_B}(?:(?P<prep>{prep})\s+)(?P<core>{mod}{month}){_E}"),
        ("dirmonth", rf"{_B}{mod}(?P<mdir>last|next|this|that)\s+{month}{_E}"),
        ("yrange", rf"{_B}(?:(?P<from>from|between)\s+)?(?P<y1>1\d{{3}}|20\d{{2}})\s*(?:-|–|—|to|and|until|till)\s*(?P<y2>1\d{{3}}|20\d{{2}}|\d{{2}})(?![\d])"),
        ("decade", rf"{_B}(?:the\s+)?{mod}(?:(?P<dec>1\d{{2}}0|20\d0)'?s|'(?P<dec2>\d0)s){_E}"),
        ("century", rf"{_B}(?:the\s+)?{mod}{ordinal}\s+century{_E}"),
        ("quarter", rf"{_B}(?:the\s+)?{ordinal}\s+quarter(?:\s+of\s+{year}|\s+of\s+{ana})?{_E}"),
        ("season", rf"{_B}(?:(?P<sdir>last|next|this|that|the|early|late)\s+)?{season}(?:\s+(?:of\s+)?{year})?{_E}"),
        ("ago", rf"{_B}(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?{num}[\s-]+{unit}\s+(?P<dirword>ago|earlier|later|before|after|from\s+now|hence){_E}"),
        ("agobare", rf"{_B}(?P<unit>days|weeks|months|years|decades)\s+(?P<dirword>ago|earlier|later){_E}"),
        ("anayear", rf"{_B}(?:(?P<ana>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(?P<aunit>year|month)|(?P<num>a|one)\s+(?P<aunit2>year)\s+(?P<dirword>later|earlier|before)){_E}"),
        ("recent", rf"{_B}recent\s+(?P<unit>days|weeks|months|years|decades){_E}"),
        ("reldir", rf"{_B}{direction}\s+(?P<unit>week(?:end)?|month|year|decade|century|quarter|spring|summer|autumn|fall|winter|night|morning|afternoon|evening){_E}"),
        ("relnum", rf"{_B}(?:the\s+)?(?P<dir>past|last|next|coming|previous|first|following|final)\s+{num}\s+{unit}{_E}"),
        ("duration", rf"{_B}(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|at\s+least\s+)?{num}(?:[\s-]+|\s+and\s+a\s+half\s+)?{unit}(?:-long)?{_E}"),
        ("durbare", rf"{_B}(?:(?P<pre>for|over|in\s+the\s+last|in\s+the\s+past|the\s+past|the\s+last)\s+)(?P<core>(?P<unit>days|weeks|months|years|decades|centuries)){_E}"),
        ("weekday", rf"{_B}(?:(?P<dir>last|next|this|coming|past)\s+)?{weekday}(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}"),
        ("dayword", rf"{_B}(?P<dayword>{alternation('dayword')})(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}"),
        ("thispart", rf"{_B}this\s+(?P<part>morning|afternoon|evening){_E}"),
        ("ref", rf"{_B}(?P<ref>{alternation('ref')}){_E}"),
        ("year", rf"{_B}{mod}(?<![\d,.$€£#])(?P<year>1\d{{3}}|20\d{{2}})(?![\d%]|,\d|\.\d)"),
    ]
    return [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in table]


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


def _valid(kind: str, m: re.Match[str], text: str) -> bool:
    g = m.groupdict()
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
    if kind == "dmy" and m.start() > 0 and re.search(r"[\d.,]$", text[max(0, m.start() - 1) : m.start()]):
        return False
    if g.get("day") and not 1 <= int(g["day"]) <= 31:
        return False
    if kind == "duration" and re.match(r"[\s-]+old", text[m.end() :]) :
        return False  # ages ("22-year-old") are not times
    if kind == "duration" and re.search(r"\b(?:aged|age of)\s*$", text[max(0, m.start() - 12) : m.start()], re.IGNORECASE):
        return False  # "aged 61 years"
    if kind == "yrange":
        y1, y2 = int(g["y1"]), g["y2"]
        end = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        return y1 < end <= y1 + 100 and (bool(g.get("from")) or len(y2) == 4 or "-" in m.group(0) or "–" in m.group(0))
    if kind == "year":
        return _year_context_ok(text, m.start("year"), m.end("year"), g.get("mod"))
    if kind == "season":
        return bool(g.get("sdir") or g.get("year")) and not (
            g["season"].lower() == "fall" and not g.get("year") and (g.get("sdir") or "").lower() in {"the", ""}
        )
    return True


def find_candidates(text: str) -> list[Candidate]:
    """All grammar matches in `text`, longest first when two overlap, in text order."""
    found: list[tuple[int, int, int, Candidate]] = []
    for rank, (kind, rx) in enumerate(patterns()):
        for m in rx.finditer(text):
            if not _valid(kind, m, text):
                continue
            start, end = (m.start("core"), m.end("core")) if m.groupdict().get("core") else m.span()
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append((start, end, rank, Candidate(kind, start, end, text[start:end], groups)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[Candidate] = []
    for start, end, _, cand in found:
        if all(end <= c.start or start >= c.end for c in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)
