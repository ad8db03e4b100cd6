"""`parley eval` on tiny folders in the data sets' layouts (so private copies in the same layout run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.errors import ParleyError
from parley.evaluation import detect, resolve

runner = CliRunner()


def _json(args: list[str]) -> tuple[int, dict]:
    result = runner.invoke(app, ["eval", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_json_shape_for_every_layout(tiny_root: Path, builders: dict):
    code, data = _json([*builders, "--root", str(tiny_root)])
    assert code == 0, data
    assert set(data) >= {"datasets", "commit", "parley"}
    assert [d["name"] for d in data["datasets"]] == list(builders)
    for d in data["datasets"]:
        assert d["task"] and d["records"] >= 1
        assert isinstance(d["errors"], dict) and isinstance(d["examples"], dict)
        for key, value in d.items():
            if key.endswith(("_f1", "accuracy", "precision", "recall")) and isinstance(value, float):
                assert 0.0 <= value <= 1.0, (d["name"], key)
    by = {d["name"]: d for d in data["datasets"]}
    assert {"macro_f1", "full_f1", "per_type", "confusion"} <= set(by["plover_gsr"])
    assert by["plover_gsr"]["records"] == 3
    assert "penta_macro_f1" in by["conflibert_cameo"] and "source_overlap" in by["conflibert_cameo"]
    assert "root_macro_f1" in by["plv_hu2024"]
    assert by["ngec_synthetic"]["labels"] == "pseudo"
    assert by["tempeval3"]["platinum_gold"] == 2
    assert by["polnear"]["gold_attributions"] == 2


def test_limit_caps_records(tiny_root: Path):
    code, data = _json(["plover_gsr", "--limit", "1", "--root", str(tiny_root)])
    assert code == 0 and data["datasets"][0]["records"] == 1


def test_folder_path_is_detected_by_layout(builders: dict, tmp_path: Path):
    private = builders["plv_hu2024"](tmp_path / "my_copy")
    assert detect(private) == "plv_hu2024"
    assert resolve(str(private)) == ("plv_hu2024", private)
    code, data = _json([str(private)])
    assert code == 0 and data["datasets"][0]["name"] == "plv_hu2024"


def test_absent_data_set_is_skipped_not_a_crash(tiny_root: Path, tmp_path: Path):
    empty = tmp_path / "empty_root"
    empty.mkdir()
    result = runner.invoke(app, ["eval", "plover_gsr", "tempeval3", "--root", str(empty), "--format", "json"])
    assert result.exit_code == 1  # nothing could be evaluated
    data = json.loads(result.stdout)
    assert data["datasets"] == [] and {s["code"] for s in data["skipped"]} == {"E401"}
    code, data = _json(["plover_gsr", "no_such_set", "--root", str(tiny_root)])
    assert code == 0 and data["skipped"][0]["code"] == "E400"


def test_unknown_layout_is_a_clear_error(tmp_path: Path):
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "notes.txt").write_text("nothing here")
    with pytest.raises(ParleyError) as info:
        resolve(str(odd))
    assert info.value.code.name == "E402"


def test_markdown_lists_figures_references_and_command(tiny_root: Path):
    result = runner.invoke(app, ["eval", "tempeval3", "ngec_synthetic", "--root", str(tiny_root),
                                 "--format", "markdown"])
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Accuracy")
    assert "parley eval tempeval3 ngec_synthetic --format markdown" in md
    assert "HeidelTime: 0.776" in md and "| platinum_value_f1 |" in md
    assert "not gold" in md
    # no text from the data goes into the page, only ids
    assert "The council met" not in md and "Egypt and Sudan" not in md
