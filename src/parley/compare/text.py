"""Small text helpers shared by the comparison stages: word tokens, crude stems, sentences.

Comparison runs over stored reports, which carry text but no spaCy parse, so these helpers are
regex-based and fast; they only need to make "seizures" meet "seizure" and "sanctioned" meet
"sanction", not to be a full lemmatiser.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,]\d+)*", re.UNICODE)
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words (spaCy's list), used to drop function words from comparisons."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "say", "told", "also", "would", "could", "mr", "ms",
                                    "mrs", "according", "year", "years", "time", "day", "days"}


def stem(word: str) -> str:
    """A crude English stem: lower case without common inflection suffixes ('seizures' -> 'seizur')."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ly", "es", "ed", "s", "e", "y"):
        if len(w) - len(suffix) >= 4 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def tokens(text: str) -> list[str]:
    """Word and number tokens of `text`, in order, as written."""
    return _WORD.findall(text or "")


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of each word or number in `text`."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text or "")]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text` (no stop words, no bare numbers, no 1-letter words)."""
    stops = stop_words()
    out = []
    for tok in tokens(text):
        low = tok.lower()
        if len(low) < 2 or low in stops or low[0].isdigit():
            continue
        out.append(stem(low))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, split on end punctuation followed by a capital or digit."""
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        # split paragraphs too: a newline-separated title or line is its own sentence
        cursor = s
        for part in re.split(r"(\n\s*\n|\n)", text[s:e]):
            if part and not part.isspace():
                lead = len(part) - len(part.lstrip())
                out.append((cursor + lead, cursor + len(part.rstrip())))
            cursor += len(part)
    return [(s, e) for s, e in out if e > s]
