"""Response models of the REST API: the report models plus paging, facets and series.

Events come back as the report's own `Event`, with the document they were read from; documents as
the report's `Document`. These classes type the routes, so the published OpenAPI schema is the
same contract `parley schema` prints.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from ..document import ActorRef, Document, DocumentReport, Event, EventDate, Evidence, Location

T = TypeVar("T")


class ApiError(BaseModel):
    """Every error answer: the Parley error code (see docs/errors.md) and its message."""

    error: str = Field(description="Parley error code, e.g. E606.")
    message: str


class FacetValue(BaseModel):
    value: Any
    count: int


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total and the link that fetches the next page."""

    total: int
    limit: int
    offset: int
    items: list[T]
    next: str | None = Field(None, description="URL of the next page, if any.")
    filter: dict[str, str] = Field(default_factory=dict, description="The filters applied.")
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict)


class StoredEvent(Event):
    """An event as the store keeps it: the report's Event plus the document it came from."""

    doc_id: str
    outlet: str | None = None
    published: str | None = None
    title: str | None = None


class DocumentSummary(Document):
    """A stored document without its text, with how many records of each kind it has."""

    n_actors: int = 0
    n_events: int = 0
    n_quotes: int = 0
    n_times: int = 0
    n_errors: int = 0


class ActorSummary(BaseModel):
    actor_id: str | None
    name: str | None
    code: str | None = None
    country: str | None = None
    type: str | None = None
    mentions: int = 0
    documents: int = 0
    events: int = 0


class SeriesRow(BaseModel):
    period: str
    period_start: str
    events: int
    goldstein_sum: float
    goldstein_mean: float | None = None
    quad1: int = 0
    quad2: int = 0
    quad3: int = 0
    quad4: int = 0


class Series(BaseModel):
    """A dyad's (or actor's) events per period: counts, Goldstein sum and mean, QuadClass counts."""

    dyad: str | None = None
    actor: str | None = None
    directed: bool = True
    by: str
    rows: list[SeriesRow]
    left_out: int = Field(0, description="Events dated too coarsely for the period, or undated.")
    method: str


class UploadResult(BaseModel):
    """What an upload stored: one summary per document read, and why any file was not read."""

    stored: int
    documents: list[DocumentSummary]
    errors: list[dict[str, Any]] = Field(default_factory=list)


class Job(BaseModel):
    """A background upload: how far its analysis has got, and what it stored."""

    id: str
    status: str = Field(description="queued, running, done or failed.")
    total: int
    done: int
    stored: int = 0
    documents: list[DocumentSummary] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    message: str | None = None


def event_from_row(row: dict[str, Any]) -> StoredEvent:
    """A StoredEvent from one flat `events` row (joined with its document's outlet, date and title)."""
    def ref(side: str) -> ActorRef | None:
        values = {k: row.get(f"{side}_{'id' if k == 'actor_id' else k}")
                  for k in ("actor_id", "name", "code", "country", "text")}
        return ActorRef(**values) if any(v is not None for v in values.values()) else None

    location = None
    if row.get("location_name") or row.get("location_country"):
        location = Location(name=row.get("location_name"), country=row.get("location_country"))
    confidence = row.get("confidence")
    return StoredEvent(
        id=row["id"], doc_id=row["doc_id"], source=ref("source"), target=ref("target"),
        cameo=row.get("cameo") or "", cameo_root=row.get("cameo_root") or "", plover=row.get("plover"),
        plover_mode=row.get("plover_mode"), goldstein=row.get("goldstein"), quad_class=row.get("quad_class"),
        negated=bool(row.get("negated")), modality=row.get("modality") or "asserted",
        date=EventDate(value=row.get("date_value"), precision=row.get("date_precision") or "unknown",
                       basis=row.get("date_basis") or "unknown"),
        location=location,
        evidence=Evidence(text=row.get("evidence_text") or "", start=row.get("evidence_start") or 0,
                          end=row.get("evidence_end") or 0),
        reported_by=row.get("reported_by"), confidence=0.5 if confidence is None else confidence,
        rule=row.get("rule"), outlet=row.get("outlet"), published=row.get("published"), title=row.get("title"),
    )


def summary_of(report: DocumentReport) -> DocumentSummary:
    """The summary of a freshly analysed report (as the documents list shows it)."""
    return DocumentSummary(**report.document.model_dump(), n_actors=len(report.actors),
                           n_events=len(report.events), n_quotes=len(report.quotes),
                           n_times=len(report.times), n_errors=len(report.errors))
