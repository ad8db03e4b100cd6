"""The report model follows the v1 output contract (key names, allowed values, schema)."""

from __future__ import annotations

import json

import pytest
from factories import make_report
from pydantic import ValidationError

from parley.document import DocumentReport, Event, report_schema

CONTRACT_DOCUMENT_KEYS = {"id", "path", "title", "outlet", "url", "published", "dateline", "author", "language"}
CONTRACT_EVENT_KEYS = {"id", "source", "target", "cameo", "cameo_root", "plover", "plover_mode", "goldstein",
                       "quad_class", "negated", "modality", "date", "location", "evidence", "reported_by",
                       "confidence"}


def test_report_json_has_contract_keys():
    line = json.loads(make_report().to_json())
    assert set(line) == {"document", "actors", "events", "quotes", "times", "errors"}
    assert CONTRACT_DOCUMENT_KEYS <= set(line["document"])
    assert "text" not in line["document"]
    assert CONTRACT_EVENT_KEYS <= set(line["events"][0])
    assert set(line["events"][0]["date"]) == {"value", "precision", "basis"}
    assert set(line["events"][0]["evidence"]) == {"text", "start", "end"}
    assert set(line["actors"][0]["mentions"][0]) == {"text", "start", "end"}
    assert {"actor_id", "name", "country", "text"} <= set(line["quotes"][0]["speaker"])


def test_report_round_trips_through_json():
    report = make_report()
    again = DocumentReport.model_validate_json(report.to_json())
    assert again.events == report.events and again.actors == report.actors


@pytest.mark.parametrize("field,value", [("modality", "maybe"), ("quad_class", 5), ("confidence", 1.5)])
def test_out_of_contract_values_are_refused(field, value):
    data = make_report().events[0].model_dump()
    data[field] = value
    with pytest.raises(ValidationError):
        Event.model_validate(data)


def test_date_basis_is_a_closed_set():
    data = make_report().events[0].model_dump()
    data["date"]["basis"] = "guess"
    with pytest.raises(ValidationError):
        Event.model_validate(data)


def test_schema_describes_the_report():
    schema = report_schema()
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"document", "actors", "events", "quotes", "times", "errors"}
    event = schema["$defs"]["Event"]
    assert set(event["properties"]["modality"]["enum"]) == {
        "asserted", "negated", "intent", "threat", "demand", "hypothetical", "refused"}


def test_docs_errors_page_lists_every_code():
    from conftest import ROOT

    from parley.errors import errors_markdown

    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert page == errors_markdown(), "regenerate with: python -m parley.errors > docs/errors.md"


def test_settings_from_environment(monkeypatch, tmp_path):
    from parley.settings import load_settings

    verbs = tmp_path / "verbs.tsv"
    monkeypatch.setenv("PARLEY_VERBS_FILE", str(verbs))
    monkeypatch.setenv("PARLEY_MAX_BYTES", "1234")
    settings = load_settings()
    assert settings.verbs_file == verbs and settings.max_bytes == 1234
    assert load_settings(verbs_file=tmp_path / "other.tsv").verbs_file == tmp_path / "other.tsv"
