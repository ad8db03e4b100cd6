"""Shared fixtures: spaCy loaded once, and contexts whose actors are built by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from parley.document import Actor, Document, Mention, TimeExpression
from parley.ids import document_id, slug
from parley.pipeline import Context
from parley.registry import components
from parley.settings import Settings

ENTITY_LABELS = ("GPE", "NORP", "PERSON", "ORG")


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def coder():
    import parley.events.coder  # noqa: F401  (registers the component)

    return components.get("events")(Settings())


def entity_actors(doc) -> list[Actor]:
    """A crude stand-in for the actor component: spaCy entities, one actor per surface name."""
    actors: dict[str, Actor] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        start = ent.start_char + (len(ent.text) - len(name))
        actor = actors.setdefault(name, Actor(id=slug(name), name=name, code=name[:3].upper()))
        actor.mentions.append(Mention(text=name, start=start, end=ent.end_char))
    return list(actors.values())


def make_context(nlp, text: str, actors: dict[str, list[str]] | None = None,
                 published: str | None = None, times: list[tuple[str, str, str]] = (),
                 states: Iterable[str] = ()) -> Context:
    """A parsed Context. `actors` maps an actor name to the exact words that name it in `text`
    (every occurrence becomes a mention); without it, spaCy entities stand in for actors.
    `times` lists (text, value, precision) found in the text; `states` names the actors of type state."""
    document = Document(id=document_id(text), text=text, published=published)
    ctx = Context(document=document, settings=Settings())
    ctx.doc = nlp(text)
    if actors is None:
        ctx.actors = entity_actors(ctx.doc)
    else:
        for name, words in actors.items():
            actor = Actor(id=slug(name), name=name, code=name[:3].upper(), country=name[:3].upper(),
                          type="state" if name in states else None)
            for word in words:
                at = text.find(word)
                while at >= 0:
                    actor.mentions.append(Mention(text=word, start=at, end=at + len(word)))
                    at = text.find(word, at + len(word))
            ctx.actors.append(actor)
    for words, value, precision in times:
        at = text.find(words)
        ctx.times.append(TimeExpression(text=words, value=value, precision=precision,
                                        start=at, end=at + len(words)))
    return ctx


@pytest.fixture(scope="session")
def run(nlp, coder) -> Callable[..., Context]:
    """Build a context for a text and run the event coder on it."""

    def _run(text: str, actors: dict[str, list[str]] | None = None, **kwargs) -> Context:
        ctx = make_context(nlp, text, actors, **kwargs)
        coder(ctx)
        return ctx

    return _run
