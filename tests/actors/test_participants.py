"""Participants no name states: nationality adjectives on things and groups placed in a capital."""

from __future__ import annotations

import pytest

from parley.actors.kb import default_kb
from parley.actors.participants import adopt, capital_countries, participant_for
from parley.actors.resolver import make_actors
from parley.document import Document
from parley.pipeline import Context
from parley.settings import load_settings


@pytest.fixture()
def analyse(nlp):
    """A context after the nlp and actors stages, for a sentence and a date."""

    def run(text: str, published: str = "2019-05-02") -> Context:
        settings = load_settings()
        ctx = Context(document=Document(id="d", text=text, published=published), settings=settings)
        ctx.doc = nlp(text)
        make_actors(settings)(ctx)
        return ctx

    return run


def word(ctx: Context, text: str):
    """The spaCy token spelled `text` (the first one)."""
    return next(t for t in ctx.doc if t.text == text)


def test_demonym_on_a_thing_gives_the_country(analyse):
    ctx = analyse("Artillery units shelled Iraqi towns along the river on Sunday.")
    start, end, actor = participant_for(ctx, word(ctx, "towns"))
    assert (actor.id, actor.code, actor.country, actor.sectors) == ("IRQ", "IRQ", "IRQ", [])
    assert ctx.text[start:end] == "Iraqi"


def test_demonym_on_goods_and_proposals(analyse):
    ctx = analyse("The union called for a boycott of German goods after an Indian proposal failed.")
    assert participant_for(ctx, word(ctx, "goods"))[2].code == "DEU"
    assert participant_for(ctx, word(ctx, "proposal"))[2].code == "IND"


def test_a_noun_with_no_demonym_or_place_names_nobody(analyse):
    ctx = analyse("Witnesses saw armed farmers near the old crossing.")
    assert participant_for(ctx, word(ctx, "farmers")) is None
    assert participant_for(ctx, word(ctx, "Witnesses")) is None


def test_people_in_a_named_country_are_its_collective(analyse):
    ctx = analyse("Students in Kenya marched to the ministry on Monday.")
    start, end, actor = participant_for(ctx, word(ctx, "Students"))
    assert actor.country == "KEN" and actor.sectors == ["EDU"]
    assert ctx.text[start:end] == "Students in Kenya"


def test_a_noun_already_named_is_left_to_the_actors_stage(analyse):
    ctx = analyse("Turkish troops crossed the border at dawn.")
    assert participant_for(ctx, word(ctx, "troops")) is None
    assert ctx.actor_at(*_span(word(ctx, "troops")))[2].code == "TURMIL"


def test_people_in_a_capital_are_its_country_not_its_government(analyse):
    ctx = analyse("Demonstrators in Baghdad protested against rising bread prices on Friday.")
    assert not any(a.id.startswith("IRQ") for a in ctx.actors)  # the capital is a place here
    start, end, actor = participant_for(ctx, word(ctx, "Demonstrators"))
    assert actor.country == "IRQ" and actor.sectors == ["CVL"] and actor.code == "IRQCVL"
    assert "GOV" not in actor.sectors
    assert ctx.text[start:end] == "Demonstrators in Baghdad"


def test_a_thing_in_a_capital_names_nobody(analyse):
    ctx = analyse("A bombing in Baghdad shocked the neighbourhood on Tuesday.")
    assert participant_for(ctx, word(ctx, "bombing")) is None


def test_a_capital_read_as_a_place_is_its_country(analyse):
    ctx = analyse("The Kenyan foreign minister arrived in Nairobi on Monday.")
    hit = participant_for(ctx, word(ctx, "Nairobi"))
    assert hit is not None and hit[2].id == "KEN" and hit[2].type == "state"


def test_a_capital_acting_as_government_stays_the_government(analyse):
    ctx = analyse("Tokyo rejected the offer on Wednesday.")
    assert participant_for(ctx, word(ctx, "Tokyo")) is None  # the actors stage named JPNGOV already
    assert ctx.actor_at(*_span(word(ctx, "Tokyo")))[2].code == "JPNGOV"


def test_demonym_inside_a_longer_name_is_no_participant(analyse):
    ctx = analyse("Fishing boats crossed the Indian Ocean waters last week.")
    assert participant_for(ctx, word(ctx, "waters")) is None


def test_the_demonym_itself_gives_its_nouns_country(analyse):
    ctx = analyse("Israeli air raids hit the coast on Sunday.")
    start, end, actor = participant_for(ctx, word(ctx, "Israeli"))
    assert actor.id == "ISR" and ctx.text[start:end] == "Israeli"
    assert participant_for(ctx, word(ctx, "air")) is None  # a modifier that is no demonym


def test_a_capital_before_a_noun_is_only_a_place(analyse):
    ctx = analyse("The Baghdad bombing shocked the neighbourhood on Tuesday.")
    assert participant_for(ctx, word(ctx, "Baghdad")) is None


def test_a_given_knowledge_base_is_used(analyse):
    ctx = analyse("Rebels shelled Iraqi towns.")
    assert participant_for(ctx, word(ctx, "towns"), default_kb())[2].id == "IRQ"


def test_adopt_adds_the_participant_once(analyse):
    ctx = analyse("Rebels shelled Iraqi towns and Iraqi villages.")
    before = len(ctx.actors)
    for noun in ("towns", "villages"):
        hit = participant_for(ctx, word(ctx, noun))
        adopt(ctx, hit)
        adopt(ctx, hit)
    iraq = [a for a in ctx.actors if a.id == "IRQ"]
    assert len(ctx.actors) == before + 1 and len(iraq) == 1
    assert [m.text for m in iraq[0].mentions] == ["Iraqi", "Iraqi"]
    assert ctx.actor_at(*_span(word(ctx, "Iraqi")))[2].id == "IRQ"


def test_adopt_merges_into_a_named_actor(analyse):
    ctx = analyse("Iraq protested after jets bombed Iraqi bridges.")
    adopt(ctx, participant_for(ctx, word(ctx, "bridges")))
    iraq = [a for a in ctx.actors if a.id == "IRQ"]
    assert len(iraq) == 1 and [m.text for m in iraq[0].mentions] == ["Iraq", "Iraqi"]


def test_adopt_leaves_listed_actors_alone(analyse):
    ctx = analyse("Iraq protested on Monday.")
    iraq = next(a for a in ctx.actors if a.id == "IRQ")
    adopt(ctx, (10, 19, iraq))  # a hit on a listed actor (an antecedent's pronoun, say) adds no mention
    assert [m.text for m in iraq.mentions] == ["Iraq"]


def test_find_actors_still_names_nobody_for_a_lone_demonym(analyse):
    ctx = analyse("Rebels shelled Iraqi towns.")
    assert not any(a.country == "IRQ" for a in ctx.actors)


def test_capital_countries_table():
    table = capital_countries(default_kb())
    assert table["baghdad"] == "IRQ" and table["tehran"] == "IRN"


def test_no_parse_no_participant():
    ctx = Context(document=Document(id="d", text="Iraqi towns."), settings=load_settings())
    assert participant_for(ctx, None) is None


def _span(token) -> tuple[int, int]:
    return token.idx, token.idx + len(token.text)
