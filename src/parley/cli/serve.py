"""`parley serve`: the web app and REST API over a store, on this machine by default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import typer

from ..store import DEFAULT_DB
from . import app
from ._common import err, fail


@app.command("serve")
def serve_command(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="A .duckdb store (created on the first upload) or "
                            "a batch output folder (DIR/TABLE/*.parquet, read only)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but loopback "
                             "makes uploads need the token."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: str | None = typer.Option(None, "--token", envvar="PARLEY_TOKEN", help="Token uploads must send "
                                     "(Authorization: Bearer ...). Made up and printed when --host is not "
                                     "loopback and none is given."),
    max_upload: int = typer.Option(20, "--max-upload", min=1, help="Largest upload, in MB."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Keep answers to reads until the store "
                               "changes (another process's write shows within about 2 s; uploads at once)."),
) -> None:
    """Explore events, dyads, timelines and comparisons in the browser, or over the REST API.

    Pages: / (dashboard), /events, /documents, /actors, /dyads, /timeline, /compare, /upload; add
    `.json` to a page's path for its data. REST API and OpenAPI schema: /api/docs, /api/openapi.json.

    Examples:

    * `parley serve --db parley.duckdb`

    * `parley serve --db out/ --port 8080`  (a batch output folder, read only)
    """
    try:
        import uvicorn

        from ..web import LOOPBACK_HOSTS, create_app, is_loopback
    except ImportError as exc:
        fail(f"the web app needs fastapi, uvicorn and python-multipart ({exc}): "
             "pip install fastapi==0.165.0 uvicorn==0.54.0 python-multipart==0.0.34")
    if not db.exists() and db.suffix != ".duckdb":
        fail(f"no such store or folder: {db}")
    local = is_loopback(host)
    if not local and not token:
        token = secrets.token_urlsafe(24)
        err.print(f"Listening on {host}: uploads need this token: {token}", highlight=False)
    web_app = create_app(db, token=token, max_upload_bytes=max_upload * 1024 * 1024,
                         allowed_hosts=LOOPBACK_HOSTS if local else None, cache=cache)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Parley on http://{shown}:{port}/  (store: {db}; Ctrl+C stops)", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level=os.environ.get("PARLEY_LOG_LEVEL", "warning"))
