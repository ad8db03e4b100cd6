"""The HTML pages, each with a JSON twin (the same path plus `.json`) holding exactly what it shows.

Server-rendered with Jinja2 (autoescaping on: an article may contain any HTML); the URL holds the
whole query, so every view can be bookmarked; charts are Plotly figures drawn by the local
plotly.js, and every page works without JavaScript (charts aside).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from ..errors import E, ParleyError
from . import figures, query, views
from .db import reading

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
NAV = (("/", "Dashboard"), ("/events", "Events"), ("/documents", "Documents"), ("/actors", "Actors"),
       ("/dyads", "Dyads"), ("/timeline", "Timeline"), ("/compare", "Compare"), ("/upload", "Upload"))
TEXT_FILTERS = ("actor", "country", "dyad", "code", "plover", "modality", "start", "end", "outlet", "doc", "q",
                "source_country", "target_country", "cameo_root")


def wants_html(request: Request) -> bool:
    """Whether an error on this request should be an HTML page (not the API, a JSON twin or a download)."""
    path = request.url.path
    return not (path.startswith("/api") or path.endswith((".json", ".csv", ".parquet")))


def error_page(request: Request, exc: ParleyError, status: int) -> Response:
    return render(request, "error.html", {"code": exc.code.name, "message": str(exc)}, status=status)


def link(path: str, params: dict[str, Any], **change: Any) -> str:
    """A link to `path` with `params` changed (a None value drops the parameter)."""
    items = [(k, v) for k, v in {**params, **change}.items() if v not in (None, "")]
    return path + ("?" + urlencode(items, doseq=True) if items else "")


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page from its template, with the navigation and the server's settings."""
    state = request.app.state
    return templates.TemplateResponse(request, template, {
        "nav": NAV, "path": request.url.path, "token_required": bool(state.token), "url": link,
        "max_upload_bytes": state.max_upload_bytes, "db": state.db.name, "writable": not views.is_batch(state.db),
        **context}, status_code=status)


def _int(request: Request, name: str, default: int, lo: int = 0, hi: int = 10**9) -> int:
    value = request.query_params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ParleyError(E.E607, name=name, reason=f"'{value}' is not a whole number") from exc
    if not lo <= number <= hi:
        raise ParleyError(E.E607, name=name, reason=f"use a number from {lo} to {hi}")
    return number


def _str(request: Request, name: str) -> str | None:
    return (request.query_params.get(name) or "").strip() or None


def _flag(request: Request, name: str) -> bool:
    return (request.query_params.get(name) or "true").lower() != "false"


def event_filter(request: Request) -> query.EventFilter:
    """The explorer's filters from the query string (the same names as the REST API's)."""
    return query.EventFilter(**{n: _str(request, n) for n in TEXT_FILTERS},
                             quad_class=_int(request, "quad_class", 0, 0, 4) or None,
                             directed=_flag(request, "directed"), sort=_str(request, "sort") or "date").check()


