"""Stable identifiers: the same article, actor or event always gets the same id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Unicode NFC, no zero-width characters, whitespace collapsed, stripped."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u200c", "").replace("\u200d", "")
    return _SPACE.sub(" ", text).strip()


def digest(*parts: object, length: int = 16) -> str:
    """Short hex digest of the parts joined by a separator."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def document_id(text: str) -> str:
    """Id of a document: hash of its normalised text, so copies of an article share one id."""
    return digest(normalise_text(text))


def slug(name: str) -> str:
    """Lowercase ASCII slug of a name, for actor ids of names not in the knowledge base."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or digest(name, length=8)
