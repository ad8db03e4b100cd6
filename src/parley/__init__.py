"""Parley: evidence-linked political event data from news.

    >>> import parley
    >>> report = parley.analyze("Egypt and Sudan signed a water deal in Cairo on Monday.",
    ...                         published="2024-03-04")
    >>> [(e.source.name, e.cameo, e.target.name) for e in report.events]
"""

from .analysis.frames import events, network, series
from .api import analyze, analyze_files
from .document import (
    Actor,
    ActorRef,
    Document,
    DocumentReport,
    Event,
    EventDate,
    Evidence,
    Location,
    Mention,
    Quote,
    TimeExpression,
    report_schema,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorRef",
    "Document",
    "DocumentReport",
    "Event",
    "EventDate",
    "Evidence",
    "Location",
    "Mention",
    "Quote",
    "TimeExpression",
    "analyze",
    "analyze_files",
    "events",
    "network",
    "series",
    "report_schema",
    "__version__",
]
