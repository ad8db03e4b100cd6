"""`parley series`, `parley network` and `parley map` over a store and a batch folder."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from parley.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_series_table_and_csv(store_path):
    result = run("series", "--db", str(store_path), "--dyad", "IRN-USA", "--undirected")
    assert result.exit_code == 0, result.output
    assert "1953" in result.stdout and "2025" in result.stdout
    result = run("series", "--db", str(store_path), "--actor", "CHN", "--by", "day", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows] == ["2026-01-08", "2026-01-09"]
    assert rows[0]["goldstein_sum"] == "-7.0"


def test_series_report_date_switch(store_path):
    result = run("series", "--db", str(store_path), "--dyad", "USA-IRN", "--date", "report", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["period"], r["events"]) for r in rows] == [("2025", "3")]


def test_series_parquet_and_html_from_a_batch_folder(tmp_path, batch_dir):
    import pandas as pd

    out = tmp_path / "s.parquet"
    assert run("series", "--db", str(batch_dir), "--actor", "IRN", "--format", "parquet", "-o", str(out)).exit_code == 0
    assert pd.read_parquet(out)["events"].sum() == 6
    html = tmp_path / "s.html"
    assert run("series", "--db", str(batch_dir), "--actor", "IRN", "--format", "html", "-o", str(html)).exit_code == 0
    assert "Mean Goldstein" in html.read_text()


def test_series_errors_exit_non_zero(store_path):
    result = run("series", "--db", str(store_path), "--dyad", "IRN")
    assert result.exit_code == 2 and "E551" in result.output
    result = run("series", "--db", str(store_path.parent / "missing.duckdb"))
    assert result.exit_code == 2 and "E550" in result.output


def test_network_json_and_graphml(tmp_path, store_path):
    result = run("network", "--db", str(store_path))
    graph = nx.node_link_graph(json.loads(result.stdout), edges="links")
    assert graph["USA"]["IRN"]["events"] == 3
    out = tmp_path / "g.graphml"
    assert run("network", "--db", str(store_path), "--format", "graphml", "-o", str(out),
               "--from", "2026-01-01").exit_code == 0
    assert set(nx.read_graphml(out).nodes) == {"CHN", "PHL"}


def test_network_html_is_written(tmp_path, store_path):
    out = tmp_path / "n.html"
    result = run("network", "--db", str(store_path), "--format", "html", "-o", str(out), "--level", "code")
    assert result.exit_code == 0, result.output
    assert "USAGOV" in out.read_text()


def test_map_csv_and_html(tmp_path, store_path):
    result = run("map", "--db", str(store_path), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"Geneva", "Tehran", "Paris", "Washington", "Scarborough Shoal"} <= {r["place"] for r in rows}
    out = tmp_path / "m.html"
    assert run("map", "--db", str(store_path), "--actor", "CHN", "-o", str(out)).exit_code == 0
    assert out.stat().st_size > 100_000


def test_map_with_nothing_placed_fails_clearly(store_path):
    result = run("map", "--db", str(store_path), "--actor", "NOR")
    assert result.exit_code == 1 and "E553" in result.output


def test_research_exports_through_parley_export(tmp_path, store_path):
    """`parley export` lists its formats itself; the new ones are reachable through the API."""
    from parley.export import export
    from parley.store import Store

    with Store(store_path, read_only=True) as store:
        assert export(store, "codebook", tmp_path / "e.csv") == 8
    assert (tmp_path / "e.codebook.md").exists()


@pytest.mark.slow
def test_series_png(tmp_path, store_path):
    pytest.importorskip("kaleido")
    out = tmp_path / "s.png"
    result = run("series", "--db", str(store_path), "--dyad", "IRN-USA", "--undirected", "--format", "png", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"
