"""Event alignment: the events and dated historical references of different documents that are the
same real-world happening, merged into aligned events with `reported_by` and per-document evidence.

Each document contributes *sightings*: its coded events (event family, actors, date, place and the
evidence sentence) and its dated references (a time expression with the words around it in its
sentence, e.g. "the 1979-1981 seizures at the US embassy in Tehran"). Two sightings of different
documents align when they are of one kind, their key words overlap (idf-weighted over all
sightings of the comparison, so words every sighting shares count little), their actors agree,
events share an event family, and their dates are compatible (overlapping intervals). Sightings
that are strongly alike but whose dates or actors clash are merged too, so that the clash shows up
as a contradiction; coded events agree on their event family, which makes their clashes far less
often chance than those of bare dated references, so the two kinds have their own clash cut-offs
(`CLASH_EVENT`, `CLASH`). A document contributes at most one sighting to an aligned event.

Cut-offs (`ALIGN`, `CLASH`, `CLASH_EVENT`) are chosen on data by a target-decoy criterion: each
story's analysed documents are compared together with the next story's; sighting pairs within a story are targets,
pairs across the two stories are decoys (they cannot be one event). At a cut, the decoy merge rate
times the number of eligible target pairs estimates the chance merges among target merges; the cut
is the smallest at which the estimated precision reaches 0.95, on the development half (stories
split by a hash of their id) of allsides_neus and of BASIL, taking the larger of the two. The
other half gives the held-out estimate (`parley eval basil allsides_neus`, docs/compare.md). The
estimate is optimistic: documents of one story share words by chance more than two stories do.
`DATE_BONUS` and `MIN_SHARED` were not re-chosen.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import DocumentReport
from ..ids import digest
from .models import AlignedEvent, Sighting
from .text import sentences, stem, stop_words, token_spans

#: idf-weighted overlap (+ date bonus) at or above which two compatible sightings are one event.
#: Chosen on data, see the module docstring: est. precision >= 0.95 on both dev halves.
ALIGN = 0.32
#: added to the overlap when both sightings carry dates that agree (a shared date is evidence).
DATE_BONUS = 0.15
#: overlap at or above which dated references with clashing dates or actors are one event told
#: differently. Chosen like ALIGN; BASIL's long articles need it this high (allsides_neus alone: 0.14).
CLASH = 0.66
#: the same for coded events, which must also share an event family (the event's identity): chosen
#: like ALIGN on event pairs only (BASIL dev 0.33, allsides_neus dev 0.10), see docs/compare.md.
CLASH_EVENT = 0.33
#: least number of shared key words for any alignment.
MIN_SHARED = 2
#: words kept on each side of a time expression for a historical reference.
LEFT_WORDS = 14
RIGHT_WORDS = 10

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s+((?:[A-Z][\w’'-]*\s+){0,2})([a-z][a-z-]{2,})")
_TIME_NOUNS = {"day", "week", "month", "year", "hour", "minute", "decade", "century", "percent", "time", "per"}


@dataclass
class Draft:
    """A sighting while alignment runs: its public form plus what matching needs."""

    doc: str
    index: int
    kind: str
    sighting: Sighting
    terms: frozenset[str]
    family: str | None = None
    cameo_root: str | None = None
    interval: tuple[str, str] | None = None
    weight: dict[str, float] = field(default_factory=dict)


def _key_terms(text: str) -> frozenset[str]:
    """Stems of the content words of a clause; acronyms such as US or UN are kept."""
    stops = stop_words()
    out = set()
    for tok, _, _ in token_spans(text):
        if tok[0].isdigit():
            continue
        if len(tok) >= 2 and tok.isupper():
            out.add(tok.replace(".", ""))
            continue
        low = tok.lower()
        if len(low) < 3 or low in stops:
            continue
        out.add(stem(low))
    return frozenset(out)


def numbers(text: str) -> dict[str, str]:
    """Counted nouns in a text and their numbers ('52 American diplomats' gives diplomat: 52)."""
    found: dict[str, str] = {}
    for m in _NUMBER.finditer(text):
        value, noun = m.group(1), m.group(3)
        if re.fullmatch(r"1[5-9]\d\d|20\d\d", value) or noun in stop_words():
            continue
        key = stem(noun)
        if key in _TIME_NOUNS or stem(key) in _TIME_NOUNS:
            continue
        found.setdefault(key, value.replace(",", ""))
    return found


def interval(value: str | None) -> tuple[str, str] | None:
    """The (first, last) ISO dates a normalised date value covers, or None when it has none."""
    if not value:
        return None
    parts = value.split("/")
    lo, hi = parts[0], parts[-1]
    m_lo = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", lo)
    m_hi = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", hi)
    if not m_lo or not m_hi:
        return None
    first = f"{m_lo.group(1)}-{m_lo.group(2) or '01'}-{m_lo.group(3) or '01'}"
    last = f"{m_hi.group(1)}-{m_hi.group(2) or '12'}-{m_hi.group(3) or '31'}"
    return first, last


def compatible_dates(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """True when either date is unknown or the two intervals overlap."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _country(ref: object) -> str | None:
    if ref is None:
        return None
    return getattr(ref, "country", None) or getattr(ref, "code", None)


