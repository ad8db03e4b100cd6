"""Generated inputs and the promises Parley keeps on them, shared by the tests and bench/fuzz.py.

Each target is a hypothesis strategy and a check: the check takes one generated input, runs a
reader (or `parley.analyze`) on it and raises AssertionError when Parley breaks a promise: every
input gives documents or coded errors, never another exception, never a hang, and good records
beside bad ones all come through. `TRIED` counts the inputs each check ran on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

#: Inputs tried per target in this process (tests print it; bench/fuzz.py writes it to the docs).
TRIED: Counter[str] = Counter()
#: Seconds one input may take before it counts as a hang (a guard, not a performance limit).
HANG_SECONDS = 120
CODE = re.compile(r"^E\d{3}$")

#: Invisible and direction-changing characters that news from the web carries.
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]
ODD = ["\x00", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\ufffd", "\U0001f600",
       "\u0301", "\u00a0", "\x1b", "\x7f", '"', "'", "\u201c", "\u201d", "<", ">", "&", "\\", "\t"]
WORDS = ["Iran", " rejected ", "talks", " with the United States", " on Monday", ". ", '"We will ',
         'not negotiate," ', "Khamenei said", " in Tehran", " on 14 August 2018", "\n\n", "MADRID - ",
         "By Ana Ruiz\n", "Russia accused Ukraine", " of shelling ", "the border", " last week."]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
             "shift_jis", "koi8-r", "gb18030", "euc-kr", "big5", "iso8859-7", "cp1251", "mac_roman",
             "cp437", "utf-7"]


class Hang(BaseException):
    """One input ran past its time bound. A BaseException, so that the pipeline's per-stage
    `except Exception` (which keeps a document when a stage fails) cannot swallow it."""


@contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Fail with Hang when the block runs longer than `seconds` (main thread only; else no guard)."""
    try:
        previous = signal.signal(signal.SIGALRM, _raise_hang)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_hang(signum: int, frame: Any) -> None:
    raise Hang("an input ran past the hang guard's time bound")


# --- strategies ----------------------------------------------------------------------------

def odd_text(max_parts: int = 30) -> st.SearchStrategy[str]:
    """Text mixing news words with any Unicode (surrogates included), invisible and bidi marks."""
    piece = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(ZERO_WIDTH + BIDI + ODD),
        st.text(max_size=12),
        st.text(st.characters(categories=["Cf", "Cc", "Cs", "Co", "Mn", "Zl", "Zp", "Sk"]), max_size=4),
    )
    return st.lists(piece, max_size=max_parts).map("".join)


def suffixes() -> st.SearchStrategy[str]:
    """Every suffix a reader is registered under."""
    import parley.readers  # noqa: F401  (registers the readers)
    from parley.registry import readers

    return st.sampled_from(readers.names())


def wrap(text: str, suffix: str) -> str:
    """The text inside a file of the format that `suffix` names (HTML page, JSON record, CSV row)."""
    if suffix in (".html", ".htm", ".xhtml"):
        return f"<html><head><title>{text[:40]}</title></head><body><article><p>{text}</p></article></body></html>"
    if suffix in (".jsonl", ".ndjson"):
        return json.dumps({"text": text, "title": text[:20]}, ensure_ascii=False) + "\n"
    if suffix == ".json":
        return json.dumps([{"text": text}], ensure_ascii=False)
    if suffix in (".csv", ".tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t" if suffix == ".tsv" else ",")
        writer.writerows([["title", "text"], [text[:20], text]])
        return out.getvalue()
    return text


@st.composite
def encoded_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes): odd text in a file of some format, encoded in one of many codecs."""
    suffix = draw(suffixes())
    encoding = draw(st.sampled_from(ENCODINGS))
    return suffix, wrap(draw(odd_text()), suffix).encode(encoding, errors="replace")


@st.composite
def mangled_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes): random bytes, or a valid file cut short, spliced or stuffed with NULs."""
    suffix = draw(suffixes())
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "gb18030"]))
    # lone surrogates go out as the 3-byte sequences UTF-8 forbids: one more malformation
    data = wrap(draw(odd_text()), suffix).encode(
        encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    how = draw(st.sampled_from(["random", "truncate", "splice", "nul", "bom"]))
    if how == "random":
        data = draw(st.binary(max_size=2048))
    elif how == "truncate" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif how == "splice":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    elif how == "nul":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" * draw(st.integers(1, 8)) + data[at:]
    else:
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])) + data
    return suffix, data


