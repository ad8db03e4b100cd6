"""Metadata written in an article's own text: title, byline, dateline and publication date.

Only the head of the article is looked at (its first lines), and nothing is guessed: a date
without a year, or a place that might be a section label, gives no value rather than a wrong one.
`document_from_text` builds a Document from text plus whatever the caller already knows;
what the caller passes wins over what the text says.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..document import Document
from ..errors import E, ParleyError
from ..ids import document_id
from .data import data_lines
from .decode import display_path, normalise_newlines, scrub_surrogates, scrub_value

#: How much of the text is searched for metadata.
_HEAD_CHARS = 3000
_HEAD_LINES = 8
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 25
_DATE_LINE_MAX_CHARS = 100
_BOILERPLATE_MAX_CHARS = 120
_YEARS = range(1800, 2201)


@dataclass(frozen=True)
class TextMetadata:
    """What the head of a text says about the article; None where it says nothing."""

    title: str | None = None
    author: str | None = None
    dateline: str | None = None
    published: str | None = None


# ---------------------------------------------------------------------------------------------
# data and patterns


@functools.cache
def _months() -> dict[str, int]:
    """Month name or abbreviation (lowercase) -> month number, from data/months.tsv."""
    table: dict[str, int] = {}
    for line in data_lines("months.tsv"):
        number, names = line.split("\t")
        for name in names.split(","):
            table[name.strip()] = int(number)
    return table


@functools.cache
def _phrases(name: str) -> frozenset[str]:
    return frozenset(line.strip().lower() for line in data_lines(name))


@functools.cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    """ISO, month-first and day-first dates with a year ("2018-08-14", "Aug. 14, 2018", "14 August 2018")."""
    month = "|".join(sorted(_months(), key=len, reverse=True))
    weekday = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    return (
        re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),
        re.compile(
            rf"\b{weekday}(?P<mon>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
            re.IGNORECASE,
        ),
        re.compile(
            rf"\b{weekday}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{month})\.?,?\s+(?P<y>\d{{4}})\b",
            re.IGNORECASE,
        ),
    )


_LABELLED_DATE = re.compile(
    r"^\W*(?P<label>published|posted|date|first published|updated|last updated|last modified)"
    r"(?:\s+(?:on|at))?\s*[:\-–—|]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NAME_TOKEN = r"[^\W\d_][\w'’.\-]*"
_BYLINE = re.compile(
    r"(?:^|(?<=[\s\"“”'=>\[(|]))(?:(?i:written|posted|reported|compiled|edited)\s+by|By|BY)\s*:?\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,7}})"
)
_PARTICLES = frozenset(
    "al bin bint ibn de del della der di da dos du la le van von ter y and".split()
)
_CAPS = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+"
_TITLE_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’.\-]+"
_REGION = r"(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})"
_AGENCY = r"(?:\s*\([A-Z][\w&.\- ]{0,40}\))"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_DASH = r"(?:\s*(?:--|[–—])\s*|\s+-\s+)(?=\S)"


@functools.cache
def _dateline_patterns() -> tuple[re.Pattern[str], ...]:
    """'MADRID –', 'TEHRAN, Aug 14 (Reuters) -', 'Tehran, Aug. 14 (AFP) —' at the start of a line."""
    month = "|".join(sorted(_months(), key=len, reverse=True))
    monthday = rf"(?:,?\s*(?i:{month})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
    caps = rf"^(?P<place>{_CAPS}(?:\s+{_CAPS}){{0,3}}){_REGION}?{monthday}?{_AGENCY}?{_DASH}"
    title = (
        rf"^(?P<place>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}){_REGION}?"
        rf"(?:{monthday}{_AGENCY}?|{_AGENCY}){_DASH}"
    )
    return re.compile(caps), re.compile(title)


# ---------------------------------------------------------------------------------------------
# dates


def _valid(year: int, month: int, day: int) -> str | None:
    if year not in _YEARS:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first full date (day, month and year) in `text` as (ISO date, start, end), or None."""
    found: list[tuple[int, int, str]] = []
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            month = int(match["m"]) if "m" in match.groupdict() else _months()[match["mon"].lower()]
            value = _valid(int(match["y"]), month, int(match["d"]))
            if value:
                found.append((match.start(), match.end(), value))
                break
    if not found:
        return None
    start, end, value = min(found)
    return value, start, end


def parse_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date-like value found in data, or None if it is not one."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    found = find_date(text)
    if found:
        return found[0]
    return _dateparser(text)


def _dateparser(text: str) -> str | None:
    """dateparser's reading of a free-form date, only when it names day, month and year."""
    if len(text) > 80 or not re.search(r"\d{4}", text):
        return None
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed and parsed.year in _YEARS else None


def validate_date(value: str | None) -> str | None:
    """A date given as an argument, as YYYY-MM-DD; raises ParleyError E014 if it is not one."""
    if value is None:
        return None
    try:
        return (
            _dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date().isoformat()
        )
    except ValueError:
        raise ParleyError(E.E014, value=value) from None


# ---------------------------------------------------------------------------------------------
# head of the text


def _head_lines(text: str) -> list[str]:
    """The first non-blank lines of the text, stripped."""
    lines = [line.strip() for line in text[:_HEAD_CHARS].split("\n")]
    return [line for line in lines if line][: _HEAD_LINES + 4]


@functools.cache
def _boilerplate() -> re.Pattern[str]:
    phrases = sorted(_phrases("boilerplate.txt"), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, phrases))})\b", re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True for page furniture such as 'Skip to content Skip to footer'."""
    if len(line) > _BOILERPLATE_MAX_CHARS:
        return False
    return not re.sub(r"[\W_]+", "", _boilerplate().sub(" ", line))


