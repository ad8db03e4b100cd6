"""The `parley` command end to end: analyze, store, query, export, schema, info."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app

runner = CliRunner()

ARTICLE = (
    "Talks collapse in Vienna\n\n"
    "By Mara Lind\n\n"
    "VIENNA – Iran rejected a new proposal from the United States on Tuesday, officials said. "
    "Russia and China urged both sides to return to the table.\n"
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 32)
    return folder


def test_analyze_jsonl_one_line_per_input_and_errors_for_bad_files(inputs):
    result = runner.invoke(app, ["analyze", str(inputs), "--format", "jsonl", "--published", "2024-02-06"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {Path(line["document"]["path"]).name: line for line in lines}
    assert set(by_name) == {"a.txt", "empty.txt", "blob.txt"}
    assert by_name["empty.txt"]["errors"][0]["code"] == "E003"
    assert by_name["blob.txt"]["errors"][0]["code"] == "E004"
    good = by_name["a.txt"]
    assert good["errors"] == []
    assert good["document"]["published"] == "2024-02-06"
    assert good["document"]["dateline"] == "VIENNA"
    assert good["events"], "an event should be coded from the rejection sentence"
    for event in good["events"]:
        start, end = event["evidence"]["start"], event["evidence"]["end"]
        assert ARTICLE[start:end] == event["evidence"]["text"]


def test_analyze_exits_non_zero_only_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--format", "jsonl"])
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[0])["errors"]


def test_bad_published_date_is_a_clear_error(inputs):
    result = runner.invoke(app, ["analyze", str(inputs / "a.txt"), "--published", "14/08/2018"])
    assert result.exit_code == 2
    assert "E014" in result.output


def test_store_query_export_round_trip(inputs, tmp_path):
    db = tmp_path / "p.duckdb"
    for _ in range(2):  # the same articles twice: stored once
        result = runner.invoke(app, ["analyze", str(inputs), "--db", str(db)])
        assert result.exit_code == 0, result.output
    assert "Top dyads" in result.stdout
    result = runner.invoke(app, ["query", "SELECT count(*) AS n FROM documents", "--db", str(db), "--format", "json"])
    assert json.loads(result.stdout) == [{"n": 3}]
    out = tmp_path / "events.gdelt"
    result = runner.invoke(app, ["export", "--format", "gdelt", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert rows and all(len(r) == 61 for r in rows)
    result = runner.invoke(app, ["summary", "--db", str(db)])
    assert result.exit_code == 0 and "Events by type" in result.stdout


def test_query_bad_sql_is_a_clear_error(inputs, tmp_path):
    db = tmp_path / "p.duckdb"
    runner.invoke(app, ["analyze", str(inputs / "a.txt"), "--db", str(db)])
    result = runner.invoke(app, ["query", "SELEKT 1", "--db", str(db)])
    assert result.exit_code == 2 and "E017" in result.output


def test_stdin_is_read():
    result = runner.invoke(app, ["analyze", "-", "--format", "jsonl"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["dateline"] == "VIENNA"


def test_schema_prints_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert "events" in schema["properties"]


def test_info_lists_components():
    result = runner.invoke(app, ["info", "--json"])
    data = json.loads(result.stdout)
    assert {"nlp", "actors", "events", "quotes", "times"} <= set(data["components"])
    assert ".txt" in data["readers"] and "gdelt" in data["exporters"]


@pytest.mark.parametrize("command", ["analyze", "query", "export", "schema", "info", "summary"])
def test_every_command_has_help_with_examples(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


@pytest.mark.slow
def test_console_script_runs_as_a_subprocess(inputs):
    exe = Path(sys.executable).with_name("parley")
    res = subprocess.run([str(exe), "analyze", str(inputs / "a.txt"), "--format", "jsonl"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["document"]["title"] == "Talks collapse in Vienna"


def test_progress_bar_only_on_a_terminal(inputs, monkeypatch):
    import io

    from rich.console import Console

    import parley.cli.analyze as analyze_mod

    buffer = io.StringIO()
    monkeypatch.setattr(analyze_mod, "err", Console(file=buffer, force_terminal=True, width=100))
    result = runner.invoke(app, ["analyze", str(inputs), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "analysing" in buffer.getvalue()
    assert "analysing" not in result.stdout  # stdout keeps only the JSON lines
    quiet = io.StringIO()
    monkeypatch.setattr(analyze_mod, "err", Console(file=quiet, force_terminal=False))
    runner.invoke(app, ["analyze", str(inputs), "--format", "jsonl"])
    assert "analysing" not in quiet.getvalue()
