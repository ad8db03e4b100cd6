"""Uploads (sync, background jobs, the no-JavaScript form) and the write rules: token, origin, size."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from parley.store import Store
from parley.web import create_app

TEXT = "Norway and Chile held fishing talks in Oslo on Monday. The ministers agreed to meet again."


def test_paste_text_is_stored_and_listed(make_client, tmp_path):
    with make_client() as c:
        r = c.post("/api/documents", data={"text": TEXT, "title": "Talks", "outlet": "fjord.example",
                                           "published": "2021-04-05"})
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["stored"] == 1 and body["documents"][0]["title"] == "Talks"
        doc_id = body["documents"][0]["id"]
        assert c.get(f"/api/documents/{doc_id}/text").text == TEXT
        assert c.get("/api/documents").json()["total"] == 1


@pytest.mark.parametrize(("name", "expected"), [("../../etc/passwd.txt", "003-passwd.txt"),
                                              ("my report (final).html", "003-my_report_final_.html"),
                                              ("", "003-upload.txt"), ("..", "003-upload.txt")])
def test_uploaded_file_names_cannot_leave_the_upload_folder(name, expected):
    from parley.web.uploads import safe_name

    assert safe_name(name, 3) == expected


def test_several_files_are_stored_in_one_upload(make_client):
    with make_client() as c:
        files = [("files", ("a.txt", TEXT.encode(), "text/plain")),
                 ("files", ("b.txt", b"Chile thanked Norway.", "text/plain"))]
        body = c.post("/api/documents", files=files).json()
        assert body["stored"] == 2
        assert sorted(d["path"] for d in body["documents"]) == ["a.txt", "b.txt"]


def test_empty_upload_is_refused(make_client, tmp_path):
    with make_client() as c:
        r = c.post("/api/documents", data={"text": "   "})
        assert r.status_code == 400 and r.json()["error"] == "E605"


def test_bad_published_date_is_refused(make_client, tmp_path):
    with make_client() as c:
        r = c.post("/api/documents", data={"text": TEXT, "published": "last week"})
        assert r.status_code == 400 and r.json()["error"] == "E014"


def test_background_job_reports_progress_and_stores_each_document(make_client, tmp_path):
    with make_client() as c:
        files = [("files", (f"{i}.txt", f"Article {i}: {TEXT}".encode(), "text/plain")) for i in range(5)]
        job = c.post("/api/jobs", files=files).json()
        assert job["total"] == 5
        for _ in range(100):
            job = c.get(f"/api/jobs/{job['id']}").json()
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert job["status"] == "done" and job["done"] == 5 and job["stored"] == 5
        assert c.get("/api/documents").json()["total"] == 5
        assert c.get("/api/jobs/unknown").status_code == 404


def test_failing_analysis_marks_the_job_failed(make_client, tmp_path):
    def broken(upload):
        raise RuntimeError("model missing")
        yield  # pragma: no cover

    with make_client(analyzer=broken) as c:
        job = c.post("/api/jobs", data={"text": TEXT}).json()
        for _ in range(100):
            job = c.get(f"/api/jobs/{job['id']}").json()
            if job["status"] != "queued" and job["status"] != "running":
                break
            time.sleep(0.05)
        assert job["status"] == "failed" and "E611" in job["message"]


def test_upload_form_works_without_javascript(make_client, tmp_path):
    with make_client() as c:
        r = c.post("/upload", data={"text": TEXT, "title": "Form <b>post</b>"})
        assert r.status_code == 201
        assert "Stored 1 document" in r.text and "Form &lt;b&gt;post&lt;/b&gt;" in r.text


def test_upload_over_the_limit_is_413(make_client, tmp_path):
    with make_client(max_upload_bytes=1000) as c:
        r = c.post("/api/documents", files=[("files", ("big.txt", b"x" * 5000, "text/plain"))])
        assert r.status_code == 413 and r.json()["error"] == "E602"
        assert c.get("/api/documents").json()["total"] == 0


def test_token_guards_writes(make_client, tmp_path):
    with make_client(token="s3cret") as c:
        assert c.post("/api/documents", data={"text": TEXT}).status_code == 401
        assert c.post("/api/documents", data={"text": TEXT}, headers={"X-Parley-Token": "wrong"}).status_code == 401
        ok = c.post("/api/documents", data={"text": TEXT}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201
        assert c.post("/api/documents", data={"text": TEXT + " Again.", "token": "s3cret"}).status_code == 201
        assert c.get("/api/documents").status_code == 200  # reads stay open


def test_without_token_only_loopback_clients_may_write(make_client, tmp_path):
    with make_client(host="203.0.113.9") as c:
        r = c.post("/api/documents", data={"text": TEXT})
        assert r.status_code == 401 and r.json()["error"] == "E603"


def test_cross_origin_writes_are_refused(make_client, tmp_path):
    with make_client() as c:
        r = c.post("/api/documents", data={"text": TEXT}, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403 and r.json()["error"] == "E610"


def test_allowed_hosts_stop_dns_rebinding(make_client, tmp_path):
    app = create_app(tmp_path / "w.duckdb", allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://attacker.example") as c:
        assert c.get("/api/documents").status_code == 400
    with TestClient(app, base_url="http://localhost:8000") as c:
        assert c.get("/api/documents").status_code == 200


def test_batch_folder_is_read_only(make_client, tmp_path, reports):
    folder = tmp_path / "batch"
    folder.mkdir()
    db = tmp_path / "src.duckdb"
    with Store(db) as store:
        store.add_many(reports)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    for table in ("documents", "events", "actors"):
        (folder / table).mkdir()
        con.execute(f"COPY {table} TO '{folder / table / 'part-0.parquet'}' (FORMAT parquet)")
    con.close()
    with TestClient(create_app(folder), client=("127.0.0.1", 1)) as c:
        assert c.get("/api/events").json()["total"] == sum(len(r.events) for r in reports)
        assert c.get("/api/events", params={"dyad": "NOR-CHL"}).json()["total"] == 2
        r = c.post("/api/documents", data={"text": TEXT})
        assert r.status_code == 409 and r.json()["error"] == "E604"


def test_store_locked_by_another_writer_gives_e601(make_client, tmp_path, monkeypatch):
    import parley.web.db as webdb

    monkeypatch.setattr(webdb, "LOCK_WAIT_S", 0.3)
    calls = []

    def locked(path):
        calls.append(path)
        raise __import__("duckdb").IOException('Could not set lock on file "x": Conflicting lock is held')

    monkeypatch.setattr(webdb, "_open_read", locked)
    (tmp_path / "w.duckdb").write_bytes(b"")
    with make_client() as c:
        r = c.get("/api/events")
        assert r.status_code == 503 and r.json()["error"] == "E601"
    assert len(calls) > 1  # it retried


@pytest.mark.slow
def test_real_pipeline_upload_codes_events(make_client, tmp_path):
    with make_client(analyzer=None) as c:
        body = c.post("/api/documents", data={
            "text": "Iran's supreme leader rejected talks with the United States on Monday, state media said.",
            "published": "2018-08-14"}).json()
        assert body["stored"] == 1
        events = c.get("/api/events").json()
        assert events["total"] >= 1
        assert any(e["source"] and e["source"]["country"] == "IRN" for e in events["items"])
        files = [("files", ("../notes.txt", b"Chile thanked Norway for the aid on Friday.", "text/plain")),
                 ("files", ("blob.txt", bytes(range(256)) * 8, "application/octet-stream"))]
        body = c.post("/api/documents", files=files).json()
        assert [d["path"] for d in body["documents"]] == ["notes.txt"]
        assert body["stored"] == 1
        assert any(e["path"] == "blob.txt" and e["code"] == "E004" for e in body["errors"])
