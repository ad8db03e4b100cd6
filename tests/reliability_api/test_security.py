"""Hostile requests: oversized bodies, path tricks, script and SQL injection, writes without the token.

Builds on tests/web/test_upload_security.py (which covers the basic token, origin and size rules):
here every trick is tried on every kind of route, over the seeded store and over fresh ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web.conftest import HOSTILE, fake_analyzer

from parley.web import create_app

TEXT = "Norway and Chile held fishing talks in Oslo on Monday."


@pytest.fixture(scope="module")
def seeded(seeded_store: Path):
    with TestClient(create_app(seeded_store), client=("127.0.0.1", 5000)) as c:
        yield c


def _fresh(tmp_path: Path, host: str = "127.0.0.1", **options) -> TestClient:  # noqa: ANN003
    return TestClient(create_app(tmp_path / "w.duckdb", analyzer=fake_analyzer, **options), client=(host, 5000))


# --- upload size ---------------------------------------------------------------------------------

def test_body_over_the_limit_without_content_length_is_413(tmp_path):
    """A chunked body (no Content-Length) is counted as it arrives and cut off at the limit."""
    head = (b'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n")

    def chunks():  # noqa: ANN202
        yield head
        for _ in range(20):
            yield b"x" * 1000
        yield b"\r\n--b0undary--\r\n"

    with _fresh(tmp_path, max_upload_bytes=5000) as c:
        r = c.post("/api/documents", content=chunks(),
                   headers={"content-type": "multipart/form-data; boundary=b0undary"})
        assert "content-length" not in r.request.headers
        assert r.status_code == 413 and r.json()["error"] == "E602"
        assert r.headers["x-content-type-options"] == "nosniff"  # the guard's answer has the headers too
        assert c.get("/api/documents").json()["total"] == 0


def test_many_small_files_over_the_limit_together_are_413(tmp_path):
    with _fresh(tmp_path, max_upload_bytes=4000) as c:
        files = [("files", (f"{i}.txt", b"y" * 900, "text/plain")) for i in range(6)]
        for path in ("/api/documents", "/api/jobs", "/upload"):
            assert c.post(path, files=files).status_code == 413
        assert c.get("/api/documents").json()["total"] == 0


def test_lying_content_length_is_refused_before_reading(tmp_path):
    with _fresh(tmp_path, max_upload_bytes=1000) as c:
        r = c.post("/api/documents", content=b"z" * 10, headers={"content-length": "999999999",
                                                                 "content-type": "text/plain"})
        assert r.status_code == 413


# --- path tricks -----------------------------------------------------------------------------------

TRICKS = ["../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "/etc/passwd", "%2Fetc%2Fpasswd", "..\\..\\windows\\win.ini", "abc%00.json", "%00", "....//....//etc"]


@pytest.mark.parametrize("trick", TRICKS)
@pytest.mark.parametrize("template", ["/api/documents/{}", "/api/documents/{}/text", "/documents/{}",
                                      "/documents/{}.json", "/api/jobs/{}", "/static/{}",
                                      "/static/vendor/{}", "/compare?doc={}", "/timeline.json?doc={}"])
def test_path_tricks_never_reach_a_file(seeded, trick, template):
    r = seeded.get(template.format(trick))
    assert r.status_code in (400, 404, 422), (template, trick, r.status_code)
    assert "root:" not in r.text and "[fonts]" not in r.text


def test_static_files_stay_in_their_folder(seeded):
    assert seeded.get("/static/../app.py").status_code == 404
    assert seeded.get("/static/%2e%2e/app.py").status_code == 404
    assert seeded.get("/static/..%2fapp.py").status_code == 404
    for path in ("/static/../app.py", "/static/%2e%2e/app.py"):
        assert "create_app" not in seeded.get(path).text


@pytest.mark.parametrize("name", ["../../../tmp/parley-escape.txt", "/tmp/parley-escape.txt",
                                  "..\\..\\parley-escape.txt", "a\x00b.txt", "%2e%2e%2fparley-escape.txt"])
def test_uploaded_file_names_are_written_inside_a_private_folder(monkeypatch, name):
    """The real upload path: the file lands in the upload's own temporary folder under a safe name."""
    import parley.api as parley_api
    from parley.document import Document, DocumentReport
    from parley.web.uploads import Upload, analyze_upload

    seen: list[Path] = []

    def fake_files(paths, published=None):  # noqa: ANN001, ANN202
        for p in paths:
            seen.append(Path(p))
            assert Path(p).read_bytes() == b"Chile thanked Norway."
            yield DocumentReport(document=Document(id="x", path=str(p), text="Chile thanked Norway."))

    monkeypatch.setattr(parley_api, "analyze_files", fake_files)
    reports = list(analyze_upload(Upload(files=[(name, b"Chile thanked Norway.")])))
    assert len(seen) == 1
    folder = seen[0].parent
    assert folder.name.startswith("parley-upload-") and not folder.exists()  # private, and removed afterwards
    assert "/" not in reports[0].document.path and "\x00" not in reports[0].document.path
    assert not Path("/tmp/parley-escape.txt").exists()


