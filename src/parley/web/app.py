"""The web app: `create_app(db)` gives a FastAPI app with the REST API (/api), the pages and their
JSON twins, static files, and the security rules every route shares.

Security: the server listens on loopback unless told otherwise; writes need the token when one is
set and must come from loopback when none is; cross-origin writes are refused; request bodies are
cut off at `max_upload_bytes`; every page is escaped by Jinja2 and served under a strict
Content-Security-Policy (scripts only from this server, no inline script).
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ..errors import E, ParleyError

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
STATUS = {"E601": 503, "E602": 413, "E603": 401, "E604": 409, "E605": 400, "E606": 404, "E607": 400,
          "E608": 404, "E610": 403, "E014": 400, "E500": 400, "E551": 400, "E552": 400, "E553": 400,
          "E310": 507, "E311": 409, "E312": 500, "E313": 503}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HERE = Path(__file__).parent


def is_loopback(host: str | None) -> bool:
    """Whether an address or host name means this machine only."""
    if not host:
        return False
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plotly_js_path() -> Path | None:
    """plotly.min.js inside the installed plotly package (served as-is; never copied or fetched)."""
    try:
        path = resources.files("plotly") / "package_data" / "plotly.min.js"
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


class _TooBig(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _too_big(size: int, limit: int) -> Response:
    return JSONResponse({"error": "E602", "message": E.E602.format(size=size, limit=limit)}, status_code=413)


class BodyLimit:
    """ASGI middleware: answers 413 (E602) when a request body is over the limit, before it is parsed."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _too_big(int(length), self.limit)(scope, receive, send)
            return
        seen = 0
        over: list[int] = []  # set once the body passed the limit
        replaced = False

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over.append(seen)
                    raise _TooBig(seen)
            return message

        async def guarded(message: dict[str, Any]) -> None:
            # The app may catch _TooBig while parsing a form and answer 400 itself: answer 413 instead.
            nonlocal replaced
            if over and message["type"] == "http.response.start" and not replaced:
                replaced = True
                await _too_big(over[0], self.limit)(scope, receive, send)
                return
            if not replaced:
                await send(message)

        try:
            await self.app(scope, limited, guarded)
        except _TooBig as exc:
            if not replaced:
                await _too_big(exc.size, self.limit)(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: every answer (pages, API, static files, and the 413/400 answers of the outer
    guards) gets the Content-Security-Policy, nosniff, no-referrer and no-framing headers."""

    HEADERS = (("content-security-policy", CSP), ("x-content-type-options", "nosniff"),
               ("referrer-policy", "no-referrer"), ("x-frame-options", "DENY"))

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in self.HEADERS if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def check_write(request: Request, token: str | None = None) -> None:
    """Refuse a write that is cross-origin (E610), lacks the token (E603), or, without one, is not local."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise ParleyError(E.E610, origin=origin)
    expected = request.app.state.token
    if expected:
        auth = request.headers.get("authorization", "")
        given = token or request.headers.get("x-parley-token") or (
            auth[7:] if auth.lower().startswith("bearer ") else None)
        if not given or not secrets.compare_digest(given.encode(), expected.encode()):
            raise ParleyError(E.E603)
    elif not is_loopback(request.client.host if request.client else None):
        raise ParleyError(E.E603)


def create_app(db: str | Path, token: str | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD, *,
               allowed_hosts: list[str] | None = None, analyzer: Any = None, cache: bool = True) -> FastAPI:
    """The Parley web app over a .duckdb store (read and upload) or a batch folder (read only).

    `token` guards the write endpoints; `allowed_hosts` (e.g. LOOPBACK_HOSTS) guards against DNS
    rebinding; `analyzer` replaces Parley's pipeline for uploads (a function from Upload to reports);
    `cache` keeps GET answers until the store changes (see `parley.web.cache`).
    """
    from . import api, pages
    from .cache import CachedReads, ReadCache
    from .db import release
    from .uploads import Jobs, analyze_upload

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.shutdown()
        release()  # the read connection kept for the next request

    app = FastAPI(lifespan=lifespan, title="Parley", version=_version(),
                  summary="Evidence-linked political event data from news.",
                  description="REST API over a Parley store: documents, events, actors, dyad series, timelines "
                              "and comparisons. Every HTML page also has a JSON twin (add .json).",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.db = Path(db)
    app.state.token = token
    app.state.max_upload_bytes = max_upload_bytes
    app.state.analyzer = analyzer or analyze_upload
    app.state.read_cache = ReadCache(app.state.db) if cache else None
    app.state.jobs = Jobs(app.state.analyzer, lambda reports: api.store_reports(app.state.db, reports,
                                                                                app.state.read_cache))

    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError) -> Response:
        status = STATUS.get(exc.code.name, 500)
        if pages.wants_html(request):
            return pages.error_page(request, exc, status)
        return JSONResponse({"error": exc.code.name, "message": str(exc)}, status_code=status)

    if app.state.read_cache is not None:
        app.add_middleware(CachedReads, cache=app.state.read_cache)
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # last added is outermost: it covers the guards' answers too

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    async def plotly_js() -> Response:
        path = plotly_js_path()
        if path is None:
            return Response("/* plotly is not installed: pip install plotly==6.9.0 (E609) */",
                            media_type="text/javascript", status_code=404)
        return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("parley")
    except Exception:  # noqa: BLE001  (not installed: a source checkout)
        return "0"
