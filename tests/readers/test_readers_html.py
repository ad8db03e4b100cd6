"""HTML pages: main text and metadata by trafilatura, lxml when it finds nothing, E007 when empty."""

from __future__ import annotations

import time

from parley.readers import html as html_reader
from parley.readers.html import Extracted, extract_html, lxml_text, tag_text

PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: negotiators from Ghana and Togo discussed the shared border, the "
    f"fishing grounds and the customs posts that both governments want to modernise.</p>"
    for i in range(1, 7)
)
PAGE = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Ghana and Togo open border talks | The Coastal Ledger</title>
<meta property="og:title" content="Ghana and Togo open border talks">
<meta property="og:site_name" content="The Coastal Ledger">
<meta name="author" content="Kofi Mensah">
<meta property="article:published_time" content="2021-05-06T09:30:00Z">
<link rel="canonical" href="https://www.coastal-ledger.example/politics/border-talks">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ghana and Togo open border talks</h1>
<p>ACCRA – Ministers met on Thursday.</p>
{PARAGRAPHS}
</article>
<footer>Copyright notice and cookie settings</footer>
<script>var tracking = "should never appear";</script>
</body></html>"""


def test_html_page_gives_text_and_metadata(tmp_path, read_one):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc, errors = read_one(path)
    assert errors == []
    assert "Paragraph 3: negotiators" in doc.text
    assert "tracking" not in doc.text and "cookie" not in doc.text
    assert doc.title == "Ghana and Togo open border talks"
    assert doc.author == "Kofi Mensah"
    assert doc.published == "2021-05-06"
    assert doc.url == "https://www.coastal-ledger.example/politics/border-talks"
    assert doc.outlet == "The Coastal Ledger"
    assert doc.extra["extractor"] == "trafilatura"


def test_short_page_falls_back_to_lxml(tmp_path, read_one):
    path = tmp_path / "short.htm"
    path.write_text(
        "<html><head><title>Brief</title></head><body><div>Peru recalled its ambassador.</div>"
        "<script>ignored()</script></body></html>"
    )
    doc, errors = read_one(path)
    assert errors == []
    assert "Peru recalled its ambassador." in doc.text and "ignored" not in doc.text
    assert doc.extra["extractor"] in {"trafilatura", "lxml"}


def test_lxml_text_keeps_blocks_on_separate_lines():
    text = lxml_text(
        "<body><h2>Heading</h2><p>First <b>bold</b> part.</p><ul><li>One</li><li>Two</li></ul>"
        "<style>p{}</style></body>"
    )
    assert text == "Heading\n\nFirst bold part.\n\nOne\n\nTwo"


def test_lxml_fallback_says_so_and_keeps_head_metadata(tmp_path, read_one, monkeypatch):
    monkeypatch.setattr(html_reader, "_trafilatura", lambda html, url: Extracted())
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc, errors = read_one(path)
    assert errors == [] and doc.extra["extractor"] == "lxml"
    assert "Paragraph 6: negotiators" in doc.text and "tracking" not in doc.text
    assert (doc.title, doc.author, doc.published, doc.outlet) == (
        "Ghana and Togo open border talks",
        "Kofi Mensah",
        "2021-05-06",
        "The Coastal Ledger",
    )
    assert doc.dateline == "ACCRA"


def test_text_nested_deeper_than_lxml_allows_is_still_found():
    result = extract_html("<html>" + "<table><tr><td>" * 3000 + "Deep cell &amp; more")
    assert result.text == "Deep cell & more"
    assert result.extractor in {"trafilatura", "lxml", "tags"}


def test_tag_text_drops_scripts_comments_and_tags():
    text = tag_text(
        "<body><p>A <b>b</b></p><script>x()</script><div>C<!-- hidden --></div><p>end <script>y("
    )
    assert text == "A b\n\nC\n\nend"


def test_page_without_text_gets_e007(tmp_path, read_one):
    path = tmp_path / "blank.html"
    path.write_text(
        "<html><head><title></title></head><body><script>only()</script><div> </div></body></html>"
    )
    doc, errors = read_one(path)
    assert [e.code for e in errors] == ["E007"] and doc.text == ""


def test_deeply_nested_broken_html_does_not_crash(tmp_path, read_one):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><p>Unclosed <b>tags <script>alert(1)</script>" + "<div>" * 5000)
    started = time.perf_counter()
    doc, errors = read_one(path)
    assert time.perf_counter() - started < 20
    assert "alert" not in doc.text
    assert doc.text.startswith("Unclosed") or [e.code for e in errors] == ["E007"]


def test_declared_latin1_charset_is_honoured(tmp_path, read_one):
    html = (
        "<html><head><meta charset='iso-8859-1'></head><body><p>Le président a reçu "
        "l'ambassadeur à l'Élysée.</p></body></html>"
    )
    path = tmp_path / "fr.html"
    path.write_bytes(html.encode("latin-1"))
    doc, errors = read_one(path)
    assert errors == [] and "président a reçu" in doc.text


def test_extract_html_never_raises_on_garbage():
    for html in ["", "<", "<<<>>>", "<html>" + "<table><tr><td>" * 3000, "\x00<p>x</p>"]:
        result = extract_html(html)
        assert isinstance(result.text, str)