# --- script injection ------------------------------------------------------------------------------

RAW = re.compile(r"<script>alert|<img src=x onerror|</script><script>", re.I)


def test_hostile_text_uploaded_through_the_api_is_escaped_on_every_page(tmp_path):
    evil_title = "</script><script>alert('t')</script>"
    with _fresh(tmp_path) as c:
        body = c.post("/api/documents", data={"text": f"Chile thanked Norway. {HOSTILE}", "title": evil_title,
                                              "outlet": HOSTILE, "published": "2021-01-02"}).json()
        doc_id = body["documents"][0]["id"]
        pages = ["/", "/documents", f"/documents/{doc_id}", "/events", "/actors", "/dyads",
                 f"/timeline?doc={doc_id}", f"/compare?doc={doc_id}", f"/documents?outlet={HOSTILE}",
                 f"/events?q={HOSTILE}", "/upload"]
        for path in pages:
            r = c.get(path)
            assert r.status_code == 200, path
            assert r.headers["content-type"].startswith("text/html")
            assert not RAW.search(r.text), path
        form = c.post("/upload", data={"text": f"Sweden thanked Chile. {HOSTILE}", "title": evil_title})
        assert form.status_code == 201 and not RAW.search(form.text)
        assert "&lt;script&gt;" in form.text or "&lt;/script&gt;" in form.text


def test_reflected_input_in_error_pages_is_escaped(seeded):
    for path in (f"/documents/{HOSTILE}", f"/events?start={HOSTILE}", f"/events?limit={HOSTILE}",
                 f"/dyad?dyad={HOSTILE}"):
        r = seeded.get(path)
        assert r.status_code in (200, 400, 404), path
        assert not RAW.search(r.text), path


def test_json_answers_are_never_sniffed_as_html(seeded):
    for path in ("/api/documents", "/documents.json", f"/documents/{HOSTILE}.json", "/api/events.csv"):
        r = seeded.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert not r.headers["content-type"].startswith("text/html"), path


def test_figure_json_cannot_close_its_script_tag(seeded):
    """Chart data sits in <script type=application/json> unescaped by Jinja: it must hold no '<'."""
    page = seeded.get("/timeline").text
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S):
        assert "<" not in block and ">" not in block


# --- SQL injection: the web app has no SQL endpoint; every filter is a bound parameter --------------

def test_the_api_offers_no_sql_endpoint(seeded):
    paths = seeded.get("/api/openapi.json").json()["paths"]
    assert not [p for p in paths if "query" in p or "sql" in p]
    assert seeded.get("/api/query", params={"sql": "SELECT 1"}).status_code == 404


