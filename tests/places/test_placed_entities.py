"""Place entities after in/at/near are read once per document and give what a per-event read gave."""

from __future__ import annotations

from parley.document import Document, Event, Evidence
from parley.nlp import load_nlp
from parley.pipeline import Context
from parley.places.component import make_places, place_of_event, placed_entities
from parley.places.gazetteer import load_gazetteer
from parley.settings import load_settings

TEXT = ("Police fired tear gas at protesters in Nairobi on Friday. "
        "Kenya said the talks near Geneva would go on. Nothing happened in the end.")


def _events(text):
    sentences = [(0, text.index("Kenya")), (text.index("Kenya"), len(text))]
    return [Event(id=f"e{k}", cameo="010", cameo_root="01", evidence=Evidence(text=text[a:b], start=a, end=b))
            for k, (a, b) in enumerate(sentences)]


def test_only_places_after_a_preposition_are_kept():
    doc = load_nlp()(TEXT)
    placed = placed_entities(doc)
    texts = [t for _, _, t in placed]
    assert "Nairobi" in texts and "Kenya" not in texts
    assert all(TEXT[a:b] == t for a, b, t in placed)
    assert [a for a, _, _ in placed] == sorted(a for a, _, _ in placed)


def test_reading_once_gives_each_event_the_same_place():
    ctx = Context(document=Document(id="d", text=TEXT), settings=load_settings(), doc=load_nlp()(TEXT),
                  events=_events(TEXT))
    gazetteer = load_gazetteer()
    one_by_one = [place_of_event(ctx, e, gazetteer) for e in ctx.events]
    make_places(load_settings())(ctx)
    assert [e.location for e in ctx.events] == one_by_one
    assert ctx.events[0].location is not None and ctx.events[0].location.name == "Nairobi"


def test_an_event_without_a_place_is_kept_as_it_was():
    text = "Nothing was said."
    event = Event(id="e", cameo="010", cameo_root="01", evidence=Evidence(text=text, start=0, end=len(text)))
    ctx = Context(document=Document(id="d", text=text), settings=load_settings(), doc=load_nlp()(text),
                  events=[event])
    make_places(load_settings())(ctx)
    assert ctx.events[0] is event and event.location is None
