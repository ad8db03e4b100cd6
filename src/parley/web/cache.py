"""A read cache for the web app: GET answers kept until the store's files change.

Opening a DuckDB file costs tens of milliseconds, and the server may not keep it open (another
process could not write it then), so every uncached read pays for an open. Answers to GET requests
are therefore kept, keyed by URL and by the store's *signature* (size, mtime and inode of the
.duckdb file and its .wal, or of a batch folder's table folders): any commit changes it.

When the store changed under a cached answer (another process wrote), the old answer is served for
at most `max_stale` seconds while one background request computes the new one, so a writer never
stalls the readers. The app's own uploads clear the cache, so a person sees what they uploaded at once.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Signature = tuple[Any, ...]

#: Paths never cached: job progress lives in memory, static files have their own caching.
NEVER = ("/api/jobs", "/static", "/upload")


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def store_signature(path: Path) -> Signature:
    """What changes whenever the store's content may have: its files' sizes, mtimes and inodes."""
    if path.is_dir():  # a batch folder: the root, its table folders and their entries
        parts: list[Any] = [_stat(path)]
        try:
            for child in sorted(path.iterdir()):
                parts.append((child.name, _stat(child)))
                if child.is_dir():
                    parts.extend((c.name, _stat(c)) for c in sorted(child.iterdir()))
        except OSError:
            pass
        return tuple(parts)
    return _stat(path), _stat(path.with_name(path.name + ".wal"))


@dataclass
class Entry:
    signature: Signature
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    stale_since: float | None = None  # when a request first found the store changed under it


class ReadCache:
    """200 answers to GET requests per URL and store signature (see the module doc); `CachedReads` uses it."""

    def __init__(self, db: Path, max_entries: int = 256, max_body: int = 2 * 1024 * 1024,
                 max_stale: float = 2.0) -> None:
        self.db = Path(db)
        self.max_entries = max_entries
        self.max_body = max_body
        self.max_stale = max_stale
        self.entries: OrderedDict[tuple[str, str, str], Entry] = OrderedDict()
        self.refreshing: set[tuple[str, str, str]] = set()
        self.generation = 0  # bumped by clear(): answers computed before it are not stored
        self.hits = self.misses = self.stale = 0
        self.tasks: set[asyncio.Task[None]] = set()

    def clear(self) -> None:
        """Forget every answer (after this server wrote to the store)."""
        self.generation += 1
        self.entries.clear()

    def _key(self, scope: dict[str, Any]) -> tuple[str, str, str]:
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        return scope["path"], scope.get("query_string", b"").decode("latin-1"), host

    async def handle(self, app: Any, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Answer one ASGI request from the cache, or through `app` (keeping what it answers)."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(NEVER):
            await app(scope, receive, send)
            return
        key = self._key(scope)
        signature = store_signature(self.db)
        entry = self.entries.get(key)
        if entry is not None and entry.signature == signature:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._replay(entry, send)
            return
        if entry is not None:
            now = time.monotonic()
            entry.stale_since = entry.stale_since or now
            if now - entry.stale_since < self.max_stale:
                self.stale += 1
                if key not in self.refreshing:
                    self.refreshing.add(key)
                    task = asyncio.get_running_loop().create_task(self._refresh(app, scope, key))
                    self.tasks.add(task)
                    task.add_done_callback(self.tasks.discard)
                await self._replay(entry, send)
                return
        self.misses += 1
        await self._fetch(app, scope, key, signature, send)

    async def _replay(self, entry: Entry, send: Any) -> None:
        await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})

    async def _fetch(self, app: Any, scope: dict[str, Any], key: tuple[str, str, str], signature: Signature,
                     send: Any | None) -> None:
        """Run the request through the app (passing the answer on to `send`), keeping a 200 answer."""
        generation = self.generation
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def capture(message: dict[str, Any]) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and size <= self.max_body:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
            if send is not None:
                await send(message)

        await app(scope, receive, capture)
        headers = [(k, v) for k, v in start.get("headers", [])]
        if (start.get("status") == 200 and size <= self.max_body and generation == self.generation
                and not any(k.lower() == b"set-cookie" for k, _ in headers)):
            self.entries[key] = Entry(signature, 200, headers, b"".join(chunks))
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    async def _refresh(self, app: Any, scope: dict[str, Any], key: tuple[str, str, str]) -> None:
        """Recompute one stale answer in the background."""
        try:
            await self._fetch(app, dict(scope), key, store_signature(self.db), None)
        except Exception:  # noqa: BLE001  (a failed refresh leaves the entry stale; the next request fetches)
            self.entries.pop(key, None)
        finally:
            self.refreshing.discard(key)


class CachedReads:
    """ASGI middleware over a ReadCache (the cache lives on app.state, so uploads can clear it)."""

    def __init__(self, app: Any, cache: ReadCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.cache.handle(self.app, scope, receive, send)


def stats(cache: ReadCache | None) -> dict[str, int]:
    """Hits, stale answers and misses so far (for benchmarks and the curious)."""
    if cache is None:
        return {}
    return {"hits": cache.hits, "stale": cache.stale, "misses": cache.misses, "entries": len(cache.entries),
            "pid": os.getpid()}
