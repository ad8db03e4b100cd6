"""`_double` jumps between quote marks; it must find what a walk over every character finds."""

from __future__ import annotations

import random

import pytest

from parley.quotes import marks


def _walk(text):
    """The character-by-character scan `_double` replaced (kept here as the reference)."""
    found, open_at, straight_open, skip = [], None, None, -1
    for i, ch in enumerate(text):
        if i <= skip:
            continue
        if ch == "'" and text[i + 1:i + 2] == "'" and text[i + 2:i + 3] != "'":
            ch, skip = '"', i + 1
        if ch in marks._DOUBLE_OPEN or (ch == "”" and open_at is None and i + 1 < len(text) and text[i + 1].isalnum()
                                        and (i == 0 or not text[i - 1].isalnum())):
            open_at = i
        elif ch in marks._DOUBLE_CLOSE and open_at is not None:
            found.append(marks.Quoted(*marks._trim(text, open_at + 1, i), "double"))
            open_at = None
        elif ch == '"':
            if straight_open is None:
                straight_open = skip if skip == i + 1 else i
            else:
                found.append(marks.Quoted(*marks._trim(text, straight_open + 1, i), "double"))
                straight_open = None
        elif ch == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            for start in (open_at, straight_open):
                if start is not None and i - start > 20:
                    found.append(marks.Quoted(*marks._trim(text, start + 1, i), "double"))
            open_at = straight_open = None
    return [q for q in found if q.end > q.start]


EXAMPLES = [
    "The minister said: “We will not negotiate under pressure,” and left.",
    "He called it ''a disgrace'' and said \"never again\".",
    "«Nous refusons», a dit le porte-parole. „Nein“, sagte er.",
    "”Typed backwards” by some sites, then “a real one.”",
    "\"An open quote runs on to the end of this long paragraph\n\nThe next one starts here.",
    "Three marks ''' in a row, and '' alone.",
    "",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_jumping_finds_what_walking_finds(text):
    assert marks._double(text) == _walk(text)


def test_random_texts_agree():
    rng = random.Random(11)
    alphabet = ["a", "b", " ", ",", "\n", "'", '"', "“", "”", "„", "«", "»", "word", "Said"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert marks._double(text) == _walk(text), text
