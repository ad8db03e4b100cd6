"""HTML (.html, .htm): the article's main text and metadata, by trafilatura with fallbacks.

trafilatura finds the main text and the page's title, author, date, site name and URL. When it
finds no text (short or unusual pages) a plain lxml walk over the body is used instead, and when
lxml gives nothing either (libxml2 drops what is nested too deeply) the tags are stripped.
`Document.extra["extractor"]` says which one gave the text: trafilatura, lxml or tags.
"""

from __future__ import annotations

import html as _entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import E, ParleyError
from ..registry import readers
from .core import Item, ReaderOptions
from .decode import decode_bytes
from .metadata import build_document, parse_date
from .text import source_bytes

SUFFIXES = (".html", ".htm", ".xhtml")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "footer", "form")
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header "
    "main aside figure figcaption dd dt dl hr address".split()
)
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_INVISIBLE = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|noscript|template|svg)\b[^>]*>.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_BLOCKS))})\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>?")


@dataclass
class Extracted:
    """Main text and metadata of one HTML page, and the extractor that found the text."""

    text: str = ""
    extractor: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its top, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _trafilatura(html: str, url: str | None) -> Extracted:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return Extracted()
    values = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    meta = {
        "title": values.get("title"),
        "author": values.get("author"),
        "published": values.get("date"),
        "outlet": values.get("sitename"),
        "url": values.get("url"),
    }
    return Extracted(text=(values.get("text") or "").strip(), extractor="trafilatura", meta=meta)


def _parse(html: str):  # noqa: ANN202  (an lxml element)
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(recover=True, huge_tree=True, remove_comments=True)
    root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html), parser=parser)
    etree.strip_elements(root, *_DROP, with_tail=False)
    return root


def lxml_text(html: str) -> str:
    """The visible text of a page's body, one block element per line (no recursion, any depth)."""
    from lxml import etree

    root = _parse(html)
    body = root.find("body")
    parts: list[str] = []
    for event, element in etree.iterwalk(
        body if body is not None else root, events=("start", "end")
    ):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                parts.append("\n")
            if element.text and tag:
                parts.append(element.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def tag_text(html: str) -> str:
    """The page's text with its tags stripped: the last resort, for pages no parser can build."""
    body = re.split(r"<body\b[^>]*>", html, maxsplit=1, flags=re.IGNORECASE)[-1]
    text = _BLOCK_TAG.sub("\n", _INVISIBLE.sub(" ", body))
    return _tidy(_entities.unescape(_ANY_TAG.sub("", text)))


def lxml_meta(html: str) -> dict[str, Any]:
    """Title, author, date, site name and canonical URL from a page's <head>."""
    root = _parse(html)

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name", "itemprop"):
                found = root.xpath(f"//meta[@{attr}=$n]/@content", n=name)
                if found and found[0].strip():
                    return found[0].strip()
        return None

    title = meta("og:title", "twitter:title") or (root.findtext(".//title") or "").strip() or None
    canonical = root.xpath("//link[@rel='canonical']/@href")
    return {
        "title": title,
        "author": meta("author", "article:author", "byl"),
        "published": meta("article:published_time", "datePublished", "date", "pubdate"),
        "outlet": meta("og:site_name", "application-name"),
        "url": meta("og:url") or (canonical[0].strip() if canonical else None),
    }


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Main text and metadata of a page: trafilatura first, lxml when trafilatura finds no text."""
    try:
        extracted = _trafilatura(html, url)
    except (RecursionError, Exception):  # trafilatura or lxml choking on a broken page
        extracted = Extracted()
    if not extracted.text:
        text, extractor, meta = "", None, {}
        try:
            meta = lxml_meta(html)
            text, extractor = lxml_text(html), "lxml"
        except Exception:  # noqa: BLE001  (lxml could not build the page either)
            pass
        if not text:
            text, extractor = tag_text(html), "tags"
        extracted = Extracted(
            text=text,
            extractor=extractor if text else None,
            meta={k: extracted.meta.get(k) or v for k, v in meta.items()},
        )
    return extracted


def document_from_html(
    html: str,
    *,
    path: str,
    url: str | None = None,
    default_published: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Item:
    """The (Document, errors) pair for one HTML page; E007 when it has no main text."""
    extracted = extract_html(html, url)
    if not extracted.text:
        raise ParleyError(E.E007, path=path)
    meta = extracted.meta
    document = build_document(
        extracted.text,
        path=path,
        title=meta.get("title"),
        url=meta.get("url") or url,
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        published=parse_date(meta.get("published")),
        default_published=default_published,
        extra={**(extra or {}), "extractor": extracted.extractor},
    )
    return document, []


def read_html(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """One Document from an HTML page: its main text, with the page's metadata."""
    data = source_bytes(path, options)
    html, encoding = decode_bytes(
        data, path=str(path), min_printable=options.min_printable, declared=declared_charset(data)
    )
    yield document_from_html(
        html, path=str(path), default_published=options.published, extra={"encoding": encoding}
    )


for _suffix in SUFFIXES:
    readers.register(_suffix)(read_html)
