"""Exports: CSV/Parquet tables, JSONL reports and GDELT 2.0 rows."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest
from factories import make_report

from parley.errors import ParleyError
from parley.export import GDELT_COLUMNS, export, gdelt_rows
from parley.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "p.duckdb") as s:
        s.add(make_report())
        yield s


def test_gdelt_has_61_columns_in_order():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert GDELT_COLUMNS[5] == "Actor1Code" and GDELT_COLUMNS[15] == "Actor2Code"
    assert GDELT_COLUMNS[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]


def test_gdelt_row_is_filled_from_parley_fields():
    row = dict(zip(GDELT_COLUMNS, next(gdelt_rows(make_report())), strict=True))
    assert row["SQLDATE"] == "20190101"  # year precision: first day of the event's year
    assert row["Year"] == 2019
    assert row["Actor1Code"] == "EGY" and row["Actor2CountryCode"] == "SDN"
    assert row["EventCode"] == "057" and row["EventRootCode"] == "05" and row["QuadClass"] == 1
    assert row["GoldsteinScale"] == 8.0
    assert row["ActionGeo_FullName"] == "Cairo"
    assert row["AvgTone"] == ""  # Parley has no tone: left empty
    assert row["SOURCEURL"] == "https://example.org/a"


def test_export_gdelt_file(store, tmp_path):
    out = tmp_path / "e.tsv"
    assert export(store, "gdelt", out) == 1
    fields = out.read_text().rstrip("\n").split("\t")
    assert len(fields) == 61


def test_export_csv(store, tmp_path):
    out = tmp_path / "events.csv"
    export(store, "csv", out, table="events")
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["cameo"] == "057" and rows[0]["source_name"] == "Egypt"


def test_export_parquet(store, tmp_path):
    out = tmp_path / "actors.parquet"
    assert export(store, "parquet", out, table="actors") == 2
    names = sorted(r[0] for r in duckdb.sql(f"SELECT name FROM '{out}'").fetchall())
    assert names == ["Egypt", "Sudan"]


def test_export_jsonl_is_the_analyze_contract(store, tmp_path):
    out = tmp_path / "r.jsonl"
    export(store, "jsonl", out)
    line = json.loads(out.read_text().splitlines()[0])
    assert line["document"]["title"] == "Water accord" and line["events"][0]["plover"] == "AGREE"


def test_unknown_format_or_table(store):
    with pytest.raises(ParleyError, match="E018"):
        export(store, "xml", None)
    with pytest.raises(ParleyError, match="E018"):
        export(store, "csv", None, table="users; DROP TABLE events")