def event_sightings(report: DocumentReport) -> list[Draft]:
    """A document's coded events as sightings (publication-date-only dates are left out)."""
    doc = report.document.id
    drafts = []
    for i, ev in enumerate(report.events):
        date = ev.date.value if ev.date.basis in ("explicit", "relative") else None
        text = ev.evidence.text
        s = Sighting(document=doc, event_id=ev.id, text=text, start=ev.evidence.start, end=ev.evidence.end,
                     date=date, place=ev.location.name if ev.location else None,
                     place_country=ev.location.country if ev.location else None,
                     source=_country(ev.source), target=_country(ev.target), numbers=numbers(text))
        actors = {f"@{c}" for c in (s.source, s.target) if c}
        drafts.append(Draft(doc, i, "event", s, _key_terms(text) | actors, ev.plover or ev.cameo_root, ev.cameo_root,
                            interval(date)))
    return drafts


def _actor_spans(report: DocumentReport) -> list[tuple[int, int, str | None]]:
    return [(m.start, m.end, a.country or a.code) for a in report.actors for m in a.mentions]


def reference_sightings(report: DocumentReport) -> list[Draft]:
    """A document's dated time expressions, each with the words around it, as historical references."""
    text = report.document.text
    if not text:
        return []
    doc = report.document.id
    sents = sentences(text)
    times = sorted(report.times, key=lambda t: t.start)
    actors = _actor_spans(report)
    drafts = []
    for i, tx in enumerate(times):
        if not tx.value or not interval(tx.value):
            continue
        s_start, s_end = next(((a, b) for a, b in sents if a <= tx.start < b), (0, len(text)))
        prev_end = max([t.end for t in times if t.end <= tx.start and t.end > s_start] or [s_start])
        next_start = min([t.start for t in times if t.start >= tx.end and t.start < s_end] or [s_end])
        left = [sp for sp in token_spans(text[prev_end:tx.start])][-LEFT_WORDS:]
        right = [sp for sp in token_spans(text[tx.end:next_start])][:RIGHT_WORDS]
        start = prev_end + left[0][1] if left else tx.start
        end = tx.end + right[-1][2] if right else tx.end
        clause = text[start:end]
        countries = sorted({c for a, b, c in actors if c and a >= start and b <= end})
        s = Sighting(document=doc, event_id=None, text=clause, start=start, end=end, date=tx.value,
                     source=countries[0] if len(countries) == 1 else None,
                     numbers=numbers(clause))
        terms = _key_terms(text[start:tx.start] + " " + text[tx.end:end]) | {f"@{c}" for c in countries}
        if terms:
            drafts.append(Draft(doc, i, "reference", s, terms, None, None, interval(tx.value)))
    return drafts


def _idf(drafts: Sequence[Draft]) -> dict[str, float]:
    df: Counter = Counter()
    for d in drafts:
        df.update(d.terms)
    n = len(drafts)
    return {t: math.log((1 + n) / (1 + k)) + 0.1 for t, k in df.items()}


def similarity(a: Draft, b: Draft, idf: dict[str, float]) -> float:
    """idf-weighted overlap coefficient of two sightings' key words (0..1).

    Shared weight over the smaller sighting's weight: a short clause that shares its rare words
    with a longer sentence scores high, common words (low idf) count little.
    """
    shared = a.terms & b.terms
    if len(shared) < MIN_SHARED:
        return 0.0
    num = math.fsum(idf.get(t, 0.0) for t in shared)
    den = min(math.fsum(idf.get(t, 0.0) for t in a.terms), math.fsum(idf.get(t, 0.0) for t in b.terms))
    return round(num / den, 9) if den else 0.0  # fsum + round: the same value whatever the set order


@dataclass(frozen=True)
class Pair:
    """Two sightings of different documents that could be one event, with what decides it."""

    i: int
    j: int
    sim: float
    dated: bool
    dates_ok: bool
    actors_ok: bool
    kind: str = "reference"

    @property
    def score(self) -> float:
        """The overlap plus the date bonus when both are dated and agree (what ALIGN cuts)."""
        return self.sim + (DATE_BONUS if self.dates_ok and self.dated else 0.0)

    def relation(self, align: float = ALIGN, clash: float = CLASH, clash_event: float = CLASH_EVENT) -> str | None:
        """'align' when one event, 'clash' when one event told with a clashing date or actor, else None.

        A clash needs `clash_event` for two coded events (same event family) and `clash` for references.
        """
        if self.dates_ok and self.actors_ok:
            return "align" if self.score >= align else None
        cut = clash_event if self.kind == "event" else clash
        if self.sim >= cut and (self.dates_ok or self.actors_ok):
            return "clash"
        return None


