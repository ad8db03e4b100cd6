"""The speed work keeps behaviour: each fast path gives what the plain way it replaced gives.

Behavioural checks only (no timing): the actors dictionary pass against a brute-force longest
match, the spaCy token alignment, the gazetteer key, the columnar Parquet insert, the worker
environment and the bench's report section.
"""

from __future__ import annotations

import bisect
import importlib.util
import os
import unicodedata
from pathlib import Path

import pytest

from parley.actors import resolver
from parley.actors.kb import default_kb

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "Iranian officials met the United States envoy in Geneva; the U.S. State Department said talks went well.",
    "The Washington Post reported that Russia and Ukraine agreed to swap prisoners near the border.",
    "Officials of the European Union and the African Union, anti-Iran groups and Chinese diplomats spoke.",
    "Turkey's foreign minister told the Dutch ambassador that the Netherlands had gone too far.\n\nNew York",
    "  \n",
    "",
]


def _brute_force(tx, kb):
    """Longest alias match at each position, trying every length (what `_dictionary` must equal)."""
    found, i, n = [], 0, len(tx)
    longest = min(kb.max_alias_tokens, 10)
    while i < n:
        hit = None
        for size in range(min(longest, n - i), 0, -1):
            if size > 1 and not all(tx.joined(k) for k in range(i + 1, i + size)):
                continue
            bucket = kb.surface.get(tuple(tx.folded[i:i + size]))
            words = [t for t, _, _ in tx.toks[i:i + size]]
            ok = [item for item in bucket or () if resolver._case_ok(item[2], words)]
            if ok:
                hit = (i, i + size, ok)
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


@pytest.mark.parametrize("text", TEXTS)
def test_dictionary_pass_equals_brute_force(text):
    kb = default_kb()
    tx = resolver._Text(text, kb.lexicon.abbreviations)
    assert resolver._dictionary(tx, kb, None) == _brute_force(tx, kb)


def test_dictionary_pass_finds_multiword_aliases():
    kb = default_kb()
    tx = resolver._Text(TEXTS[0], kb.lexicon.abbreviations)
    spans = {TEXTS[0][tx.toks[i][1]:tx.toks[j - 1][2]] for i, j, _ in resolver._dictionary(tx, kb, None)}
    assert "United States" in spans


def test_token_map_aligns_like_a_search_per_word():
    from parley.nlp import load_nlp

    text = "Iran's  envoy met U.S.-led\n\n  negotiators in São Paulo."
    doc = load_nlp().make_doc(text)
    starts = [s for _, s, _ in resolver._Text(text).toks]
    words = [t for t in doc if not t.is_space]
    begins = [t.idx for t in words]
    expected = []
    for start in starts:
        at = bisect.bisect_right(begins, start) - 1
        ok = at >= 0 and words[at].idx + len(words[at].text) > start
        expected.append(words[at].i if ok else None)
    mapped = resolver._TokenMap(doc, starts)
    assert [t.i if t is not None else None for t in mapped[:]] == expected
    assert mapped[0].text == "Iran"


@pytest.mark.parametrize("name", ["  The TROMSØ, Norway", "St. John\u2019s", "São Paulo", "Paris,", "\ta.b\x1c c ",
                                  "New  York", "Ho Chi Minh City", "the Hague", "\xa0Zürich\u2003"])
def test_gazetteer_key_matches_the_full_folding(name):
    from parley.places.gazetteer import _LETTERS, normalise

    text = unicodedata.normalize("NFKD", name.strip().lower().translate(_LETTERS)).encode("ascii", "ignore")
    text = " ".join(text.decode("ascii").replace(".", "").replace("\u2019", "'").replace(",", " ").split())
    assert normalise(name) == (text[4:] if text.startswith("the ") else text)


def _read_parquet(path):
    import duckdb

    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    return relation.columns, relation.types, sorted(relation.fetchall(), key=repr)


def test_columnar_write_equals_row_by_row(tmp_path):
    import duckdb

    from parley.batch.output import _writer
    from parley.store import SCHEMA

    rows = [("d1", "a", "Iran", "IRN", "IR", ["GOV", "MIL"], "state", 2),
            ("d1", "b", None, "IRN", None, [], None, 1), ("d2", "c", "x", None, "y", None, "org", None)]
    _writer().copy("actors", rows, tmp_path / "columnar.parquet")
    con = duckdb.connect(":memory:")
    con.execute(SCHEMA)
    con.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(f"COPY actors TO '{tmp_path / 'rows.parquet'}' (FORMAT parquet)")
    assert _read_parquet(tmp_path / "columnar.parquet") == _read_parquet(tmp_path / "rows.parquet")
    assert len(_read_parquet(tmp_path / "columnar.parquet")[2]) == 3