def find_byline(line: str) -> str | None:
    """The author's name in a byline ('By Jane Doe', '[toggler title="By Jane Doe"]'), or None."""
    for match in _BYLINE.finditer(line[:300]):
        tokens = match["name"].split()
        name: list[str] = []
        for token in tokens:
            if token[0].isupper():
                name.append(token)
            elif token.lower() in _PARTICLES and name:
                name.append(token)
            else:
                break
        while name and name[-1].lower() in _PARTICLES:
            name.pop()
        if not name or any(t.rstrip(".").lower() in _months() or _is_weekday(t) for t in name):
            continue
        rest = line[match.start("name") + len(" ".join(name)) :].strip()
        if len(name) == 1 and rest and rest[0].isalnum():
            continue  # "By Monday the talks ..." is a sentence, not a byline
        author = " ".join(name)
        if author.endswith(".") and not re.search(r"\b\w\.$", author):
            author = author[:-1]
        return author
    return None


def _is_weekday(token: str) -> bool:
    return bool(re.fullmatch(r"(?i)(mon|tues|wednes|thurs|fri|satur|sun)day", token.rstrip(".,")))


def find_dateline(line: str) -> tuple[str, str] | None:
    """(place, prefix) of a dateline opening the line, e.g. ('MADRID', 'MADRID – '), or None."""
    for pattern in _dateline_patterns():
        match = pattern.match(line)
        if match and match["place"].lower() not in _phrases("not_places.txt"):
            return match["place"], match.group(0)
    return None


def _looks_like_title(line: str, lines_after: int) -> bool:
    words = line.split()
    return (
        lines_after > 0
        and 2 <= len(words) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'")
        and not line.rstrip("\"”’'").endswith((".", ",", ";", ":", "!", "…"))
    )


def _labelled_date(line: str) -> tuple[str, str] | None:
    match = _LABELLED_DATE.match(line)
    if not match:
        return None
    value = parse_date(match["rest"][:80])
    return (match["label"].lower(), value) if value else None


def find_metadata(text: str) -> TextMetadata:
    """Title, byline, dateline and publication date written at the top of `text`."""
    lines = _head_lines(text)
    while lines and is_boilerplate(lines[0]):
        lines.pop(0)
    if not lines:
        return TextMetadata()
    title = author = dateline = published = None
    updated = None
    first = _MARKDOWN_HEADING.sub("", lines[0])
    if (
        _looks_like_title(first, len(lines) - 1)
        and not find_byline(first)
        and not _LABELLED_DATE.match(first)
        and not _is_date_line(first)
        # "US – China talks stall" is a title when a dateline follows, not a dateline itself
        and (not find_dateline(first) or any(find_dateline(line) for line in lines[1:_HEAD_LINES]))
    ):
        title = first
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if index == 0 and title:
            continue
        if author is None:
            author = find_byline(line)
        labelled = _labelled_date(line)
        if labelled:
            label, value = labelled
            if "updated" in label or "modified" in label:
                updated = updated or value
            else:
                published = published or value
            continue
        if published is None and len(line) <= _DATE_LINE_MAX_CHARS and _is_date_line(line, author):
            published = find_date(line)[0]  # type: ignore[index]
        found = find_dateline(line)
        if found:
            dateline = found[0]
            if published is None:
                in_prefix = find_date(found[1])
                published = in_prefix[0] if in_prefix else None
            break
        if len(line) > _TITLE_MAX_CHARS:
            break  # the body has begun without a dateline
    return TextMetadata(
        title=title, author=author, dateline=dateline, published=published or updated
    )


def _is_date_line(line: str, author: str | None = None) -> bool:
    """True for a short line that is mostly a date, or a byline line that carries one."""
    found = find_date(line)
    if not found:
        return False
    _, start, end = found
    return (end - start) >= 0.4 * len(line) or (author is not None and author in line)


# ---------------------------------------------------------------------------------------------
# documents


def outlet_from_url(url: str | None) -> str | None:
    """The outlet named by a URL's host, without 'www.' ('https://www.aljazeera.com/x' -> 'aljazeera.com')."""
    if not url:
        return None
    url = url.strip()
    if "//" not in url:
        url = "//" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(scrub_surrogates(str(value)).split())
    return text or None


def build_document(
    text: str,
    *,
    path: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    published: str | None = None,
    default_published: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Document:
    """A Document from text and known fields; `published` is the article's own date (it wins
    over the text), `default_published` is used only when neither gives one."""
    text = normalise_newlines(scrub_surrogates(text))
    found = find_metadata(text)
    url = _clean(url)
    return Document(
        id=document_id(text),
        path=None if path is None else display_path(path),
        title=_clean(title) or found.title,
        outlet=_clean(outlet) or outlet_from_url(url),
        url=url,
        published=published or found.published or default_published,
        dateline=found.dateline,
        author=_clean(author) or found.author,
        language="en",
        extra=scrub_value(dict(extra or {})),  # type: ignore[arg-type]
        text=text,
    )


def document_from_text(
    text: str,
    *,
    path: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    published: str | None = None,
    extra: dict | None = None,
) -> Document:
    """A Document from an article's text; `published` (YYYY-MM-DD) is the date to use when the
    text gives none. Raises ParleyError E014 for a `published` that is not a date."""
    return build_document(
        text,
        path=path,
        title=title,
        url=url,
        outlet=outlet,
        author=author,
        default_published=validate_date(published),
        extra=extra,
    )
