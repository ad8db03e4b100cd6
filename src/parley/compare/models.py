"""The comparison report: pydantic v2 models of what `parley compare --format json` prints.

Imports only pydantic and parley.document, like the per-document report models, so that the REST
API and `parley schema` can publish them without pulling in the comparison code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..document import Document, Quote

LinkKind = Literal["near_duplicate", "same_story"]
AlignedKind = Literal["event", "reference"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class StoryLink(_Model):
    """Why two documents were put in one story: near-duplicate text or a shared story."""

    a: str = Field(description="Document id.")
    b: str = Field(description="Document id.")
    kind: LinkKind
    score: float = Field(description="MinHash Jaccard for near duplicates, TF-IDF cosine otherwise.")
    shared_terms: list[str] = Field(default_factory=list, description="Heaviest words both documents use.")


class Story(_Model):
    """A group of documents that tell the same story (a document alone when none other does)."""

    id: str
    documents: list[str]
    basis: str = Field(description="Readable reason for the grouping.")
    links: list[StoryLink] = Field(default_factory=list)


class Sighting(_Model):
    """How one document tells an aligned event: its own event or time reference, with evidence."""

    document: str
    event_id: str | None = Field(None, description="The document's own event id, when a coded event.")
    text: str = Field(description="Evidence sentence (or clause for a historical reference).")
    start: int
    end: int
    date: str | None = None
    place: str | None = None
    place_country: str | None = Field(None, description="ISO3 country of the place, when known.")
    source: str | None = Field(None, description="Source actor code or country.")
    target: str | None = None
    numbers: dict[str, str] = Field(default_factory=dict, description="Counted nouns and their numbers.")


class AlignedEvent(_Model):
    """One real-world event or historical reference, as reported by one or more documents."""

    id: str
    kind: AlignedKind
    label: str = Field(description="Short description: event type, actors and key words.")
    plover: str | None = None
    cameo_root: str | None = None
    source: str | None = None
    target: str | None = None
    date: str | None = Field(None, description="The most precise date the documents agree on.")
    terms: list[str] = Field(default_factory=list, description="Key words the sightings share.")
    reported_by: list[str]
    sightings: list[Sighting]


class ContradictionValue(_Model):
    """One document's value of a field, with the evidence."""

    document: str
    value: str
    evidence: str
    start: int
    end: int


class Contradiction(_Model):
    """The same aligned event told with different values of one field."""

    id: str
    event: str = Field(description="Aligned event id.")
    label: str
    field: str = Field(description="date, place, source, target or number:<noun>.")
    values: list[ContradictionValue]


class Coverage(_Model):
    """What one document reports and omits of the events told by others in its story."""

    document: str
    outlet: str | None = None
    story: str
    reports: list[str] = Field(default_factory=list, description="Aligned event ids it reports.")
    omits: list[str] = Field(default_factory=list, description="Aligned event ids others in its story report.")
    exclusive: list[str] = Field(default_factory=list, description="Aligned event ids only it reports.")


class SpeakerQuotes(_Model):
    """The quotes of one speaker, per document."""

    speaker: str
    country: str | None = None
    by_document: dict[str, list[Quote]]


class FramingTerm(_Model):
    """A loaded or emotive word used near an actor, with its valence."""

    term: str
    valence: float
    loaded: bool = Field(description="In Parley's loaded-terms list (not only an emotive word).")
    count: int = 1


class ActorFraming(_Model):
    """Tone toward one actor in one document, and the loaded terms used about it."""

    document: str
    outlet: str | None = None
    actor: str
    code: str | None = None
    tone: float = Field(description="Mean target-dependent lexicon tone of the sentences naming the actor "
                                    "(-1..1; see parley.compare.framing).")
    sentences: int
    terms: list[FramingTerm] = Field(default_factory=list)


class CompareReport(_Model):
    """Everything `parley compare` found across a set of documents."""

    documents: list[Document]
    stories: list[Story]
    events: list[AlignedEvent]
    contradictions: list[Contradiction]
    coverage: list[Coverage]
    quotes_by_speaker: list[SpeakerQuotes]
    framing: list[ActorFraming]
    method: dict[str, str] = Field(default_factory=dict, description="How each part was computed.")
