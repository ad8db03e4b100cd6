"""The web app and REST API: `parley serve` explores a store in the browser and over HTTP.

    from parley.web import create_app
    app = create_app("parley.duckdb")          # any ASGI server runs it

Pages are thin over `views` (each with a JSON twin), the REST API over the same functions.
"""

from __future__ import annotations

from .app import DEFAULT_MAX_UPLOAD, LOOPBACK_HOSTS, create_app, is_loopback

__all__ = ["DEFAULT_MAX_UPLOAD", "LOOPBACK_HOSTS", "create_app", "is_loopback"]
