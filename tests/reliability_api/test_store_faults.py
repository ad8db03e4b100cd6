"""Disk faults: a full disk or a read-only store gives a coded error (E310, E311), never a corrupt store.

A full disk is made three ways: a file-size limit (RLIMIT_FSIZE) in a child process, which any
Linux user can set; a real 2 MB tmpfs, when the tests run as root and may mount (skipped otherwise);
and an OSError(ENOSPC) injected into the write. A read-only store is a 0444 file or a 0555 folder,
used by an unprivileged child process (root ignores file modes, so as root the child drops to nobody).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from factories import make_report

from parley.errors import ParleyError
from parley.store import Store, append_reports, write_error

PY = sys.executable
BIG = "Norway accused Chile of overfishing near the coast. " * 3000


def _store_with_one(path: Path) -> str:
    """A store holding one small report; returns that document's id."""
    report = make_report(text="Egypt signed an accord with Sudan on Monday in Cairo.")
    append_reports(path, [report])
    return report.document.id


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


FSIZE_CHILD = r"""
import json, resource, signal, sys
sys.path.insert(0, sys.argv[2])
from factories import make_report
from parley.errors import ParleyError
from parley.store import append_reports
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))
big = [make_report(text=f"Article {i}. " + "Norway accused Chile of overfishing. " * int(sys.argv[3]))
       for i in range(5)]
try:
    append_reports(sys.argv[1], big)
    print(json.dumps({"error": None}))
except ParleyError as exc:
    print(json.dumps({"error": exc.code.name, "message": str(exc)}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE semantics are Linux's")
def test_file_size_limit_during_write_is_e310_and_keeps_the_store(tmp_path):
    db = tmp_path / "s.duckdb"
    kept = _store_with_one(db)
    before = _sha(db)
    tests_dir = str(Path(__file__).resolve().parents[1])
    run = subprocess.run([PY, "-c", FSIZE_CHILD, str(db), tests_dir, "3000"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    assert answer["error"] == "E310", answer
    assert "disk is full" in answer["message"] and str(db) in answer["message"]
    assert _sha(db) == before  # the failed commit never reached the main file
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 1
        assert store.get_report(kept) is not None
    append_reports(db, [make_report(text="Chile thanked Norway for the talks.")])  # still writable afterwards
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 2


@pytest.fixture
def tiny_fs():
    """A 2 MB tmpfs (root only; skipped where mounting is not allowed)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    where = Path(tempfile.mkdtemp(prefix="parley-tinyfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                             capture_output=True, timeout=30).returncode == 0
    if not mounted:
        where.rmdir()
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True, timeout=30)
        where.rmdir()


def test_really_full_filesystem_is_e310_and_the_store_reopens(tiny_fs):
    db = tiny_fs / "s.duckdb"
    try:
        kept = _store_with_one(db)
    except ParleyError as exc:  # DuckDB's initial file did not fit: still a coded error
        assert exc.code.name in ("E310", "E016")
        pytest.skip(f"2 MB is too small for an empty store here: {exc}")
    filler = tiny_fs / "filler"
    with filler.open("wb") as fh:  # fill the rest of the disk
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    with pytest.raises(ParleyError) as info:
        append_reports(db, [make_report(text=f"Report {i}. {BIG}") for i in range(3)], wait=1)
    assert info.value.code.name == "E310", str(info.value)
    filler.unlink()
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 1 and store.get_report(kept) is not None


class _FailingConnection:
    """A DuckDB connection whose inserts into one table fail like a full disk."""

    def __init__(self, con, table: str) -> None:  # noqa: ANN001
        self._con, self._table = con, table

    def executemany(self, sql: str, rows):  # noqa: ANN001, ANN201
        if f"INSERT INTO {self._table} " in sql:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._con.executemany(sql, rows)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._con, name)


def test_injected_enospc_rolls_back_the_whole_document(tmp_path):
    db = tmp_path / "s.duckdb"
    kept = _store_with_one(db)
    new = make_report(text="Chile thanked Norway for the fishing talks in Oslo.")
    with Store(db) as store:
        real = store.con
        store.con = _FailingConnection(real, "events")  # documents and actors go in first, then this fails
        with pytest.raises(ParleyError) as info:
            store.add(new)
        store.con = real
        assert info.value.code.name == "E310"
        assert store.count("documents") == 1 and store.count("actors") == 2
        assert store.get_report(new.document.id) is None and store.get_report(kept) is not None


@pytest.mark.parametrize(("exc", "code"), [
    (OSError(errno.ENOSPC, "No space left on device"), "E310"),
    (OSError(errno.EROFS, "Read-only file system"), "E311"),
    (OSError(errno.EACCES, "Permission denied"), "E311"),
    (RuntimeError('IO Error: Could not write file "x.wal": File too large'), "E310"),
    (RuntimeError("IO Error: something else"), "E312"),
])
def test_write_errors_are_coded(exc, code):
    err = write_error(Path("x.duckdb"), exc)
    assert err.code.name == code and "x.duckdb" in str(err)


# --- read-only stores: file modes (as a normal user) or a read-only bind mount (as root, who ignores modes) ---


@pytest.fixture(params=["file-mode", "folder-mode", "read-only-mount"])
def read_only_store(request, tmp_path):
    """(store, article): a store of one document that this process cannot write, made the param's way."""
    src = tmp_path / "src"
    src.mkdir()
    db = src / "s.duckdb"
    _store_with_one(db)
    article = tmp_path / "a.txt"
    article.write_text("Norway and Chile held fishing talks in Oslo on Monday.")
    if request.param != "read-only-mount":
        if os.geteuid() == 0:
            pytest.skip("root ignores file modes (the read-only-mount case covers root)")
        if request.param == "file-mode":
            db.chmod(0o444)
        else:
            src.chmod(0o555)
        yield db, article
        src.chmod(0o755)
        db.chmod(0o644)
        return
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only bind mount needs root")
    ro = tmp_path / "ro"
    ro.mkdir()
    ok = subprocess.run(["mount", "--bind", str(src), str(ro)], capture_output=True, timeout=30).returncode == 0
    ok = ok and subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], capture_output=True,
                               timeout=30).returncode == 0
    if not ok:
        subprocess.run(["umount", str(ro)], capture_output=True, timeout=30)
        pytest.skip("cannot make a read-only bind mount here")
    try:
        yield ro / "s.duckdb", article
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True, timeout=30)


def test_read_only_store_refuses_writes_with_e311_and_still_reads(read_only_store):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from parley.cli import app
    from parley.web import create_app

    db, article = read_only_store
    before = _sha(db)
    res = CliRunner().invoke(app, ["analyze", str(article), "--db", str(db), "--format", "jsonl"])
    assert res.exit_code != 0 and "E311" in res.output and "read-only" in res.output
    res = CliRunner().invoke(app, ["query", "--db", str(db), "SELECT count(*) AS n FROM documents",
                                   "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output) == [{"n": 1}]
    with pytest.raises(ParleyError, match="E311"):
        append_reports(db, [make_report(text="Chile thanked Norway for the talks.")], wait=1)
    with TestClient(create_app(db), client=("127.0.0.1", 5000)) as c:
        r = c.get("/api/documents")
        assert r.status_code == 200 and r.json()["total"] == 1
        r = c.post("/api/documents", data={"text": "Chile thanked Norway for the talks."})
        assert r.status_code == 409 and r.json()["error"] == "E311"
        page = c.post("/upload", data={"text": "Chile thanked Norway."}, headers={"accept": "text/html"})
        assert page.status_code == 409 and "E311" in page.text
    assert _sha(db) == before
