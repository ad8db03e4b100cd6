"""Every reader on generated and hostile input: documents or coded errors, never a crash or hang,
and one broken file or record never loses the others."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from reliability.conftest import fuzz
from reliability.fuzzing import (
    BIDI,
    ENCODINGS,
    TRIED,
    ZERO_WIDTH,
    check_html,
    check_items,
    check_json_lines,
    check_reader_bytes,
    check_reader_encodings,
    encoded_files,
    hang_guard,
    huge_attribute,
    mangled_files,
    mixed_json_lines,
    nested_html,
    tag_soup,
    wrap,
    write_corpus,
)

from parley.readers import read_paths

FIXED = "readers: bombs and hand-made cases"


def _codes(items: list) -> list[str]:
    return [e.code for _, errors in items for e in errors]


def _read(path: Path | str, **options: object) -> list:
    with hang_guard():
        items = list(read_paths([str(path)], **options))
    TRIED[FIXED] += 1
    check_items(items, source=str(path))
    return items


# --- generated inputs --------------------------------------------------------------------

@fuzz(150)
@given(mangled_files())
def test_random_and_mangled_bytes_give_documents_or_coded_errors(case):
    check_reader_bytes(case)


@fuzz(150)
@given(encoded_files())
def test_text_in_any_encoding_and_format_gives_documents_or_coded_errors(case):
    check_reader_encodings(case)


@fuzz(80)
@given(mixed_json_lines())
def test_broken_json_lines_never_lose_the_good_ones(case):
    check_json_lines(case)


@fuzz(60)
@given(tag_soup())
def test_tag_soup_gives_a_document_or_e007(html):
    check_html(html)


# --- invisible and direction marks -------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".md", ".jsonl", ".csv"])
def test_zero_width_and_bidi_marks_are_kept_not_taken_for_binary(tmp_path, suffix):
    """Text dense with direction marks (as Arabic or Hebrew news is) is text, kept as written."""
    text = "Iran rejected talks " + "".join(m + "x" for m in BIDI + ZERO_WIDTH[:3]) + " in Tehran."
    path = tmp_path / f"marks{suffix}"
    path.write_text(wrap(text, suffix), "utf-8")
    items = _read(path)
    assert _codes(items) == [] and items[0][0].text == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_round_trip_exactly(tmp_path, encoding):
    text = "Le Premier ministre a rejeté l'offre \u2066\u05e9\u05dc\u05d5\u05dd\u2069 \u200bà Genève."
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    items = _read(path)
    assert _codes(items) == [] and items[0][0].text == text


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_truncated_multibyte_sequences_give_text_or_a_coded_error(tmp_path, encoding):
    data = "Talks in 東京 and Київ resumed — «¿qué?» 한국 ".encode(encoding, errors="replace") * 3
    for cut in (1, 2, 3):
        path = tmp_path / f"cut{cut}.txt"
        path.write_bytes(data[:-cut])
        for doc, errors in _read(path):
            assert doc.text or {e.code for e in errors} <= {"E004", "E005"}


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl", ".csv", ".json"])
def test_nul_bytes_give_a_coded_error_or_text_without_them(tmp_path, suffix):
    path = tmp_path / f"nul{suffix}"
    path.write_bytes(wrap("Iran said\x00\x00 no.", suffix).encode("utf-8") + b"\x00" * 100)
    for doc, errors in _read(path):
        assert "\x00" not in doc.text or not errors


# --- bombs -------------------------------------------------------------------------------

@pytest.mark.parametrize("closed", [True, False])
def test_100k_nested_divs_give_the_text(tmp_path, closed):
    path = tmp_path / "deep.html"
    path.write_text(nested_html(100_000, closed=closed), "utf-8")
    items = _read(path)
    assert _codes(items) == [] and "Iran rejected talks" in items[0][0].text


@pytest.mark.slow
def test_deep_tables_lists_and_spans_give_the_text(tmp_path):
    for tag in ("table", "ul", "span", "b", "blockquote"):
        path = tmp_path / f"deep-{tag}.html"
        path.write_text(nested_html(50_000, tag=tag, closed=False), "utf-8")
        items = _read(path)
        assert _codes(items) == [] and "United States" in items[0][0].text, tag


def test_10mb_attribute_is_read_or_refused_by_size(tmp_path):
    under = tmp_path / "attr.html"
    under.write_text(huge_attribute(9_500_000), "utf-8")
    items = _read(under)
    assert _codes(items) == [] and "trade agreement" in items[0][0].text
    over = tmp_path / "attr-big.html"
    over.write_text(huge_attribute(10_500_000), "utf-8")
    assert _codes(_read(over)) == ["E006"]


@pytest.mark.slow
def test_20mb_line_without_newline(tmp_path):
    """One 20 MB line: refused by size (E006) by default, read whole when the limit allows."""
    line = ("Iran rejected talks with the United States " * 470_000)[:20_000_000]
    for suffix in (".txt", ".jsonl", ".csv"):
        path = tmp_path / f"line{suffix}"
        path.write_text(wrap(line, suffix).rstrip("\n"), "utf-8")
        assert _codes(_read(path)) == ["E006"]
        items = _read(path, max_bytes=25_000_000)
        assert _codes(items) == [] and len(items[0][0].text) >= 19_000_000, suffix


def test_empty_containers_say_so(tmp_path):
    (tmp_path / "head.csv").write_text("title,text\n", "utf-8")
    (tmp_path / "blank.csv").write_text("title,text\n,\n  ,  \n", "utf-8")
    (tmp_path / "none.json").write_text("[]", "utf-8")
    for name in ("head.csv", "blank.csv", "none.json"):
        assert _codes(_read(tmp_path / name)) == ["E003"], name


# --- one bad thing never loses the rest --------------------------------------------------

def test_lone_surrogate_escape_spoils_nothing(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Iran rejected talks \\ud800 on Monday.", "tag": "\\udfff"}\n'
                    '{"text": "France signed a deal."}\n', "utf-8")
    items = _read(path)
    assert _codes(items) == [] and len(items) == 2
    assert items[0][0].text == "Iran rejected talks \ufffd on Monday."
    assert items[0][0].extra["tag"] == "\ufffd"


def test_one_corrupt_line_does_not_change_how_the_others_decode(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes('{"text": "São Paulo and Zürich signed."}\n'.encode()
                     + b'{"text": "caf\xe9 latin-1 line"}\n'
                     + '{"text": "Ελλάδα and Türkiye met."}\n'.encode())
    texts = [d.text for d, _ in _read(path)]
    assert texts[0] == "São Paulo and Zürich signed." and texts[2] == "Ελλάδα and Türkiye met."
    assert texts[1] == "café latin-1 line"


def test_a_bad_first_line_that_looks_like_a_utf16_mark_loses_nothing(tmp_path):
    path = tmp_path / "marked.jsonl"
    path.write_bytes(b'\xff\xfe\xfa\n{"text": "India and Pakistan agreed."}\n')
    items = _read(path)
    assert [d.text for d, _ in items] == ["", "India and Pakistan agreed."] and _codes(items) == ["E008"]


def test_file_name_in_a_foreign_encoding(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 2)
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(odd, "wb") as handle:
        handle.write(b"Egypt hosted envoys in Cairo.")
    items = _read(folder)
    assert _codes(items) == [] and len(items) == 3
    assert any(d.path and d.path.endswith("caf\ufffd.txt") for d, _ in items)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_in_a_folder_is_reported_not_waited_on(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 2)
    os.mkfifo(folder / "pipe.txt")
    items = _read(folder)
    assert sorted(_codes(items)) == ["E002"] and sum(1 for d, _ in items if d.text) == 2


@pytest.mark.parametrize("how", ["rewrite", "append", "replace", "delete"])
def test_file_changing_while_read(tmp_path, how):
    """Another thread rewrites, appends to, replaces or deletes the file during reads."""
    path = tmp_path / "live.txt"
    versions = [f"Version {k}: Iran rejected talks. " * (50 + 400 * (k % 3)) for k in range(6)]
    path.write_text(versions[0], "utf-8")
    stop = threading.Event()

    def churn() -> None:
        k = 0
        while not stop.is_set():
            k += 1
            text = versions[k % len(versions)]
            if how == "rewrite":
                path.write_text(text, "utf-8")
            elif how == "append":
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write(text[:200])
                if path.stat().st_size > 2_000_000:
                    path.write_text(text, "utf-8")
            elif how == "replace":
                tmp = path.with_suffix(".tmp")
                tmp.write_text(text, "utf-8")
                os.replace(tmp, path)
            else:
                path.unlink(missing_ok=True)
                path.write_text(text, "utf-8")
            time.sleep(0.0005)

    worker = threading.Thread(target=churn, daemon=True)
    worker.start()
    seen: set[str] = set()
    try:
        for _ in range(150):
            for doc, errors in _read(path):
                seen.update(e.code for e in errors)
                assert doc.text or {e.code for e in errors} <= {"E001", "E003", "E019"}, errors
    finally:
        stop.set()
        worker.join()
    if how == "replace":  # an atomic replace is always read whole
        assert seen <= {"E019"}


def _good_and_broken(folder: Path) -> list[Path]:
    good = write_corpus(folder, 4)
    (folder / "zeros.txt").write_bytes(b"\x00" * 500)
    (folder / "empty.html").write_bytes(b"")
    (folder / "bomb.html").write_text(nested_html(20_000, closed=False), "utf-8")
    (folder / "half.jsonl").write_bytes(b'{"text": "Kenya sent troops to Somalia."}\n{"text": "cut')
    (folder / "bad.csv").write_bytes(b"alpha,beta,gamma\n1,2,3\n")
    (folder / "latin.txt").write_bytes("Brazil condemned the coup in Bolivia — señor".encode("cp1252"))
    (folder / "sub").mkdir()
    (folder / "sub" / "pdf.md").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    return good


def test_a_folder_with_broken_files_loses_no_good_document(tmp_path):
    folder = tmp_path / "in"
    good = _good_and_broken(folder)
    items = _read(folder)
    paths = {d.path for d, errors in items if d.text}
    assert {str(p) for p in good} <= paths
    assert len(items) == 12 and sorted(set(_codes(items))) == ["E003", "E004", "E008", "E015"]


def test_analyze_files_over_a_broken_folder(tmp_path):
    import parley

    folder = tmp_path / "in"
    good = _good_and_broken(folder)
    with hang_guard():
        reports = list(parley.analyze_files([folder]))
    TRIED[FIXED] += 1
    assert {str(p) for p in good} <= {r.document.path for r in reports if r.document.text}
    assert len(reports) == 12


def test_cli_analyze_over_a_broken_folder(tmp_path):
    from typer.testing import CliRunner

    from parley.cli import app

    folder = tmp_path / "in"
    good = _good_and_broken(folder)
    db = tmp_path / "store.duckdb"
    with hang_guard():
        result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "jsonl", "--db", str(db),
                                          "--no-progress"])
    TRIED[FIXED] += 1
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 12
    assert {str(p) for p in good} <= {r["document"]["path"] for r in lines if not r["errors"]}
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
