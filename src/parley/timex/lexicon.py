"""Loads the time-expression lexicon (data/lexicon.tsv): month, weekday, number and unit words."""

from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=1)
def load_lexicon() -> dict[str, dict[str, str]]:
    """Category -> {word: value}, read once from the packaged TSV."""
    table: dict[str, dict[str, str]] = {}
    text = resources.files("parley.timex").joinpath("data/lexicon.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        category, word = parts[0], parts[1]
        table.setdefault(category, {})[word] = parts[2] if len(parts) > 2 else ""
    return table


def words(category: str) -> dict[str, str]:
    """The words of one lexicon category with their values (empty if the category is unknown)."""
    return load_lexicon().get(category, {})


def alternation(category: str) -> str:
    """A regex alternation of a category's words, longest first, spaces matching any whitespace."""
    keys = sorted(words(category), key=len, reverse=True)
    return "|".join(k.replace(".", r"\.").replace(" ", r"\s+") for k in keys)


def number_value(word: str) -> int | str | None:
    """'four' -> 4, '444' -> 444, 'several' -> 'X' (unspecified); None if not a number."""
    w = " ".join(word.lower().replace("-", " ").split())
    if w.isdigit():
        return int(w)
    table = words("number")
    if w in table:
        value = table[w]
        return value if value == "X" else int(value)
    parts = w.split()
    if len(parts) == 2 and parts[0] in table and parts[1] in table:  # "twenty five"
        a, b = table[parts[0]], table[parts[1]]
        if a != "X" and b != "X":
            return int(a) + int(b)
    return None