def test_columnar_write_falls_back_on_mixed_columns_and_leaves_the_table_empty(tmp_path):
    from parley.batch.output import _writer

    writer = _writer()
    # Arrow cannot type a column of str and int: row by row, the int cast to the column's VARCHAR
    writer.copy("errors", [("d1", "p", "E1", "text", "nlp"), ("d2", "p", "E2", 3, "nlp")], tmp_path / "mixed.parquet")
    assert sorted(row[3] for row in _read_parquet(tmp_path / "mixed.parquet")[2]) == ["3", "text"]
    writer.copy("errors", [], tmp_path / "empty.parquet")  # the fallback's rows are not left behind
    columns, _, values = _read_parquet(tmp_path / "empty.parquet")
    assert values == [] and columns == ["doc_id", "path", "code", "message", "stage"]


def test_each_thread_writes_through_its_own_connection():
    import threading

    from parley.batch.output import _writer

    seen = []
    thread = threading.Thread(target=lambda: seen.append(_writer()))
    thread.start()
    thread.join()
    assert seen[0] is not _writer() and _writer() is _writer()


def test_workers_are_single_threaded_unless_told(monkeypatch):
    from parley.batch.driver import THREAD_VARIABLES, single_threaded_workers

    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    single_threaded_workers()
    assert os.environ["OMP_NUM_THREADS"] == "3"
    assert all(os.environ[name] == "1" for name in THREAD_VARIABLES if name != "OMP_NUM_THREADS")


