"""parley batch: every input format to Parquet tables, resumable, exactly once, queryable."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from parley.batch import plan_partitions, run_batch
from parley.errors import ParleyError
from parley.store import TABLES

from .conftest import records


def _ids(out: Path) -> list[str]:
    con = duckdb.connect()
    try:
        return [r[0] for r in con.execute(
            f"SELECT id FROM read_parquet('{out}/documents/*.parquet') ORDER BY id").fetchall()]
    finally:
        con.close()


def _texts(out: Path) -> set[str]:
    con = duckdb.connect()
    try:
        return {r[0] for r in con.execute(f"SELECT text FROM read_parquet('{out}/documents/*.parquet')").fetchall()}
    finally:
        con.close()


def test_jsonl_to_every_table(jsonl_corpus, tmp_path, fast_settings):
    out = tmp_path / "out"
    result = run_batch([jsonl_corpus], out, scheduler="sync", partition_size=3, settings=fast_settings)
    assert result.planned == 8 and result.written == 8 and result.documents == 10  # 3 + 7 pieces of 1
    for table in TABLES:
        assert list((out / table).glob("part-*.parquet")), table
    ids = _ids(out)
    assert len(ids) == 10 and len(set(ids)) == 10
    con = duckdb.connect()
    names = {r[0] for r in con.execute(f"SELECT name FROM read_parquet('{out}/actors/*.parquet')").fetchall()}
    assert {"Iran", "France", "China"} <= names


def test_parquet_columns_are_the_stores(jsonl_corpus, tmp_path, fast_settings):
    from parley.store import Store

    out = tmp_path / "out"
    run_batch([jsonl_corpus], out, scheduler="sync", partition_size=5, settings=fast_settings)
    con = duckdb.connect()
    with Store(tmp_path / "s.duckdb") as store:
        for table in TABLES:
            want = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall()]
            got = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}/{table}/*.parquet')").fetchall()]
            assert got == want, table


def test_csv_parquet_text_dir_inputs(tmp_path, fast_settings):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = records()
    with open(tmp_path / "a.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["title", "text", "published"])
        writer.writeheader()
        writer.writerows(rows[:4])
    pq.write_table(pa.Table.from_pylist(rows[4:7]), tmp_path / "b.parquet")
    folder = tmp_path / "texts"
    folder.mkdir()
    for n, row in enumerate(rows[7:]):
        (folder / f"article{n}.txt").write_text(row["text"], "utf-8")
    out = tmp_path / "out"
    result = run_batch([tmp_path / "a.csv", tmp_path / "b.parquet", folder], out, scheduler="sync",
                       partition_size=2, settings=fast_settings)
    assert result.documents == 10
    assert _texts(out) == {r["text"] for r in rows}


def test_warc_input(tmp_path, fast_settings):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rows = records()[:3]
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, row in enumerate(rows):
            body = f"<html><head><title>{row['title']}</title></head><body><article><p>{row['text']}</p>" \
                   f"</article></body></html>".encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{n}", "response",
                                                          payload=BytesIO(body), http_headers=http))
        writer.write_record(writer.create_warc_record("https://news.example/", "request",
                                                      payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    out = tmp_path / "out"
    result = run_batch([path], out, scheduler="sync", partition_size=2, settings=fast_settings)
    assert result.planned == 3 and result.documents == 3  # the plan's tail cut into pieces of 1
    con = duckdb.connect()
    urls = {r[0] for r in con.execute(f"SELECT url FROM read_parquet('{out}/documents/*.parquet')").fetchall()}
    assert urls == {f"https://news.example/{n}" for n in range(3)}


def test_rerun_skips_done_partitions_and_dedupes_copies(jsonl_corpus, tmp_path, fast_settings):
    copy = tmp_path / "copy.jsonl"
    copy.write_text(jsonl_corpus.read_text("utf-8").splitlines()[0] + "\n", "utf-8")  # the same article again
    out = tmp_path / "out"
    first = run_batch([jsonl_corpus, copy], out, scheduler="sync", partition_size=4, settings=fast_settings)
    assert first.duplicates_removed == 1
    again = run_batch([jsonl_corpus, copy], out, scheduler="sync", partition_size=4, settings=fast_settings)
    assert again.skipped == again.planned and again.written == 0
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 10
    con = duckdb.connect()
    per_doc = con.execute(f"SELECT doc_id, count(*) FROM read_parquet('{out}/actors/*.parquet') "
                          "GROUP BY doc_id, actor_id HAVING count(*) > 1").fetchall()
    assert per_doc == []


def test_changed_arguments_are_refused(jsonl_corpus, tmp_path, fast_settings):
    out = tmp_path / "out"
    run_batch([jsonl_corpus], out, scheduler="sync", partition_size=4, settings=fast_settings)
    with pytest.raises(ParleyError, match="E652"):
        run_batch([jsonl_corpus], out, scheduler="sync", partition_size=5, settings=fast_settings)


def test_missing_input_is_reported_not_fatal(jsonl_corpus, tmp_path, fast_settings):
    out = tmp_path / "out"
    result = run_batch([jsonl_corpus, tmp_path / "nope.jsonl"], out, scheduler="sync", settings=fast_settings)
    assert result.documents == 10 and result.unreadable == [str(tmp_path / "nope.jsonl")]
    con = duckdb.connect()
    codes = [r[0] for r in con.execute(f"SELECT code FROM read_parquet('{out}/errors/*.parquet')").fetchall()]
    assert "E001" in codes


def test_plan_is_stable(jsonl_corpus):
    a, _ = plan_partitions([jsonl_corpus], 8)
    b, _ = plan_partitions([jsonl_corpus], 8)
    assert [p.key for p in a] == [p.key for p in b] and len({p.key for p in a}) == len(a) == 5


def test_the_plan_ends_in_quarter_partitions(jsonl_corpus, tmp_path):
    """The partitions holding the plan's last two partitions' worth of documents are cut into
    quarters (rounded up), so that no worker waits long on another's last partition; every
    record and every file is still planned exactly once, in order."""
    parts, _ = plan_partitions([jsonl_corpus], 8)  # 10 records: 8 + 2, both in the tail
    assert [(p.start, p.count) for p in parts] == [(0, 2), (2, 2), (4, 2), (6, 2), (8, 2)]
    parts, _ = plan_partitions([jsonl_corpus], 3)  # 3 + 3 + 3 + 1: the last 6 documents and more
    assert [p.count for p in parts] == [3, 1, 1, 1, 1, 1, 1, 1]
    assert [p.start for p in parts] == [0, 3, 4, 5, 6, 7, 8, 9]
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02d}.txt").write_text(f"Article {n}: Iran rejected talks on Monday.", "utf-8")
    parts, _ = plan_partitions([folder], 4)  # 4 + 4 + 4 files: the last 8 in pieces of 1
    assert [len(p.files) for p in parts] == [4, 1, 1, 1, 1, 1, 1, 1, 1]
    assert [f for p in parts for f in p.files] == sorted(str(f) for f in folder.iterdir())
    assert len({p.key for p in parts}) == len(parts)


_KILL_SCRIPT = """
import sys
from parley.batch import run_batch
from parley.settings import load_settings
settings = load_settings().with_(pipeline=("actors", "times"))
run_batch([sys.argv[1]], sys.argv[2], scheduler="sync", partition_size=2, settings=settings)
"""


def test_killed_run_resumes_exactly_once(tmp_path):
    """SIGKILL a run after a few partitions, start it again: every document once, none lost."""
    from .conftest import ARTICLES

    corpus = tmp_path / "big.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for n in range(40):
            text, date = ARTICLES[n % len(ARTICLES)]
            handle.write(json.dumps({"text": f"{text}\n\nDispatch {n}.", "published": date}) + "\n")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(corpus), str(out)])
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if len(list((out / "_manifest").glob("*.json"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    planned = len(plan_partitions([corpus], 2)[0])
    committed = len(list((out / "_manifest").glob("*.json")))
    assert 3 <= committed < planned
    subprocess.run([sys.executable, "-c", _KILL_SCRIPT, str(corpus), str(out)], check=True)
    ids = _ids(out)
    assert len(ids) == 40 and len(set(ids)) == 40
    assert len(list((out / "_manifest").glob("*.json"))) == planned
    assert not list(out.rglob("*.tmp"))


def test_query_reads_a_batch_folder(jsonl_corpus, tmp_path, fast_settings):
    from typer.testing import CliRunner

    from parley.cli import app

    out = tmp_path / "out"
    run_batch([jsonl_corpus], out, scheduler="sync", settings=fast_settings)
    result = CliRunner().invoke(app, ["query", "--db", str(out), "--format", "json",
                                      "SELECT count(*) AS n FROM documents"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": 10}]


def test_batch_command(jsonl_corpus, tmp_path):
    from typer.testing import CliRunner

    from parley.cli import app

    out = tmp_path / "out"
    env = {"PARLEY_PIPELINE": "actors, times"}
    result = CliRunner(env=env).invoke(app, ["batch", str(jsonl_corpus), "--out", str(out), "--scheduler", "sync",
                                            "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == 10


@pytest.mark.slow
def test_local_cluster_two_workers(jsonl_corpus, tmp_path):
    """A real LocalCluster with two worker processes and the full pipeline."""
    out = tmp_path / "out"
    result = run_batch([jsonl_corpus], out, workers=2, partition_size=3)
    assert result.documents == 10 and len(result.peak_rss_mb) == 2
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{out}/events/*.parquet')").fetchone()[0]
    assert n >= 5
