"""The report model: pydantic v2 classes for Parley's v1 output contract.

These classes are the one definition of what Parley emits. The CLI's JSON, the store, the REST
API and `parley schema` all use them. This module imports nothing else of Parley's.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CONTRACT_VERSION = "1"

Modality = Literal["asserted", "negated", "intent", "threat", "demand", "hypothetical", "refused"]
DateBasis = Literal["explicit", "relative", "publication", "unknown"]
Precision = Literal["day", "week", "month", "season", "year", "decade", "century", "unknown"]
QuoteKind = Literal["direct", "indirect", "mixed", "term"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Document(_Model):
    """One article: its identity and metadata. `text` is kept for offsets but not serialised."""

    id: str = Field(description="Stable id: hash of the normalised text.")
    path: str | None = Field(None, description="Where the document was read from.")
    title: str | None = None
    outlet: str | None = Field(None, description="Publisher, from metadata or the URL's host.")
    url: str | None = None
    published: str | None = Field(None, description="Publication date, ISO 8601 (YYYY-MM-DD).")
    dateline: str | None = Field(None, description='Place in the dateline ("MADRID –" gives MADRID).')
    author: str | None = None
    language: str | None = "en"
    extra: dict[str, Any] = Field(default_factory=dict, description="Other metadata the reader found.")
    text: str = Field("", exclude=True, description="The text that offsets point into.")


class Mention(_Model):
    """Where an actor is named in the text (character offsets)."""

    text: str
    start: int
    end: int


class Actor(_Model):
    """A political actor named in the document, resolved to the knowledge base where possible."""

    id: str
    name: str
    code: str | None = Field(None, description="CAMEO-style combined code, e.g. IRNGOV.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-3, or an IGO code such as UNO.")
    sectors: list[str] = Field(default_factory=list)
    type: str | None = Field(None, description="state, person, organisation or group.")
    mentions: list[Mention] = Field(default_factory=list)


class ActorRef(_Model):
    """An actor as it takes part in one event or quote."""

    actor_id: str | None = None
    name: str | None = None
    code: str | None = None
    country: str | None = None
    text: str | None = Field(None, description="The words in the text that name it.")


class EventDate(_Model):
    value: str | None = None
    precision: Precision = "unknown"
    basis: DateBasis = "unknown"


class Location(_Model):
    """Where an event took place: a place named in the sentence, else the dateline."""

    name: str | None = None
    country: str | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    basis: str | None = Field(None, description="sentence, dateline or actor: how the place was found.")


class Evidence(_Model):
    text: str
    start: int
    end: int


class Event(_Model):
    """Who did what to whom: one coded event with the sentence it comes from."""

    id: str
    source: ActorRef | None = None
    target: ActorRef | None = None
    cameo: str
    cameo_root: str
    plover: str | None = None
    plover_mode: str | None = None
    goldstein: float | None = None
    quad_class: int | None = Field(None, ge=1, le=4)
    negated: bool = False
    modality: Modality = "asserted"
    date: EventDate = Field(default_factory=EventDate)
    location: Location | None = None
    evidence: Evidence
    reported_by: list[str] | None = Field(
        None, description="Documents that report it (filled by cross-source comparison)."
    )
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    rule: str | None = Field(None, description="The pattern or model that made the event.")


class Quote(_Model):
    """Something an actor said, directly or in reported speech."""

    speaker: ActorRef | None = None
    text: str
    kind: QuoteKind = "direct"
    cue: str | None = None
    start: int
    end: int


class TimeExpression(_Model):
    """A date or time expression in the text, normalised."""

    text: str
    value: str | None = None
    precision: Precision = "unknown"
    start: int
    end: int
    timex3: str | None = Field(None, description="TIMEX3 value where one applies.")


class ErrorEntry(_Model):
    """What went wrong with an input, with a code users can look up (see parley.errors)."""

    code: str
    message: str
    stage: str | None = None


class DocumentReport(_Model):
    """Everything Parley found in one document: one line of `parley analyze --format jsonl`."""

    document: Document
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    errors: list[ErrorEntry] = Field(default_factory=list)

    def to_json(self) -> str:
        """One line of JSON, as the v1 contract prints it."""
        return self.model_dump_json()


def report_schema() -> dict[str, Any]:
    """JSON Schema of the document report, as `parley schema` prints it."""
    schema = DocumentReport.model_json_schema()
    schema["$comment"] = f"Parley output contract v{CONTRACT_VERSION}"
    schema["title"] = "Parley DocumentReport"
    return schema
