"""The REST API (/api): documents, events, actors, dyad series, timelines, comparisons and uploads.

Thin over `views` and `query`, typed by the report models (see `models`), so /api/openapi.json
publishes the same contract as `parley schema`. Every filtered event list downloads as CSV or Parquet.
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from ..compare.models import CompareReport
from ..document import DocumentReport
from ..errors import E, ParleyError
from ..timeline import TimelinePoint
from . import query, views
from .app import check_write
from .db import reading, writing
from .models import (
    ActorSummary,
    ApiError,
    DocumentSummary,
    Job,
    Page,
    Series,
    StoredEvent,
    UploadResult,
    summary_of,
)
from .uploads import JobState, Upload, error_rows


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error answers, all shaped as ApiError."""
    what = {400: "A value the schema allows but Parley cannot use (E607, E551...).",
            401: "Write without the server's token (E603).", 403: "Cross-origin write (E610).",
            404: "No such document or job (E606, E608).", 409: "The store cannot take writes: a batch "
            "folder (E604) or read-only (E311).", 413: "Upload over the size limit (E602).",
            500: "Writing the store failed (E312).", 503: "The store is locked by another process (E601, E313).",
            507: "The disk is full (E310)."}
    return {c: {"model": ApiError, "description": what[c]} for c in codes}


def _json_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The same entries for routes that answer text, CSV or Parquet: their errors are still JSON."""
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    return {c: {"description": e["description"], "content": ref} for c, e in _errors(*codes).items()}


READ_ERRORS = _errors(400, 404, 503)
WRITE_ERRORS = _errors(400, 401, 403, 409, 413, 500, 503, 507)
#: Dates the filters take: a year, a month or a day.
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
#: A dyad: two names around -, : or > (e.g. IRN-USA).
DYAD_PATTERN = r"^[^>:\-]*[^>:\-\s][^>:\-]*[>:\-]\s*\S.*$"

router = APIRouter(prefix="/api", tags=["api"], responses=READ_ERRORS)


def event_filter(
    actor: Annotated[str | None, Query(description="Country, actor code (or prefix) or name, on either side.")] = None,
    country: Annotated[str | None, Query(description="ISO alpha-3 of the source or the target.")] = None,
    dyad: Annotated[str | None, Query(description="SOURCE-TARGET, e.g. IRN-USA.", pattern=DYAD_PATTERN)] = None,
    directed: Annotated[bool, Query(description="false: also TARGET-SOURCE events.")] = True,
    code: Annotated[str | None, Query(description="CAMEO code or root, e.g. 12 or 125.")] = None,
    plover: Annotated[str | None, Query(description="PLOVER event type, e.g. REJECT.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    modality: Annotated[Literal[query.MODALITIES] | None, Query()] = None,  # type: ignore[valid-type]
    start: Annotated[str | None, Query(description="First day (YYYY, YYYY-MM or YYYY-MM-DD), by the "
                                                   "event's date, else its report's.", pattern=DATE_PATTERN)] = None,
    end: Annotated[str | None, Query(description="Last day, inclusive (YYYY, YYYY-MM or YYYY-MM-DD).",
                                     pattern=DATE_PATTERN)] = None,
    outlet: str | None = None,
    doc: Annotated[str | None, Query(description="Only this document's events.")] = None,
    q: Annotated[str | None, Query(description="Words in the evidence sentence, actor names or title.")] = None,
    source_country: str | None = None,
    target_country: str | None = None,
    cameo_root: str | None = None,
    sort: Annotated[Literal[tuple(query.SORTS)], Query()] = "date",  # type: ignore[valid-type]
) -> query.EventFilter:
    """The event filters of a request (shared by the list, its facets and its downloads)."""
    return query.EventFilter(actor=actor, country=country, dyad=dyad, directed=directed, code=code,
                             plover=plover, quad_class=quad_class, modality=modality, start=start, end=end,
                             outlet=outlet, doc=doc, q=q, source_country=source_country,
                             target_country=target_country, cameo_root=cameo_root, sort=sort).check()


Filter = Annotated[query.EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=query.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=query.MAX_OFFSET)]


def _next(request: Request, total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


@router.get("/documents", response_model=Page[DocumentSummary])
def list_documents(request: Request, q: str | None = None, outlet: str | None = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stored documents, newest first; `q` searches titles and text."""
    data = views.document_list(request.app.state.db, q=q, outlet=outlet, limit=limit, offset=offset)
    return {**data, "next": _next(request, data["total"], limit, offset)}