_BAD_LINES = [b"{", b'{"text": "cut', b"[1, 2]", b"null", b'"just a string"', b"{'single': 1}",
              b'{"text": 1}', b'{"text": ""}', b'{"title": "no text"}', b"\x00\x00\x00", b"\xff\xfe\xfa",
              b'{"text": "x"', b'{"text": "a"}{"text": "b"}', b"[" * 5000, b'{"text": "\\ud800 lone"}x',
              b"\xe4\xb8", b"NaN", b'{"text": "nul \x00 raw"}', b"\x1b[31m red"]


@st.composite
def mixed_json_lines(draw: st.DrawFn) -> tuple[list[str], bytes]:
    """(texts of the good lines, file bytes): good JSON records mixed with broken lines."""
    good: list[str] = []
    lines: list[bytes] = []
    for is_good in draw(st.lists(st.booleans(), min_size=1, max_size=25)):
        if is_good:
            text = draw(odd_text(12)).replace("\x00", "") + f" Story {len(good)}."
            good.append(text)
            record = {"text": text, "published": draw(st.sampled_from(["2020-01-02", "soon", None]))}
            # a lone surrogate can only be written as a \\u escape (valid JSON, invalid as UTF-8)
            ascii_only = draw(st.booleans()) or any("\ud800" <= ch <= "\udfff" for ch in text)
            lines.append(json.dumps(record, ensure_ascii=ascii_only).encode("utf-8"))
        else:
            lines.append(draw(st.one_of(st.sampled_from(_BAD_LINES), st.binary(min_size=1, max_size=40)
                                        .filter(lambda b: b"\n" not in b and b"\r" not in b))))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    return good, ending.join(lines) + draw(st.sampled_from([b"", ending]))


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """HTML from a grammar of tags, comments, scripts, entities and attributes, often broken."""
    parts = draw(st.lists(st.one_of(
        st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<span class='x'>", "<br/>", "<!--", "-->",
                         "<script>", "</script>", "<style>", "&amp;", "&#0;", "&#xD800;", "&#99999999;",
                         "<", ">", "<![CDATA[", "]]>", "<?xml version='1.0'?>", "<meta charset='koi8-r'>",
                         "<body>", "</body>", "<table><tr><td>", "<a href='javascript:x'>"]),
        st.sampled_from(WORDS),
        st.builds(lambda n, v: f"<div {n}=\"{v}\">", st.sampled_from(["title", "data-x", "x:y", "="]),
                  odd_text(4)),
        st.builds(lambda d: "<div>" * d, st.integers(0, 3000)),
    ), max_size=40))
    return "".join(parts)


def analysis_texts() -> st.SearchStrategy[str]:
    """Texts for `parley.analyze`: news words among odd Unicode, from empty to a few hundred chars."""
    return odd_text(40)


# --- checks --------------------------------------------------------------------------------

def check_items(items: list, *, source: str) -> None:
    """Every item is (Document, coded errors), and none is an empty document without an error."""
    from parley.document import Document, DocumentReport, ErrorEntry

    for document, errors in items:
        assert isinstance(document, Document), (source, document)
        assert all(isinstance(e, ErrorEntry) and CODE.match(e.code) and e.message for e in errors), errors
        assert document.text.strip() or errors, f"{source}: an empty document with no error"
        DocumentReport(document=document, errors=errors).model_dump_json()  # writable as UTF-8 JSON
        document.id.encode("utf-8")
        (document.path or "").encode("utf-8")