@pytest.mark.parametrize("params", [
    {"q": "' OR 1=1 --"}, {"outlet": "x' OR '1'='1"}, {"actor": "EGY') OR TRUE --"},
    {"doc": "x' UNION SELECT * FROM documents --"}, {"code": "1' OR '1'='1"},
    {"q": "'; COPY documents TO '/tmp/parley-pwned.csv'; --"},
    {"q": "read_csv('/etc/passwd')"}, {"outlet": "'; ATTACH '/tmp/parley-pwned.duckdb' AS x; --"},
])
def test_sql_in_filters_matches_nothing_and_runs_nothing(seeded, params):
    r = seeded.get("/api/events", params=params)
    assert r.status_code == 200 and r.json()["total"] == 0
    assert not Path("/tmp/parley-pwned.csv").exists() and not Path("/tmp/parley-pwned.duckdb").exists()


def test_sort_cannot_carry_sql(seeded):
    assert seeded.get("/api/events", params={"sort": "date; DROP TABLE events"}).status_code == 422
    assert seeded.get("/events", params={"sort": "goldstein DESC, (SELECT 1)"}).status_code == 400
    assert seeded.get("/api/summary").json()["counts"]["events"] > 0


# --- writes on a non-loopback address need the token -----------------------------------------------

WRITES = [("post", "/api/documents"), ("post", "/api/jobs"), ("post", "/upload")]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_non_loopback_writes_need_the_token(tmp_path, method, path):
    with _fresh(tmp_path, host="198.51.100.7", token="t0ken") as c:
        assert getattr(c, method)(path, data={"text": TEXT}).status_code == 401
        assert getattr(c, method)(path, data={"text": TEXT}, headers={"Authorization": "Bearer nope"}
                                  ).status_code == 401
        assert getattr(c, method)(path, data={"text": TEXT}, headers={"Authorization": "Bearer t0ken"}
                                  ).status_code in (201, 202)
        assert c.get("/api/documents").status_code == 200  # reads need no token


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_non_loopback_writes_without_a_configured_token_are_refused(tmp_path, method, path):
    with _fresh(tmp_path, host="198.51.100.7") as c:
        r = getattr(c, method)(path, data={"text": TEXT}, headers={"accept": "application/json"})
        assert r.status_code == 401
        assert c.get("/api/documents").json()["total"] == 0


@pytest.mark.parametrize(("host", "gets_token"), [("0.0.0.0", True), ("192.0.2.4", True), ("::", True),
                                                  ("127.0.0.1", False), ("localhost", False), ("::1", False)])
def test_parley_serve_makes_a_token_unless_on_loopback(tmp_path, monkeypatch, host, gets_token):
    import uvicorn
    from typer.testing import CliRunner

    from parley.cli import app

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **kw: served.update(app=web_app, **kw))
    monkeypatch.delenv("PARLEY_TOKEN", raising=False)
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "s.duckdb"), "--host", host])
    assert res.exit_code == 0, res.output
    state = served["app"].state
    assert bool(state.token) is gets_token and served["host"] == host
    if gets_token:
        assert len(state.token) >= 24 and state.token in res.output
        with TestClient(served["app"], client=("203.0.113.1", 1)) as c:
            assert c.post("/api/documents", data={"text": TEXT}).status_code == 401


# --- CORS and headers --------------------------------------------------------------------------------

def test_no_cors_is_granted(seeded):
    pre = seeded.options("/api/documents", headers={"Origin": "https://evil.example",
                                                    "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    assert "access-control-allow-credentials" not in pre.headers
    r = seeded.get("/api/documents", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("path", ["/", "/api/documents", "/documents.json", "/static/app.js", "/api/openapi.json",
                                  "/no-such-page", "/api/documents/none"])
def test_security_headers_everywhere(seeded, path):
    r = seeded.get(path)
    csp = r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    sources = {s for part in csp.split(";") for s in part.split()[1:]}
    assert sources <= {"'self'", "'none'", "'unsafe-inline'", "data:"}, csp  # no external origin, no *
    assert "'unsafe-inline'" not in next(p for p in csp.split(";") if p.strip().startswith("script-src"))
