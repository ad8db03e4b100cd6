"""read_paths: folders, stdin, the registry and the --published default."""

from __future__ import annotations

import io
import os
import sys

import pytest

from parley.errors import ParleyError
from parley.readers import read_paths
from parley.registry import readers


def test_directory_is_read_recursively_sorted_skipping_hidden_and_unknown(tmp_path, read_all):
    (tmp_path / "b.txt").write_text("Brazil and Argentina held talks in Buenos Aires.")
    (tmp_path / "a.txt").write_text("Canada protested against the new tariffs.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text(
        "<html><body><p>Japan sent aid to the Philippines.</p></body></html>"
    )
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("hidden folder")
    (tmp_path / ".draft.txt").write_text("hidden file")
    items = read_all(tmp_path)
    assert [doc.path for doc, _ in items] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.html"),
    ]
    assert all(errors == [] for _, errors in items)


def test_one_bad_file_does_not_stop_the_others(tmp_path, read_all):
    good = tmp_path / "good.txt"
    good.write_text("Kenya hosted a summit on drought relief.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    items = read_all(empty, tmp_path / "missing.txt", good)
    assert [[e.code for e in errors] for _, errors in items] == [["E003"], ["E001"], []]
    assert items[2][0].text.startswith("Kenya")


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch, read_one):
    _stdin(monkeypatch, "BRUSSELS – The EU imposed new sanctions on Tuesday.".encode())
    doc, errors = read_one("-")
    assert errors == [] and doc.path == "-" and doc.dateline == "BRUSSELS"


def test_stdin_html_is_sniffed(monkeypatch, read_one):
    _stdin(
        monkeypatch,
        b"<!DOCTYPE html><html><body><p>Chad and Sudan reopened talks.</p><script>x()</script></body></html>",
    )
    doc, errors = read_one("-")
    assert (
        errors == [] and doc.text == "Chad and Sudan reopened talks." and "extractor" in doc.extra
    )


def test_stdin_too_big(monkeypatch, read_one):
    _stdin(monkeypatch, b"word " * 100)
    _, errors = read_one("-", max_bytes=50)
    assert [e.code for e in errors] == ["E006"]


def test_published_is_a_default_only(tmp_path, read_all):
    dated = tmp_path / "dated.txt"
    dated.write_text("Summit ends in Accra\n\nPublished: 2 March 2019\n\nLeaders signed a pact.")
    undated = tmp_path / "undated.txt"
    undated.write_text("Leaders signed a pact in Accra.")
    items = read_all(dated, undated, published="2020-05-05")
    assert [doc.published for doc, _ in items] == ["2019-03-02", "2020-05-05"]


@pytest.mark.parametrize("bad", ["yesterday", "2020-13-40", "05/05/2020"])
def test_bad_published_raises_e014(tmp_path, bad):
    with pytest.raises(ParleyError) as info:
        list(read_paths([tmp_path], published=bad))
    assert info.value.code.name == "E014"


def test_users_can_register_a_reader(tmp_path, read_one, monkeypatch):
    from parley.readers.metadata import build_document

    def read_upper(path, options):
        with open(path, encoding="utf-8") as handle:
            yield build_document(handle.read().upper(), path=str(path)), []

    monkeypatch.setitem(readers._items, ".shout", read_upper)
    path = tmp_path / "note.shout"
    path.write_text("quiet words")
    doc, errors = read_one(path)
    assert doc.text == "QUIET WORDS" and errors == []


def test_a_crashing_reader_becomes_an_error(tmp_path, read_all, monkeypatch):
    def broken(path, options):
        raise KeyError("boom")
        yield  # pragma: no cover  (makes this a generator)

    monkeypatch.setitem(readers._items, ".boom", broken)
    (tmp_path / "x.boom").write_text("anything")
    (tmp_path / "y.txt").write_text("Peru and Chile met.")
    items = read_all(tmp_path / "x.boom", tmp_path / "y.txt")
    assert [e.code for e in items[0][1]] == ["E002"] and "boom" in items[0][1][0].message
    assert items[1][1] == []


def test_file_that_changes_while_read_gets_e019(tmp_path, monkeypatch):
    from parley.readers import decode

    path = tmp_path / "growing.txt"
    path.write_text("Version one of the story.")
    real_fstat = decode.os.fstat

    def fstat_after_append(fd):
        with open(path, "a") as handle:
            handle.write(" An update arrived.")
        return real_fstat(fd)

    monkeypatch.setattr(decode.os, "fstat", fstat_after_append)
    ((doc, errors),) = read_paths([path])
    assert [e.code for e in errors] == ["E019"] and doc.text == ""


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything"
)
def test_unlistable_subfolder_is_reported_and_the_rest_read(tmp_path, read_all):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Never reached.")
    (tmp_path / "open.txt").write_text("Fiji reopened its consulate.")
    locked.chmod(0)
    try:
        items = read_all(tmp_path)
    finally:
        locked.chmod(0o755)
    codes = [[e.code for e in errors] for _, errors in items]
    assert ["E002"] in codes and [] in codes


def test_walk_reports_unlistable_folder_as_e002(tmp_path, monkeypatch):
    from parley.readers import core

    def fake_walk(top, onerror=None):
        onerror(PermissionError(13, "Permission denied", str(top) + "/secret"))
        yield str(top), [], ["a.txt", "b.exe"]

    monkeypatch.setattr(core.os, "walk", fake_walk)
    found = list(core.walk(tmp_path))
    assert isinstance(found[0], tuple) and found[0][1][0].code == "E002"
    assert found[1:] == [tmp_path / "a.txt"]
