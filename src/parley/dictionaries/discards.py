"""PETRARCH discard lists: words and phrases that mark a sentence or a story as not to be coded.

A discard file holds one word or phrase a line (`BASEBALL`, `AFRICAN NATIONS CUP`); a leading
`+` makes it a story-level discard (`+TYPHOON`: the whole story is left uncoded), otherwise it
discards the sentence it occurs in. PETRARCH matches them as whole words, ignoring case; so
does `Discards.find`. Converted rows are `phrase<TAB>level` with level `sentence` or `story`.

The `discards` pipeline component (registered when this module is imported) applies converted
files named by `Settings.extra` `discards_file` (several separated by ','): put it after
`events` in the pipeline, and a document holding a story-level phrase keeps no event, a
sentence holding a sentence-level phrase keeps none of its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParleyError
from ..registry import components
from ..settings import Settings
from .common import Skipped, Tally, content_lines, words

SENTENCE, STORY = "sentence", "story"
LEVELS = (SENTENCE, STORY)


@dataclass(frozen=True)
class Discards:
    """Discard phrases (lower case) with their level, and a matcher over text."""

    phrases: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One regular expression matching any phrase as whole words (None when there are none)."""
        if not self.phrases:
            return None
        parts = sorted({r"\s+".join(map(re.escape, p.split())) for p, _ in self.phrases}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> tuple[str, str] | None:
        """(phrase, level) of the first discard in `text`, story level first; None when nothing matches."""
        pattern = self.pattern
        if pattern is None:
            return None
        levels = dict(self.phrases)
        found = [" ".join(m.group().lower().split()) for m in pattern.finditer(text)]
        hits = [(p, levels.get(p, SENTENCE)) for p in found]
        return next((h for h in hits if h[1] == STORY), hits[0] if hits else None)


def convert_discards(paths: Iterable[str | Path] | str | Path, tally: Tally | None = None) -> list[tuple[str, str]]:
    """(phrase, level) rows from PETRARCH discard files, in file order without duplicates."""
    tally = tally if tally is not None else Tally()
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    rows: dict[str, str] = {}
    for path in files:
        for number, line in content_lines(path):
            text = line.strip()
            tally.read += 1
            level = STORY if text.startswith("+") else SENTENCE
            phrase = words(text.lstrip("+").split(";")[0])
            if not phrase or not re.search(r"\w", phrase):
                tally.skipped.append(Skipped(str(path), number, text, "no word to discard on"))
                continue
            if phrase in rows and rows[phrase] != level:
                tally.approximated.append(Skipped(str(path), number, text,
                                                  f"listed at both levels: {STORY} kept"))
                level = STORY
            rows[phrase] = level
    tally.written = len(rows)
    return list(rows.items())


def read_discards(path: str | Path) -> Discards:
    """The `phrase<TAB>level` rows of a converted discards file as a matcher."""
    rows: list[tuple[str, str]] = []
    for _, line in content_lines(path):
        phrase, _, level = line.partition("\t")
        if phrase.strip():
            rows.append((words(phrase), level.strip() if level.strip() in LEVELS else SENTENCE))
    return Discards(tuple(rows))


@components.register("discards")
def make_discards(settings: Settings) -> Callable[[Any], None]:
    """Component: drop the events of discarded stories and sentences (files from extra `discards_file`)."""
    rows: list[tuple[str, str]] = []
    problems = []
    for path in (p.strip() for p in dict(settings.extra).get("discards_file", "").split(",")):
        if not path:
            continue
        try:
            rows.extend(read_discards(path).phrases)
        except ParleyError as exc:  # an unreadable file is reported on each document, never raised
            problems.append(exc.entry(stage="discards"))
    matcher = Discards(tuple(rows))

    def discards_component(ctx: Any) -> None:
        ctx.errors.extend(problems)
        hit = matcher.find(ctx.text) if matcher.phrases else None
        if hit is None:
            return
        if hit[1] == STORY:
            ctx.events = []
            return
        ctx.events = [e for e in ctx.events if matcher.find(e.evidence.text) is None]

    return discards_component
