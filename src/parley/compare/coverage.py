"""Coverage: which document reports which aligned event, what it omits, and quotes per speaker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..document import DocumentReport, Quote
from .models import AlignedEvent, Coverage, SpeakerQuotes, Story


def coverage(reports: Sequence[DocumentReport], stories: Sequence[Story],
             events: Sequence[AlignedEvent]) -> list[Coverage]:
    """Per document: aligned events it reports, those others in its story report and it omits."""
    story_of = {d: s.id for s in stories for d in s.documents}
    members = {s.id: set(s.documents) for s in stories}
    out = []
    for report in reports:
        doc = report.document.id
        story = story_of.get(doc, "")
        peers = members.get(story, {doc}) - {doc}
        reports_ids, omits, exclusive = [], [], []
        for ev in events:
            by = set(ev.reported_by)
            if doc in by:
                reports_ids.append(ev.id)
                if peers and not (by & peers):
                    exclusive.append(ev.id)
            elif by & peers:
                omits.append(ev.id)
        out.append(Coverage(document=doc, outlet=report.document.outlet, story=story, reports=reports_ids,
                            omits=omits, exclusive=exclusive))
    return out


def _speaker_key(q: Quote) -> tuple[str, str | None] | None:
    sp = q.speaker
    if sp is None:
        return None
    name = sp.name or sp.text
    if not name:
        return None
    return name.strip(), sp.country


def quotes_by_speaker(reports: Sequence[DocumentReport]) -> list[SpeakerQuotes]:
    """Quotes grouped by speaker name, then by document; unattributed quotes are left out."""
    table: dict[str, dict[str, list[Quote]]] = defaultdict(lambda: defaultdict(list))
    countries: dict[str, str | None] = {}
    for report in reports:
        for q in report.quotes:
            key = _speaker_key(q)
            if key is None:
                continue
            name, country = key
            table[name][report.document.id].append(q)
            countries.setdefault(name, country)
    out = [SpeakerQuotes(speaker=name, country=countries.get(name), by_document=dict(docs))
           for name, docs in table.items()]
    out.sort(key=lambda s: (-sum(len(v) for v in s.by_document.values()), s.speaker))
    return out
