"""The DuckDB store keeps each document once, in one transaction, and reads it back."""

from __future__ import annotations

import pytest
from factories import make_report

from parley.errors import ParleyError
from parley.store import Store


def test_add_and_read_back(tmp_path):
    report = make_report()
    with Store(tmp_path / "p.duckdb") as store:
        store.add(report)
        again = store.get_report(report.document.id)
    assert again is not None
    assert again.document.text == report.document.text
    assert again.events[0].cameo == "057"


def test_same_document_twice_is_stored_once(tmp_path):
    report = make_report()
    with Store(tmp_path / "p.duckdb") as store:
        store.add(report)
        store.add(report)
        store.add_many([report, report])
        assert store.count("documents") == 1
        assert store.count("events") == 1
        assert store.count("actor_mentions") == 2


def test_tables_hold_flattened_records(tmp_path):
    with Store(tmp_path / "p.duckdb") as store:
        store.add(make_report())
        cols, rows = store.query("SELECT source_code, target_code, cameo, date_value, location_name FROM events")
        assert rows == [("EGY", "SDN", "057", "2019", "Cairo")]
        cols, rows = store.query("SELECT speaker_name, kind FROM quotes")
        assert rows == [("the minister", "indirect")]
        cols, rows = store.query("SELECT sectors FROM actors ORDER BY actor_id")
        assert rows == [([],), ([],)]


def test_summary_counts(tmp_path):
    with Store(tmp_path / "p.duckdb") as store:
        store.add(make_report())
        store.add(make_report(text="Another text about Egypt and Sudan signing a deal. Ethiopia objected.",
                              outlet="other.net"))
        s = store.summary()
    assert s["documents"] == 2
    assert s["events_by_plover"][0][:2] == ("AGREE", 2)
    assert s["top_dyads"][0][:3] == ("EGY", "SDN", 2)
    assert {o for o, _ in s["documents_by_outlet"]} == {"example.org", "other.net"}


def test_bad_sql_gives_coded_error(tmp_path):
    with Store(tmp_path / "p.duckdb") as store:
        with pytest.raises(ParleyError, match="E017"):
            store.query("SELEC nothing")


def test_missing_store_read_only_is_a_clear_error(tmp_path):
    with pytest.raises(ParleyError, match="E016"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(ParleyError, match="E016"):
        Store(bogus)


def test_failed_write_rolls_back(tmp_path, monkeypatch):
    good = make_report()
    with Store(tmp_path / "p.duckdb") as store:
        store.add(good)
        import parley.store as store_mod

        def boom(report):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(store_mod, "report_rows", boom)
        with pytest.raises(RuntimeError):
            store.add(make_report(text="A different article entirely about Chad."))
        monkeypatch.undo()
        assert store.count("documents") == 1
        assert store.get_report(good.document.id) is not None