def sightings(reports: Sequence[DocumentReport], *, references: bool = True) -> list[Draft]:
    """Every document's event sightings and (optionally) dated-reference sightings."""
    drafts: list[Draft] = []
    for report in reports:
        drafts += event_sightings(report)
        if references:
            drafts += reference_sightings(report)
    return drafts


def candidate_pairs(drafts: Sequence[Draft], idf: dict[str, float], *, unrelated: bool = False) -> list[Pair]:
    """Sighting pairs of different documents, of one kind (events: one family), sharing key words.

    With `unrelated`, pairs that share no key words (similarity 0) are kept too (to count pairs).
    """
    out = []
    for i, a in enumerate(drafts):
        for j in range(i + 1, len(drafts)):
            b = drafts[j]
            if a.doc == b.doc or a.kind != b.kind or (a.kind == "event" and a.family != b.family):
                continue
            sim = similarity(a, b, idf)
            if sim <= 0 and not unrelated:
                continue
            actors_ok = _agree(a.sighting.source, b.sighting.source) and _agree(a.sighting.target, b.sighting.target)
            out.append(Pair(i, j, sim, bool(a.interval and b.interval), compatible_dates(a.interval, b.interval),
                            actors_ok, a.kind))
    return out


def align_events(reports: Sequence[DocumentReport], *, references: bool = True, align: float = ALIGN,
                 clash: float = CLASH, clash_event: float = CLASH_EVENT) -> list[AlignedEvent]:
    """Aligned events across the reports: every sighting ends in exactly one aligned event."""
    drafts = sightings(reports, references=references)
    idf = _idf(drafts)
    edges = []
    for pair in candidate_pairs(drafts, idf):
        rel = pair.relation(align, clash, clash_event)
        if rel:
            edges.append((rel == "align", pair.sim, pair.i, pair.j))
    # compatible pairs first, strongest first; a group holds at most one sighting per document
    edges.sort(key=lambda e: (not e[0], -e[1], e[2], e[3]))
    group = list(range(len(drafts)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(drafts))}

    def find(x: int) -> int:
        while group[x] != x:
            group[x] = group[group[x]]
            x = group[x]
        return x

    for is_align, _, i, j in edges:
        gi, gj = find(i), find(j)
        if gi == gj:
            continue
        docs_i = {drafts[k].doc for k in members[gi]}
        docs_j = {drafts[k].doc for k in members[gj]}
        if docs_i & docs_j:
            continue
        if not is_align and len(members[gi]) + len(members[gj]) > 2 and not _clash_ok(drafts, members[gi], members[gj]):
            continue
        group[gj] = gi
        members[gi] += members.pop(gj)
    out = []
    for idx in members.values():
        out.append(_aligned(sorted((drafts[k] for k in idx), key=lambda d: (d.doc, d.index)), idf))
    out.sort(key=lambda e: (-len(e.reported_by), e.date or "9999", e.id))
    return out


def _clash_ok(drafts: Sequence[Draft], a: list[int], b: list[int]) -> bool:
    """A clash joins groups only when every cross pair has the same event family and kind."""
    return all(drafts[x].kind == drafts[y].kind and drafts[x].family == drafts[y].family for x in a for y in b)


def _agreed_date(drafts: Sequence[Draft]) -> str | None:
    values = [d.sighting.date for d in drafts if d.sighting.date]
    if not values:
        return None
    intervals = [interval(v) for v in values]
    if all(compatible_dates(x, y) for x in intervals for y in intervals):
        return max(values, key=len)
    return None


def _aligned(drafts: Sequence[Draft], idf: dict[str, float]) -> AlignedEvent:
    first = drafts[0]
    shared = frozenset.intersection(*(d.terms for d in drafts)) if len(drafts) > 1 else first.terms
    terms = sorted(shared, key=lambda t: (-idf.get(t, 0.0), t))[:6]
    source = next((d.sighting.source for d in drafts if d.sighting.source), None)
    target = next((d.sighting.target for d in drafts if d.sighting.target), None)
    date = _agreed_date(drafts)
    if first.kind == "event":
        label = f"{first.family or '?'} {source or '?'} → {target or '?'}"
    else:
        label = f"reference to {date or first.sighting.date}"
    if terms:
        label += ": " + ", ".join(terms)
    ident = "a-" + digest(*(f"{d.doc}:{d.kind}:{d.index}" for d in drafts), length=12)
    return AlignedEvent(
        id=ident, kind=first.kind, label=label, plover=first.family if first.kind == "event" else None,
        cameo_root=first.cameo_root, source=source, target=target, date=date, terms=terms,
        reported_by=sorted({d.doc for d in drafts}), sightings=[d.sighting for d in drafts],
    )
