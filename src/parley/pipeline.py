"""The per-document pipeline: named components run in order over one analysis context.

`Pipeline(settings)(document)` is a pure function from a Document to a DocumentReport, so the
same code runs in the CLI, the web app and Dask workers. A component that fails adds an error
(E011) to the report and the later components still run.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .document import Actor, Document, DocumentReport, ErrorEntry, Event, Quote, TimeExpression
from .errors import E
from .registry import components
from .settings import Settings, load_settings


@dataclass
class Context:
    """What the components share while analysing one document."""

    document: Document
    settings: Settings
    doc: Any = None  # the spaCy Doc, set by the nlp component
    actors: list[Actor] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    errors: list[ErrorEntry] = field(default_factory=list)
    _spans: list[tuple[int, int, Actor]] | None = None

    @property
    def text(self) -> str:
        return self.document.text

    def actor_spans(self) -> list[tuple[int, int, Actor]]:
        """Every actor mention as (start, end, actor), sorted by start offset."""
        if self._spans is None or sum(len(a.mentions) for a in self.actors) != len(self._spans):
            self._spans = sorted(
                ((m.start, m.end, a) for a in self.actors for m in a.mentions), key=lambda s: s[:2]
            )
        return self._spans

    def actor_at(self, start: int, end: int) -> tuple[int, int, Actor] | None:
        """The actor mention that overlaps the character range [start, end), if any."""
        return overlapping(self.actor_spans(), start, end)

    def report(self) -> DocumentReport:
        return DocumentReport(
            document=self.document,
            actors=self.actors,
            events=self.events,
            quotes=self.quotes,
            times=sorted(self.times, key=lambda t: t.start),
            errors=self.errors,
        )


def overlapping(spans: list[tuple[int, int, Any]], start: int, end: int,
                starts: list[int] | None = None) -> tuple[int, int, Any] | None:
    """The span of `spans` (sorted by start; `starts`: their starts, when the caller keeps them)
    that overlaps [start, end): its neighbours by start first, then a scan for long mentions."""
    i = bisect.bisect_right(starts, start) if starts is not None else \
        bisect.bisect_right(spans, start, key=lambda s: s[0])
    for j in (i - 1, i, i - 2):
        if 0 <= j < len(spans):
            s, e, _actor = spans[j]
            if s < end and start < e:
                return spans[j]
    for span in spans:
        if span[0] < end and start < span[1]:
            return span
    return None


class Component(Protocol):
    """A pipeline step: reads and fills the context."""

    def __call__(self, ctx: Context) -> None: ...


class Pipeline:
    """Components built from their registered factories, run in the order the settings name."""

    def __init__(self, settings: Settings | None = None) -> None:
        from . import components as _register_builtins  # noqa: F401  (fills the registry)

        self.settings = settings or load_settings()
        self.steps: list[tuple[str, Component]] = []
        for name in self.settings.pipeline:
            if name not in components:
                raise KeyError(E.E012.format(name=name, known=", ".join(components.names())))
            self.steps.append((name, components.get(name)(self.settings)))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.steps]

    def __call__(self, document: Document, errors: Iterable[ErrorEntry] = (), doc: Any = None) -> DocumentReport:
        """Analyse one document; reader errors passed in are kept in the report. `doc`, when given,
        is the document's spaCy Doc already made (by `pipe`, which parses a batch at once)."""
        ctx = Context(document=document, settings=self.settings, errors=list(errors), doc=doc)
        if not document.text.strip():
            return ctx.report()
        for name, step in self.steps:
            try:
                step(ctx)
            except Exception as exc:  # one stage failing must not lose the others' work
                ctx.errors.append(E.E011.entry(stage=name, component=name, reason=repr(exc)[:300]))
        return ctx.report()

    def pipe(self, items: Iterable[tuple[Document, list[ErrorEntry]]],
             batch_size: int = 16) -> Iterator[DocumentReport]:
        """Analyse a stream of (document, reader errors) pairs, one report each, in order.

        When the first step can parse several texts at once (the nlp stage's `parse`), documents
        are parsed `batch_size` at a time, so spaCy sees whole batches of sentences.
        """
        first = self.steps[0][1] if self.steps else None
        parse = getattr(first, "parse", None)
        if parse is None or batch_size <= 1:
            for document, errors in items:
                yield self(document, errors)
            return
        iterator = iter(items)
        while True:
            chunk = list(itertools.islice(iterator, batch_size))
            if not chunk:
                return
            texts = [d.text for d, _ in chunk if d.text.strip()]
            try:
                parsed = iter(parse(texts))
            except Exception:  # noqa: BLE001  (each document then parses, or fails, on its own)
                parsed = None
            for document, errors in chunk:
                doc = next(parsed) if parsed is not None and document.text.strip() else None
                yield self(document, errors, doc)
