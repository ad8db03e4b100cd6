"""open_source: a DuckDB store and a batch output folder read as the same tables."""

from __future__ import annotations

import shutil

import pytest

from parley.analysis.source import open_source
from parley.errors import ParleyError
from parley.store import TABLES


def _counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_store_and_batch_folder_have_the_same_rows(store_path, batch_dir):
    a, b = open_source(store_path), open_source(batch_dir)
    try:
        assert _counts(a) == _counts(b)
        assert _counts(a)["events"] == 8
        q = "SELECT id, doc_id, cameo, date_value FROM events ORDER BY doc_id, id"
        assert a.execute(q).fetchall() == b.execute(q).fetchall()
    finally:
        a.close()
        b.close()


def test_missing_table_folder_reads_as_empty_table(batch_dir):
    shutil.rmtree(batch_dir / "quotes")
    con = open_source(batch_dir)
    assert con.execute("SELECT count(*) FROM quotes").fetchone()[0] == 0
    assert "speaker_name" in [r[0] for r in con.execute("DESCRIBE quotes").fetchall()]


def test_single_parquet_file_per_table_is_accepted(tmp_path, store_path):
    con = open_source(store_path)
    out = tmp_path / "flat"
    out.mkdir()
    con.execute(f"COPY (SELECT * FROM events) TO '{out / 'events.parquet'}' (FORMAT PARQUET)")
    con.close()
    flat = open_source(out)
    assert flat.execute("SELECT count(*) FROM events").fetchone()[0] == 8
    assert flat.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


@pytest.mark.parametrize("name", ["nothing-here.duckdb", "empty-folder"])
def test_bad_sources_raise_e550(tmp_path, name):
    if name == "empty-folder":
        (tmp_path / name).mkdir()
    with pytest.raises(ParleyError) as info:
        open_source(tmp_path / name)
    assert info.value.code.name == "E550"
