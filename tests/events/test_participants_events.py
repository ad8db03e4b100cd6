"""Event actors that no name states (issue #5): the coder asks `parley.actors.participants` about a
source or target word that no actor mention covers, and lists the participants its events use."""

from __future__ import annotations

import pytest

from parley.actors.resolver import make_actors
from parley.document import Actor, ActorRef, Document, Event, Evidence, Mention
from parley.events.coder import Participants
from parley.pipeline import Context
from parley.settings import load_settings


@pytest.fixture(scope="module")
def code(nlp, coder):
    """A context after the nlp, actors and events stages, for one invented sentence."""

    def run(text: str, published: str = "2019-05-02") -> Context:
        settings = load_settings()
        ctx = Context(document=Document(id="d", text=text, published=published), settings=settings)
        ctx.doc = nlp(text)
        make_actors(settings)(ctx)
        coder(ctx)
        return ctx

    return run


def dyads(ctx: Context) -> set[tuple[str | None, str | None, str]]:
    return {(e.source and e.source.actor_id, e.target and e.target.actor_id, e.cameo_root) for e in ctx.events}


def listed(ctx: Context) -> dict[str, list[str]]:
    return {a.id: [m.text for m in a.mentions] for a in ctx.actors}


def test_a_demonym_on_the_target_thing_gives_its_country(code):
    ctx = code("Iran threatened on Tuesday to shell Iraqi towns.")
    assert ("IRN", "IRQ", "13") in dyads(ctx)
    target = next(e.target for e in ctx.events if e.target)
    assert target.text == "Iraqi" and target.code == "IRQ"
    assert listed(ctx)["IRQ"] == ["Iraqi"]  # every event actor is in the report


def test_a_rejected_proposal_is_its_proposer(code):
    ctx = code("Bangladesh rejected an Indian proposal on Monday.")
    assert ("BGD", "IND", "12") in dyads(ctx)


def test_a_nationality_adjective_on_an_event_noun_is_its_doer(code):
    ctx = code("Israeli air raids killed nine people in the south on Sunday.")
    assert any(e.source and e.source.actor_id == "ISR" for e in ctx.events)


def test_people_in_a_capital_are_its_people_not_its_government(code):
    ctx = code("Demonstrators in Baghdad blocked a main road on Friday.")
    source = next(e.source for e in ctx.events if e.source)
    assert source.code == "IRQCVL" and source.text == "Demonstrators in Baghdad"
    assert not any(a.id == "IRQGOV" for a in ctx.actors)


def test_a_capital_read_as_a_place_is_the_country_visited(code):
    ctx = code("Chinese officials visited Tokyo last week.")
    assert ("CHNGOV", "JPN", "04") in dyads(ctx)


def test_a_point_of_view_before_the_verb_is_no_target(code):
    ctx = code("From a Kenyan point of view, Uganda rejected the offer.")
    assert all(e.target is None or e.target.country != "KEN" for e in ctx.events)
    assert "KEN" not in listed(ctx)


def test_named_actors_come_before_participants(code):
    ctx = code("Turkey shelled Syrian villages and Kurdish positions near Kobani on Monday.")
    assert all(e.source and e.source.actor_id == "TUR" for e in ctx.events)


def test_only_participants_that_kept_events_use_are_listed(nlp):
    text = "Rebels shelled Iraqi towns and German goods were boycotted."
    ctx = Context(document=Document(id="d", text=text), settings=load_settings())
    ctx.doc = nlp(text)
    unnamed = Participants(ctx)
    towns = next(t for t in ctx.doc if t.text == "towns")
    goods = next(t for t in ctx.doc if t.text == "goods")
    iraq, germany = unnamed.find(towns), unnamed.find(goods)
    assert iraq[2].id == "IRQ" and germany[2].id == "DEU"
    used = Event(id="e", source=None, cameo="190", cameo_root="19",
                 target=ActorRef(actor_id="IRQ", name="Iraq", code="IRQ", country="IRQ", text="Iraqi"),
                 evidence=Evidence(text=text, start=0, end=len(text)))
    unnamed.adopt_used([used])
    assert listed(ctx) == {"IRQ": ["Iraqi"]}


def test_a_participant_joins_the_named_actor_of_its_id(nlp):
    text = "Iraq protested after jets bombed Iraqi bridges."
    ctx = Context(document=Document(id="d", text=text), settings=load_settings())
    ctx.doc = nlp(text)
    ctx.actors = [Actor(id="IRQ", name="Iraq", code="IRQ", country="IRQ", type="state",
                        mentions=[Mention(text="Iraq", start=0, end=4)])]
    unnamed = Participants(ctx)
    hit = unnamed.find(next(t for t in ctx.doc if t.text == "bridges"))
    start, end, actor = hit
    used = Event(id="e", source=None, cameo="190", cameo_root="19",
                 target=ActorRef(actor_id="IRQ", name="Iraq", code="IRQ", country="IRQ", text=text[start:end]),
                 evidence=Evidence(text=text, start=0, end=len(text)))
    unnamed.adopt_used([used])
    assert listed(ctx) == {"IRQ": ["Iraq", "Iraqi"]}


def test_a_lookup_on_a_word_is_made_once(nlp):
    text = "Rebels shelled Iraqi towns."
    ctx = Context(document=Document(id="d", text=text), settings=load_settings())
    ctx.doc = nlp(text)
    unnamed = Participants(ctx)
    towns = next(t for t in ctx.doc if t.text == "towns")
    first = unnamed.find(towns)
    assert unnamed.find(towns) is first and unnamed.for_event(ctx.doc[1]).find(towns) is first
