"""Transliteration-robust name keys, so that romanisations of one name compare equal.

Names from Persian, Arabic or Russian reach English news in many spellings ("Mosaddegh",
"Mossadegh", "Mosadegu"; "Qasem", "Ghasem", "Kasem"). `fold` removes accents and punctuation,
`phonetic_key` merges letters that romanisations swap, and `skeleton` keeps the consonants only.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_LETTER = re.compile(r"[^a-z0-9+ ]+")
_SPACES = re.compile(r"\s+")
_VOWELS = set("aeiou")

# Ordered rewrites: digraphs first, then single letters that romanisations swap.
_REWRITES: tuple[tuple[str, str], ...] = (
    ("sch", "s"), ("sh", "s"), ("ch", "s"), ("zh", "j"), ("dj", "j"),
    ("kh", "k"), ("gh", "k"), ("ck", "k"), ("q", "k"), ("c", "k"), ("g", "k"),
    ("dh", "d"), ("th", "t"), ("ph", "f"), ("w", "v"), ("b", "v"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"), ("x", "ks"),
)
_HYPHENS = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2019": "", "'": ""})


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII with accents removed, hyphens as spaces and other punctuation dropped."""
    text = unicodedata.normalize("NFKD", text.translate(_HYPHENS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("ı", "i").replace("ø", "o").replace("ß", "ss").replace("æ", "ae")
    text = _NON_LETTER.sub("", text.replace(".", "").replace("&", " and "))
    return _SPACES.sub(" ", text).strip()


def _collapse_doubles(text: str) -> str:
    out: list[str] = []
    for char in text:
        if not out or out[-1] != char or char == " ":
            out.append(char)
    return "".join(out)


def _drop_soft_h(word: str) -> str:
    """Drop an 'h' that follows a vowel and does not start a syllable ('Pahlavi' -> 'Palavi')."""
    chars = list(word)
    keep = []
    for i, char in enumerate(chars):
        after_vowel = i > 0 and chars[i - 1] in _VOWELS
        before_vowel = i + 1 < len(chars) and chars[i + 1] in _VOWELS
        if char == "h" and after_vowel and not before_vowel:
            continue
        keep.append(char)
    return "".join(keep)


@functools.lru_cache(maxsize=65536)
def phonetic_key(text: str) -> str:
    """A key on which common romanisation variants of a name agree ('Qadhafi' == 'Gaddafi')."""
    key = _collapse_doubles(fold(text))
    key = " ".join(_drop_soft_h(word) for word in key.split())
    for old, new in _REWRITES:
        key = key.replace(old, new)
    return _collapse_doubles(key)


@functools.lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """The consonant skeleton of a name's phonetic key (vowels and h dropped, first letter kept)."""
    words = []
    for word in phonetic_key(text).split():
        rest = "".join(c for c in word[1:] if c not in _VOWELS and c != "h")
        words.append(_collapse_doubles(word[:1] + rest))
    return " ".join(words)
