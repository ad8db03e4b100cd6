"""The web app's read cache: answers are reused only while the store is unchanged, and never hide an upload.

Another process's write shows after at most `max_stale` seconds (one background refresh); this
server's own uploads clear the cache at once; job progress, errors and non-GET requests are never cached.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from factories import make_report
from fastapi.testclient import TestClient
from web.conftest import fake_analyzer

from parley.store import append_reports
from parley.web import create_app
from parley.web.cache import store_signature


@pytest.fixture
def served(seeded_store: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    shutil.copy(seeded_store, db)
    app = create_app(db, analyzer=fake_analyzer)
    with TestClient(app, client=("127.0.0.1", 5000)) as c:
        yield c, db, app.state.read_cache


def _total(c: TestClient) -> int:
    return c.get("/api/documents").json()["total"]


def test_repeated_reads_are_answered_from_the_cache(served):
    c, _, cache = served
    first = c.get("/api/events?limit=3")
    hits = cache.hits
    again = c.get("/api/events?limit=3")
    assert cache.hits == hits + 1 and again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["x-content-type-options"] == "nosniff"  # the security headers are added on hits too


def test_signature_changes_with_every_commit(tmp_path):
    db = tmp_path / "s.duckdb"
    append_reports(db, [make_report(text="Egypt met Sudan in Cairo.")])
    signatures = {store_signature(db)}
    for i in range(3):
        append_reports(db, [make_report(text=f"Chile thanked Norway, number {i}.")])
        signatures.add(store_signature(db))
    assert len(signatures) == 4


def test_another_process_write_shows_within_the_staleness_bound(served):
    c, db, cache = served
    before = _total(c)
    append_reports(db, [make_report(text="Sweden and Finland signed a border accord in Helsinki.")])
    deadline = time.monotonic() + cache.max_stale + 5
    while _total(c) != before + 1:  # at first the old answer, while one refresh runs
        assert time.monotonic() < deadline, "the cache kept an answer past its staleness bound"
        time.sleep(0.05)
    assert cache.stale + cache.misses >= 1


def test_an_entry_older_than_the_bound_is_not_served(served):
    c, db, cache = served
    before = _total(c)
    cache.max_stale = 0.0  # no stale answers at all: every changed store is read again at once
    append_reports(db, [make_report(text="Denmark sent aid to Iceland after the storm.")])
    assert _total(c) == before + 1


def test_own_upload_is_visible_at_once(served):
    c, _, _ = served
    before = _total(c)
    r = c.post("/api/documents", data={"text": "Estonia thanked Latvia for the help on Monday."})
    assert r.status_code == 201
    assert _total(c) == before + 1
    c.post("/upload", data={"text": "Latvia thanked Estonia in return on Tuesday."})
    assert _total(c) == before + 2


def test_job_progress_and_errors_are_not_cached(served):
    c, _, cache = served
    job = c.post("/api/jobs", data={"text": "Norway thanked Chile for the talks."}).json()
    entries = len(cache.entries)
    for _ in range(3):
        c.get(f"/api/jobs/{job['id']}")
        c.get("/api/documents/no-such-document")
    assert len(cache.entries) == entries
    assert not [k for k in cache.entries if k[0].startswith("/api/jobs") or "no-such" in k[0]]


def test_the_cache_can_be_turned_off(seeded_store):
    app = create_app(seeded_store, cache=False)
    assert app.state.read_cache is None
    with TestClient(app, client=("127.0.0.1", 5000)) as c:
        assert c.get("/api/documents").status_code == 200