def read_bytes(data: bytes, suffix: str, **options: Any) -> list:
    """Read `data` as a file with this suffix, alone and as part of a folder; the items of both."""
    from parley.readers import read_paths

    with tempfile.TemporaryDirectory(prefix="parley-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        with hang_guard():
            alone = list(read_paths([str(path)], **options))
            in_folder = list(read_paths([folder], **options))
    assert [d.id for d, _ in alone] == [d.id for d, _ in in_folder]
    assert alone, f"{suffix}: an input gave neither a document nor an error"
    return alone


def check_reader_bytes(case: tuple[str, bytes]) -> None:
    """Any bytes under any registered suffix: documents or coded errors, nothing else."""
    TRIED["readers: mangled and random bytes"] += 1
    suffix, data = case
    check_items(read_bytes(data, suffix), source=suffix)


def check_reader_encodings(case: tuple[str, bytes]) -> None:
    """Odd text in every format and codec: documents or coded errors, nothing else."""
    TRIED["readers: text in 18 encodings"] += 1
    suffix, data = case
    check_items(read_bytes(data, suffix), source=suffix)


def check_json_lines(case: tuple[list[str], bytes]) -> None:
    """Broken JSON lines spoil only themselves: every good record comes through, text intact."""
    TRIED["readers: JSON Lines, good and broken mixed"] += 1
    good, data = case
    items = read_bytes(data, ".jsonl")
    check_items(items, source=".jsonl")
    texts = [d.text for d, _ in items if d.text]
    from parley.readers.decode import normalise_newlines, scrub_surrogates

    expected = [normalise_newlines(scrub_surrogates(t)) for t in good]
    assert [t for t in texts if t in expected] == expected, (texts, expected)


def check_html(html: str) -> None:
    """Tag soup, deep nesting and odd attributes: a document or E007, never a crash."""
    TRIED["readers: HTML tag soup and nesting"] += 1
    items = read_bytes(html.encode("utf-8", errors="replace"), ".html")
    check_items(items, source=".html")
    for document, errors in items:
        assert document.text or {e.code for e in errors} <= {"E003", "E004", "E005", "E007"}, errors


def check_report(report: Any, text: str | None = None) -> None:
    """A report is valid under the contract and every offset lies within (and quotes) its text."""
    from parley.document import DocumentReport

    again = DocumentReport.model_validate_json(report.model_dump_json())
    assert again.document.id == report.document.id
    body = report.document.text
    if text is not None:
        from parley.readers.decode import normalise_newlines, scrub_surrogates

        assert body == normalise_newlines(scrub_surrogates(text))
    spans: list[tuple[str, int, int, str | None]] = []
    for actor in report.actors:
        spans += [("mention", m.start, m.end, m.text) for m in actor.mentions]
    spans += [("evidence", e.evidence.start, e.evidence.end, e.evidence.text) for e in report.events]
    spans += [("time", t.start, t.end, t.text) for t in report.times]
    spans += [("quote", q.start, q.end, None) for q in report.quotes]
    for kind, start, end, quoted in spans:
        assert 0 <= start <= end <= len(body), (kind, start, end, len(body))
        if quoted is not None:
            assert body[start:end] == quoted, (kind, body[start:end], quoted)
    assert all(CODE.match(e.code) for e in report.errors), report.errors


def check_analyze(text: str) -> None:
    """`parley.analyze` on any text returns a valid report with offsets inside the text."""
    import parley

    TRIED["parley.analyze: generated text"] += 1
    with hang_guard():
        report = parley.analyze(text)
    check_report(report, text)


@dataclass(frozen=True)
class Target:
    """One fuzz target: how inputs are made and what must hold for each."""

    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    check: Callable[[Any], None]


TARGETS = (
    Target("reader_bytes", mangled_files, check_reader_bytes),
    Target("reader_encodings", encoded_files, check_reader_encodings),
    Target("json_lines", mixed_json_lines, check_json_lines),
    Target("html", tag_soup, check_html),
    Target("analyze", analysis_texts, check_analyze),
)


def nested_html(depth: int, tag: str = "div", closed: bool = True) -> str:
    """A page with `depth` nested elements around one sentence (an HTML bomb for parsers)."""
    inner = "Iran rejected talks with the United States on Monday."
    close = f"</{tag}>" * depth if closed else ""
    return f"<html><body>{f'<{tag}>' * depth}{inner}{close}</body></html>"


def huge_attribute(size: int) -> str:
    """A page whose one attribute value is `size` characters long."""
    return (f'<html><body><p data-blob="{"A" * size}">France and Germany signed a trade agreement '
            "in Paris.</p></body></html>")


def write_corpus(folder: Path, n: int, *, prefix: str = "doc") -> list[Path]:
    """`n` small invented articles as .txt files, each with its own number so each id differs."""
    folder.mkdir(parents=True, exist_ok=True)
    leads = ["Iran rejected talks with the United States", "France and Germany signed a trade deal",
             "Russia accused Ukraine of shelling a village", "China urged Japan to resume negotiations"]
    paths = []
    for k in range(n):
        path = folder / f"{prefix}{k:04d}.txt"
        path.write_text(f"{leads[k % len(leads)]} on Monday, officials said.\n\nDispatch number {k}.\n",
                        "utf-8")
        paths.append(path)
    return paths


def environ(**extra: str) -> dict[str, str]:
    """The environment for a `parley` subprocess: this one plus `extra`, colour off."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", **extra}
    env.pop("COLUMNS", None)
    return env