def _bench_run():
    spec = importlib.util.spec_from_file_location("parley_bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_writes_only_between_its_markers(tmp_path):
    run = _bench_run()
    page = tmp_path / "performance.md"
    run.write_section(page, "first figures")
    text = page.read_text("utf-8")
    for marker in (*run.BENCH_MARKERS, *run.LOAD_MARKERS):
        assert text.count(marker) == 1
    loaded = text.replace(f"{run.LOAD_MARKERS[0]}\n", f"{run.LOAD_MARKERS[0]}\nload figures\n")
    page.write_text(loaded + "\nNotes kept.\n", "utf-8")
    run.write_section(page, "second figures")
    text = page.read_text("utf-8")
    assert "second figures" in text and "first figures" not in text
    assert "load figures" in text and text.endswith("Notes kept.\n")


def test_bench_adds_its_markers_to_a_page_without_them(tmp_path):
    run = _bench_run()
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\nHand-written notes.\n", "utf-8")
    run.write_section(page, "figures")
    text = page.read_text("utf-8")
    assert text.startswith("# Performance\n\nHand-written notes.")
    assert f"{run.BENCH_MARKERS[0]}\nfigures\n{run.BENCH_MARKERS[1]}" in text


def test_bench_report_reads_scaling_against_the_machines_ceiling():
    run = _bench_run()
    base = {"seconds": 80.0, "sentences": 26000, "peak_rss_mb": 250.0}
    same = {"seconds": 60.0, "peak_rss_mb": 255.0}
    side = {"processes": 2, "seconds": 50.0, "sentences": 26000, "peak_rss_mb": 250.0}
    real = {"articles": 120, "sentences": 3300, "characters": 480000, "baseline": 24.0, "parley": 16.0}
    runs = [{"workers": 1, "wall": 40.0, "busy": 38.0, "peak_rss_mb": {"w": 480.0},
             "rss_trace": {"w": [400.0, 450.0, 455.0, 460.0]}},
            {"workers": 2, "wall": 25.0, "busy": 24.0, "peak_rss_mb": {"w": 470.0, "v": 475.0},
             "rss_trace": {"w": [470.0], "v": [475.0]}}]
    text = run.report(base, runs, 2000, ("1.0", "1.0"), 100, same, side, real)
    # spaCy gets 80 / 50 = 1.60x from a second process; Parley 40 / 25 = 1.60x: all of the ceiling
    assert "a second process: 1.60x" in text and "Scaling from 1 to 2 workers: 1.60x" in text
    assert "Parley's scaling is 1.00 of that ceiling" in text
    assert "Parley runs 2.00x end to end" in text  # 50 s for the baseline's 2 processes, 25 s for Parley's 2
    assert "| baseline, 2 processes side by side (half the texts each) | 40.0 | 520 | 1.60 | 1.20 | 250 |" in text
    assert "ratio 1.50" in text and "120 BASIL articles" in text  # real news: 24 s against 16 s


def test_bench_reads_fixed_and_per_article_costs_over_corpus_sizes():
    run = _bench_run()
    runs = [{"wall": 12.0, "busy": 10.0, "documents": 1000}, {"wall": 22.5, "busy": 20.0, "documents": 2000},
            {"wall": 43.0, "busy": 40.0, "documents": 4000}]
    assert run.run_costs(runs) == pytest.approx((2.5, 0.01))  # the median of 2, 2.5 and 3 s; 70 s over 7,000
    # 1 worker: 2 s + 10 ms an article; 2 workers: 2 s + 5 ms: 1.8x once 2 + 0.010 n = 1.8 (2 + 0.005 n), n = 1,600
    assert run.break_even((2.0, 2.0), (0.010, 0.005), 1.8) == pytest.approx(1600)
    assert run.break_even((2.0, 2.0), (0.010, 0.006), 1.8) is None  # 1.67x an article: never
    assert run.break_even((1.0, 0.5), (0.010, 0.005), 1.8) == 0.0  # every size


def test_bench_size_section_reads_scaling_memory_and_break_even():
    run = _bench_run()

    def pair(size, one, two, peak):
        return {"articles": size,
                1: {"wall": one, "busy": one - 2.0, "documents": size, "peak_rss_mb": {"w": peak},
                    "rss_trace": {"w": [peak - 50.0, peak - 1.0, peak]}},
                2: {"wall": two, "busy": two - 2.0, "documents": size, "peak_rss_mb": {"w": peak, "v": peak + 2}}}

    rows = [pair(2000, 22.0, 12.0, 350.0), pair(4000, 42.0, 22.0, 352.0), pair(8000, 82.0, 42.0, 355.0)]
    text = "\n".join(run.size_report(rows))
    assert "| 2000 | 22.0 | 12.0 | 1.83x | 2.00x | 350 / 352 |" in text
    assert "| 8000 | 82.0 | 42.0 | 1.95x | 2.00x | 355 / 357 |" in text
    assert "a run pays 2.0 s with 1 worker and 2.0 s with 2" in text and "10.00 and 5.00 ms an article" in text
    assert "gives 2.00x on the articles themselves" in text
    assert "reach 1.8x from about 1,600 articles" in text
    assert "350 to 357 MiB (flat as the corpus grows 4-fold)" in text
    assert "Over 8000 articles with 1 worker, peak RSS after each partition: 305, 354, 355, last 355." in text


def test_bench_steady_rate_leaves_out_each_workers_first_partition():
    run = _bench_run()
    # worker a: a first partition of 100 in 10 s (loading), then 200 in 4 s; worker b: 100 in 2 s after its first
    trace = {"a": [(100, 10.0), (100, 2.0), (100, 2.0)], "b": [(100, 9.0), (100, 2.0)], "c": [(50, 3.0)]}
    assert run.steady_rate(trace) == 100.0  # 50/s + 50/s; c has nothing after its first
    assert run.steady_rate({"c": [(50, 3.0)]}) is None


_WRITE_SCRIPT = """
import sys, tempfile
from datetime import datetime
from pathlib import Path
from parley.batch.output import _writer
out = Path(tempfile.mkdtemp())
_writer().copy("documents", [("d1", "a.txt", "T", "O", None, "2024-01-01", None, None, "en", "{}", "text",
                              1, 2, 0, 1, 0, datetime(2024, 1, 1), "{}")], out / "documents.parquet")
_writer().copy("actors", [("d1", "a1", "Iran", "IRN", "IR", ["GOV"], "state", 2)], out / "actors.parquet")
print(sorted(m for m in ("pyarrow", "pandas") if m in sys.modules))
"""


def test_writing_a_partition_imports_neither_arrow_nor_pandas():
    """A worker's first partition would pay a quarter second to import them."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WRITE_SCRIPT], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_lone_float_among_whole_numbers_stays_a_float(tmp_path):
    """DuckDB types a column of Python objects from a sample of its values, and would cut a lone
    float among whole numbers to a whole number; the writer has it read them all."""
    from parley.batch.output import _writer

    names = [name for name, _ in _writer().columns["events"]]
    rows = []
    for i in range(5001):
        row = dict.fromkeys(names)
        row.update(id=f"e{i}", doc_id="d", quad_class=1, negated=False, reported_by=[],
                   goldstein=None if i < 1000 else (0.5 if i == 2501 else 2))
        rows.append(tuple(row[name] for name in names))
    _writer().copy("events", rows, tmp_path / "events.parquet")
    goldstein = names.index("goldstein")
    values = [row[goldstein] for row in _read_parquet(tmp_path / "events.parquet")[2]]
    assert len(values) == 5001 and 0.5 in values and values.count(None) == 1000