@router.get("/documents/{doc_id}", response_model=DocumentReport)
def get_document(request: Request, doc_id: str) -> DocumentReport:
    """One document's full report (actors, events, quotes, times, errors)."""
    return views.load_reports(request.app.state.db, [doc_id])[0]


@router.get("/documents/{doc_id}/text", response_class=PlainTextResponse, responses=_json_errors(400, 404, 503))
def get_document_text(request: Request, doc_id: str) -> str:
    """The document's text, which every offset in its report points into."""
    return views.load_reports(request.app.state.db, [doc_id])[0].document.text


async def make_upload(text: str | None, files: list[Any] | None, title: str | None, url: str | None,
                      outlet: str | None, published: str | None) -> Upload:
    """An Upload from form values (E605 when empty, E014 for a bad date)."""
    parts = [(f.filename or "upload.txt", await f.read()) for f in (files or []) if getattr(f, "filename", None)]
    if published:
        try:
            published = date.fromisoformat(published.strip()).isoformat()
        except ValueError as exc:
            raise ParleyError(E.E014, value=published) from exc
    upload = Upload(text=text, files=parts, title=title, url=url, outlet=outlet, published=published)
    if upload.parts == 0:
        raise ParleyError(E.E605)
    return upload


def store_reports(db: Path, reports: list[DocumentReport], cache: Any = None) -> int:
    """Write the readable reports to the store (waiting while another process holds it); clears `cache`."""
    readable = [r for r in reports if r.document.text.strip()]
    if not readable:
        return 0
    try:
        with writing(db) as store:
            return store.add_many(readable)
    finally:
        if cache is not None:
            cache.clear()


async def analyse_and_store(request: Request, upload: Upload) -> UploadResult:
    """Run the app's analyser on an upload and store what it read (off the event loop)."""
    reports = await run_in_threadpool(lambda: list(request.app.state.analyzer(upload)))
    stored = await run_in_threadpool(store_reports, request.app.state.db, reports, request.app.state.read_cache)
    return UploadResult(stored=stored, documents=[summary_of(r) for r in reports if r.document.text.strip()],
                        errors=error_rows(reports))


def _job(state: JobState) -> Job:
    return Job(id=state.id, status=state.status, total=state.total, done=state.done, stored=state.stored,
               documents=[summary_of(r) for r in list(state.reports) if r.document.text.strip()],
               errors=error_rows(list(state.reports)), message=state.message)


def _writable(request: Request, token: str | None) -> None:
    check_write(request, token)
    if views.is_batch(request.app.state.db):
        raise ParleyError(E.E604, path=request.app.state.db)


@router.post("/documents", response_model=UploadResult, status_code=201, responses=WRITE_ERRORS)
async def upload_documents(
    request: Request,
    text: Annotated[str | None, Form(description="Article text or HTML, pasted.")] = None,
    files: Annotated[list[UploadFile] | None, File(description="Files: .txt, .html, .jsonl, .csv.")] = None,
    title: Annotated[str | None, Form()] = None,
    url: Annotated[str | None, Form()] = None,
    outlet: Annotated[str | None, Form()] = None,
    published: Annotated[str | None, Form(description="YYYY-MM-DD, for documents without a date.")] = None,
    token: Annotated[str | None, Form(description="The server's token, if it has one.")] = None,
) -> UploadResult:
    """Analyse pasted text and/or files now and store them; answers when they are stored."""
    _writable(request, token)
    return await analyse_and_store(request, await make_upload(text, files, title, url, outlet, published))


@router.post("/jobs", response_model=Job, status_code=202, responses=WRITE_ERRORS)
async def start_job(
    request: Request,
    text: Annotated[str | None, Form()] = None,
    files: Annotated[list[UploadFile] | None, File()] = None,
    title: Annotated[str | None, Form()] = None,
    url: Annotated[str | None, Form()] = None,
    outlet: Annotated[str | None, Form()] = None,
    published: Annotated[str | None, Form()] = None,
    token: Annotated[str | None, Form()] = None,
) -> Job:
    """Start analysing an upload in the background; poll /api/jobs/{id} for progress."""
    _writable(request, token)
    upload = await make_upload(text, files, title, url, outlet, published)
    return _job(request.app.state.jobs.submit(upload))


