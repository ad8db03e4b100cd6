"""`parley.analyze` on generated text: a valid report whose offsets all lie within (and quote)
the text, whatever Unicode it is given."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reliability.conftest import fuzz
from reliability.fuzzing import (
    BIDI,
    TRIED,
    ZERO_WIDTH,
    analysis_texts,
    check_analyze,
    check_report,
    hang_guard,
)

import parley


@fuzz(80)
@given(analysis_texts())
def test_any_text_gives_a_valid_report(text):
    check_analyze(text)


@fuzz(25)
@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=300))
def test_any_unicode_text_gives_a_valid_report(text):
    check_analyze(text)


@pytest.mark.parametrize("marks", [ZERO_WIDTH, BIDI, ["\u202e"], ["\ud800", "\udfff"]])
def test_invisible_marks_inside_names_keep_offsets_true(marks):
    """Marks inside and between the words of a sentence with actors, a quote and a date."""
    base = ('Iran rejected talks with the United States on 14 August 2018. "We will not negotiate," '
            "Ayatollah Ali Khamenei said in Tehran.")
    for k, mark in enumerate(marks):
        text = base.replace(" ", mark + " ", k + 1).replace("Iran", "Ir" + mark + "an")
        with hang_guard():
            report = parley.analyze(text, "2018-08-14")
        TRIED["parley.analyze: hand-made cases"] += 1
        check_report(report, text)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\x00", "\ufeff", "\u202e" * 50, "." * 5000,
                                  '"' * 999, "Iran " * 3000, "a\u0301" * 2000, "\U0001f600" * 500,
                                  "\r\n" * 100 + "Russia accused Ukraine.", "<div>" * 500])
def test_degenerate_texts_give_valid_reports(text):
    with hang_guard():
        report = parley.analyze(text)
    TRIED["parley.analyze: hand-made cases"] += 1
    check_report(report, text)


@pytest.mark.slow
def test_one_long_line_gives_a_valid_report():
    """30 000 characters without a newline or full stop: one enormous 'sentence'. (The time the
    stages take grows with the square of a sentence's length: see docs/reliability.md.)"""
    text = ("Iran rejected talks with the United States and Russia accused Ukraine of shelling "
            * 400)[:30_000]
    with hang_guard(600):
        report = parley.analyze(text)
    TRIED["parley.analyze: hand-made cases"] += 1
    check_report(report, text)
    assert report.actors and not report.errors


#: Found by bench/fuzz.py: with the default selective parse, the event model's features walk
#: `token.children` in a sentence the parser skipped, and spaCy's C code reads out of bounds.
SEGFAULT_TEXT = ("p\U00076b17\x008i\xe8\xbf\x82|\u02f8\u0363\u0341\x1f on 14 August 2018 on 14 August 2018"
                 "\x18\u05a0\x18\u05a0 of shelling By Ana Ruiz\n''G\x80\x8b\xffl\xd3M\x1c\ufeff")


def test_text_that_crashed_the_event_model_in_native_code():
    """Run in a child process: a crash in native code must not take the test run down with it."""
    code = "import sys, parley; parley.analyze(sys.stdin.read())"
    proc = subprocess.run([sys.executable, "-c", code], input=SEGFAULT_TEXT, text=True,
                          encoding="utf-8", errors="surrogatepass", capture_output=True, timeout=600)
    TRIED["parley.analyze: hand-made cases"] += 1
    assert proc.returncode == 0, f"the process died (exit {proc.returncode}): {proc.stderr[-500:]}"
