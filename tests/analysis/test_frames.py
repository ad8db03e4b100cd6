"""The DataFrame API and the research exports (Stata .dta, CSV with a codebook)."""

from __future__ import annotations

import pandas as pd
import pytest

from parley.analysis import frames
from parley.analysis.codebook import describe
from parley.analysis.exports import table_frame
from parley.errors import ParleyError
from parley.export import export
from parley.store import Store


def test_events_frame_has_document_metadata_and_dates(store_path):
    ev = frames.events(store_path)
    assert len(ev) == 8
    for column in ("cameo", "goldstein", "published", "outlet", "event_date", "report_date", "date_used"):
        assert column in ev.columns
    coup = ev[ev["cameo"] == "180"].iloc[0]
    assert coup["event_date"] == pd.Timestamp("1953-08-19")
    assert coup["report_date"] == pd.Timestamp("2025-03-14")
    assert coup["event_precision"] == "day"


def test_events_filters(store_path):
    assert len(frames.events(store_path, dyad="IRN-USA")) == 2
    assert len(frames.events(store_path, dyad="IRN-USA", directed=False)) == 5
    assert len(frames.events(store_path, actor="PHL")) == 2
    assert len(frames.events(store_path, quad_class=4)) == 2
    by_report = frames.events(store_path, date="report", start="2026-01-01")
    assert set(by_report["doc_id"]) == set(frames.events(store_path, actor="CHN")["doc_id"])
    with pytest.raises(ParleyError):
        frames.events(store_path, date="added")


def test_series_and_network_through_the_frames_api(store_path):
    assert frames.series(store_path, actor="CHN", by="day")["events"].sum() == 2
    nodes, edges = frames.network(store_path)
    assert len(nodes) == 5 and edges["events"].sum() == 8


def test_frames_accept_an_open_store(store_path):
    with Store(store_path, read_only=True) as store:
        assert len(frames.events(store)) == 8
        assert len(frames.events(store, actor="FRA")) == 1  # the store stays open between calls


def test_dta_export_opens_in_pandas_with_dates_and_labels(tmp_path, store_path):
    out = tmp_path / "events.dta"
    with Store(store_path, read_only=True) as store:
        assert export(store, "dta", out) == 8
    data = pd.read_stata(out)
    assert len(data) == 8
    coup = data[data["cameo"] == "180"].iloc[0]
    assert pd.Timestamp(coup["event_date"]) == pd.Timestamp("1953-08-19")
    assert set(data["negated"].unique()) <= {0, 1}
    with pd.io.stata.StataReader(out) as reader:
        labels = reader.variable_labels()
    assert labels["goldstein"].startswith("Goldstein scale")


def test_dta_export_of_every_table(tmp_path, store_path):
    with Store(store_path, read_only=True) as store:
        for table in ("documents", "actors", "actor_mentions", "quotes", "times", "errors"):
            export(store, "dta", tmp_path / f"{table}.dta", table=table)
    mentions = pd.read_stata(tmp_path / "actor_mentions.dta")
    assert {"start_offset", "end_offset"} <= set(mentions.columns)
    assert len(pd.read_stata(tmp_path / "documents.dta")) == 3


def test_codebook_export_describes_every_column(tmp_path, store_path):
    out = tmp_path / "events.csv"
    with Store(store_path, read_only=True) as store:
        export(store, "codebook", out)
        frame = table_frame(store, "events")
    data = pd.read_csv(out, dtype={"cameo": str, "cameo_root": str})
    assert list(data.columns) == list(frame.columns)
    assert "180" in set(data["cameo"])
    book = (tmp_path / "events.codebook.md").read_text()
    for column in frame.columns:
        assert f"`{column}`" in book
        assert describe("events", column), f"no codebook entry for events.{column}"


def test_file_exports_refuse_stdout(store_path):
    with Store(store_path, read_only=True) as store, pytest.raises(ParleyError):
        export(store, "dta", None)


def test_existing_exporters_still_work(tmp_path, store_path):
    with Store(store_path, read_only=True) as store:
        assert export(store, "csv", tmp_path / "e.csv") == 8
        assert export(store, "parquet", tmp_path / "e.parquet") == 8