def page(path: str, template: str, json_path: str | None = None,
         extra: Callable[[dict[str, Any], Request], dict[str, Any]] | None = None) -> Callable[..., Any]:
    """Register a view at `path` (HTML) and at `json_path` (its JSON twin; default path + .json)."""
    twin_path = json_path or path + ".json"

    def register(view: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        def as_json(request: Request, **kw: Any) -> Response:
            return JSONResponse(jsonable_encoder(view(request, **kw)))

        def as_html(request: Request, **kw: Any) -> Response:
            data = view(request, **kw)
            more = extra(data, request) if extra else {}
            twin = twin_path.format(**kw) + ("?" + request.url.query if request.url.query else "")
            return render(request, template, {**data, **more, "json_url": twin})

        for fn, kind in ((as_json, "json"), (as_html, "html")):
            fn.__signature__ = inspect.signature(view)  # type: ignore[attr-defined]
            fn.__name__ = f"{view.__name__}_{kind}"
        router.get(twin_path)(as_json)  # first, so "/documents/{id}" does not swallow "{id}.json"
        router.get(path, response_class=HTMLResponse)(as_html)
        return view
    return register


def _dashboard_figures(data: dict[str, Any], request: Request) -> dict[str, Any]:
    return {"figures": {"quad": figures.script_json(figures.quad_over_time(data["volumes"])),
                        "dyads": figures.script_json(figures.top_dyads(data["top_dyads"]))}}


@page("/", "index.html", json_path="/index.json", extra=_dashboard_figures)
def dashboard(request: Request) -> dict[str, Any]:
    return views.dashboard(request.app.state.db)


@page("/events", "events.html")
def events(request: Request) -> dict[str, Any]:
    return views.events(request.app.state.db, event_filter(request),
                        limit=_int(request, "limit", 50, 1, query.MAX_PAGE), offset=_int(request, "offset", 0))


@router.get("/events.csv")
def events_csv(request: Request) -> Response:
    from .api import csv_response

    return csv_response(request.app.state.db, event_filter(request))


@router.get("/events.parquet")
def events_parquet(request: Request) -> Response:
    from .api import parquet_response

    return parquet_response(request.app.state.db, event_filter(request))


@page("/documents", "documents.html")
def documents(request: Request) -> dict[str, Any]:
    return views.document_list(request.app.state.db, q=_str(request, "q"), outlet=_str(request, "outlet"),
                               limit=_int(request, "limit", 50, 1, query.MAX_PAGE),
                               offset=_int(request, "offset", 0))


@page("/documents/{doc_id}", "document.html", json_path="/documents/{doc_id}.json")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    return views.document(request.app.state.db, doc_id)


@page("/actors", "actors.html")
def actors(request: Request) -> dict[str, Any]:
    return views.actors(request.app.state.db, q=_str(request, "q"), country=_str(request, "country"),
                        limit=_int(request, "limit", 100, 1, query.MAX_PAGE), offset=_int(request, "offset", 0))


@page("/dyads", "dyads.html")
def dyads(request: Request) -> dict[str, Any]:
    with reading(request.app.state.db) as con:
        return {"items": query.top_dyads(con, _int(request, "limit", 50, 1, query.MAX_PAGE))}


def _dyad_figures(data: dict[str, Any], request: Request) -> dict[str, Any]:
    figs = figures.series_figures(data["rows"], data.get("dyad") or data.get("actor") or "")
    return {"figures": {k: figures.script_json(v) for k, v in figs.items()}}


@page("/dyad", "dyad.html", extra=_dyad_figures)
def dyad(request: Request) -> dict[str, Any]:
    dyad_spec, actor, by = _str(request, "dyad"), _str(request, "actor"), _str(request, "by") or "month"
    if not dyad_spec and not actor:
        return {"dyad": None, "actor": None, "by": by, "directed": True, "rows": [], "left_out": 0,
                "method": "", "filter": {}}
    return views.series(request.app.state.db, dyad=dyad_spec, actor=actor, directed=_flag(request, "directed"),
                        by=by, code=_str(request, "code"), plover=_str(request, "plover"),
                        start=_str(request, "start"), end=_str(request, "end"))


def _choices(db: Path) -> list[dict[str, Any]]:
    with reading(db) as con:
        return query.documents(con, limit=500)[1]


def _timeline_extra(data: dict[str, Any], request: Request) -> dict[str, Any]:
    return {"figure": figures.script_json(figures.timeline(data["points"])),
            "choices": _choices(request.app.state.db)}


@page("/timeline", "timeline.html", extra=_timeline_extra)
def timeline(request: Request) -> dict[str, Any]:
    ids = [i for i in request.query_params.getlist("doc") if i]
    return views.timeline(request.app.state.db, ids, _flag(request, "references"))


def _compare_extra(data: dict[str, Any], request: Request) -> dict[str, Any]:
    result = data["result"]
    names = {} if result is None else {
        d.id: d.outlet or d.title or (d.path or d.id).rsplit("/", 1)[-1] for d in result.documents}
    return {"choices": _choices(request.app.state.db), "names": names}


@page("/compare", "compare.html", extra=_compare_extra)
def compare(request: Request) -> dict[str, Any]:
    return views.compare(request.app.state.db, [i for i in request.query_params.getlist("doc") if i])


@page("/upload", "upload.html")
def upload(request: Request) -> dict[str, Any]:
    state = request.app.state
    return {"max_upload_bytes": state.max_upload_bytes, "token_required": bool(state.token),
            "writable": not views.is_batch(state.db), "result": None}


@router.post("/upload", response_class=HTMLResponse)
async def upload_form(request: Request) -> Response:
    """The upload form without JavaScript: analyse, store, and list what was stored."""
    from .api import _writable, analyse_and_store, make_upload

    form = await request.form()
    _writable(request, str(form.get("token") or "") or None)
    field = lambda name: str(form.get(name) or "").strip() or None  # noqa: E731
    files = [f for f in form.getlist("files") if getattr(f, "filename", None)]
    up = await make_upload(field("text"), files, field("title"), field("url"), field("outlet"), field("published"))
    result = await analyse_and_store(request, up)
    return render(request, "upload.html", {"result": result, "json_url": None}, status=201)