@router.get("/jobs/{job_id}", response_model=Job)
def get_job(request: Request, job_id: str) -> Job:
    """How far an upload has got: documents analysed of those sent, and what was stored."""
    return _job(request.app.state.jobs.get(job_id))


@router.get("/events", response_model=Page[StoredEvent])
def list_events(request: Request, flt: Filter, limit: Limit = 50, offset: Offset = 0,
                facets: bool = True) -> dict[str, Any]:
    """Events matching the filters, one page at a time, with facet counts."""
    data = views.events(request.app.state.db, flt, limit=limit, offset=offset)
    if not facets:
        data = {**data, "facets": {}}
    return {**data, "next": _next(request, data["total"], limit, offset)}


def csv_response(db: Path, flt: query.EventFilter) -> Response:
    """The filtered events as CSV (every events column, plus outlet, published, title and day)."""
    sql, params = query.ordered(flt)
    with reading(db) as con:
        cur = con.execute(sql, params)
        names, found = [c[0] for c in cur.description], cur.fetchall()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(names)
    writer.writerows(["|".join(map(str, v)) if isinstance(v, list) else v for v in row] for row in found)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="events.csv"'})


def parquet_response(db: Path, flt: query.EventFilter) -> Response:
    """The filtered events as one Parquet file."""
    sql, params = query.ordered(flt)
    with tempfile.TemporaryDirectory(prefix="parley-web-") as tmp:
        path = Path(tmp) / "events.parquet"
        with reading(db) as con:
            con.execute(f"COPY ({sql}) TO '{path.as_posix()}' (FORMAT parquet)", params)
        data = path.read_bytes()
    return Response(data, media_type="application/vnd.apache.parquet",
                    headers={"Content-Disposition": 'attachment; filename="events.parquet"'})


@router.get("/events.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "The filtered events as CSV."},
                       **_json_errors(400, 404, 503)})
def events_csv(request: Request, flt: Filter) -> Response:
    """All events matching the filters, as CSV."""
    return csv_response(request.app.state.db, flt)


@router.get("/events.parquet", response_class=Response,
            responses={200: {"content": {"application/vnd.apache.parquet": {}},
                             "description": "The filtered events as Parquet."},
                       **_json_errors(400, 404, 503)})
def events_parquet(request: Request, flt: Filter) -> Response:
    """All events matching the filters, as Parquet."""
    return parquet_response(request.app.state.db, flt)


@router.get("/actors", response_model=Page[ActorSummary])
def list_actors(request: Request, q: str | None = None, country: str | None = None,
                limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Actors across documents, most mentioned first, with their documents and events."""
    data = views.actors(request.app.state.db, q=q, country=country, limit=limit, offset=offset)
    return {**data, "next": _next(request, data["total"], limit, offset)}


@router.get("/series", response_model=Series)
def dyad_series(request: Request,
                dyad: Annotated[str | None, Query(description="SOURCE-TARGET, e.g. IRN-USA.",
                                                  pattern=DYAD_PATTERN)] = None,
                actor: str | None = None, directed: bool = True,
                by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
                code: str | None = None, plover: str | None = None,
                start: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
                end: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None) -> dict[str, Any]:
    """A dyad's (or an actor's) events per period: count, Goldstein sum and mean, QuadClass counts."""
    if not dyad and not actor:
        raise ParleyError(E.E607, name="dyad", reason="give a dyad (e.g. IRN-USA) or an actor")
    return views.series(request.app.state.db, dyad=dyad, actor=actor, directed=directed, by=by, code=code,
                        plover=plover, start=start, end=end)


@router.get("/timeline", response_model=list[TimelinePoint])
def timeline(request: Request, doc: Annotated[list[str] | None, Query()] = None,
             references: bool = True) -> list[TimelinePoint]:
    """Dated events (and dated references) of the chosen documents (all when none), by date."""
    return views.timeline(request.app.state.db, doc, references)["points"]


@router.get("/compare", response_model=CompareReport)
def compare(request: Request, doc: Annotated[list[str], Query()]) -> CompareReport:
    """How the chosen documents tell their stories: aligned events, contradictions, coverage, framing."""
    result = views.compare(request.app.state.db, doc)["result"]
    if result is None:
        raise ParleyError(E.E500)
    return result


@router.get("/summary")
def summary(request: Request) -> dict[str, Any]:
    """Counts per table, top dyads, actors, outlets and event types: what the dashboard shows."""
    return views.dashboard(request.app.state.db)
