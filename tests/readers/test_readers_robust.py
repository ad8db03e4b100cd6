"""Arbitrary input never crashes the readers: it gives a Document or a coded error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import ParleyError
from parley.readers import document_from_text
from parley.readers.decode import decode_bytes
from parley.readers.html import extract_html


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_give_a_coded_error(data):
    try:
        text, encoding = decode_bytes(data)
    except ParleyError as exc:
        assert exc.code.name in {"E003", "E004", "E005"}
    else:
        assert text.strip() and "\r" not in text and encoding


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_document(text):
    doc = document_from_text(text)
    assert doc.text == text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert doc.published is None or len(doc.published) == 10


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<div>", "</div>", "<p>", "text", "<script>", "&amp;", "<", ">", "\x00"]),
        max_size=60,
    )
)
def test_any_tag_soup_extracts_without_raising(parts):
    assert isinstance(extract_html("".join(parts)).text, str)
