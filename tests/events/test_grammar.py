"""Grammar the coder follows: raised subjects, clause and nested targets, light verbs, context actors,
`before=` patterns and dates that belong to other things. Invented sentences, actors given by hand."""

from __future__ import annotations

from parley.document import ActorRef, Quote
from parley.registry import components
from parley.settings import Settings

from .conftest import make_context
from .test_coder import STATES, one, triples


def test_subject_is_inherited_through_about_to_and_ready_to(run):
    ctx = run("Chile is about to restore diplomatic ties with Peru.", STATES)
    event = one(ctx, "054")
    assert (event.source.name, event.target.name, event.modality) == ("Chile", "Peru", "intent")
    ctx = run("Bolivia is set to sign the treaty with Peru.", STATES)
    assert triples(ctx.events) == {("Bolivia", "057", "Peru")}
    assert one(ctx, "057").modality == "intent"


def test_negation_reaches_through_the_raising_adjective(run):
    event = one(run("Chile is not ready to meet Peru.", STATES), "040")
    assert event.negated and (event.source.name, event.target.name) == ("Chile", "Peru")


def test_clause_subjects_are_targets_of_a_non_speech_verb(run):
    ctx = run("Norway welcomed that Chile and Peru had signed the accord.", STATES)
    assert {("Norway", "013", "Chile"), ("Norway", "013", "Peru")} <= triples(ctx.events)


def test_speech_verbs_do_not_take_the_reported_subject_as_target(run):
    ctx = run("Iran said Iraq attacked Kuwait.", STATES)
    assert ("Iran", "010", None) in triples(ctx.events)


def test_targets_inside_the_object_phrase(run):
    ctx = run("Norway welcomed the resumption of ties between Chile and Peru.", STATES)
    assert triples(ctx.events) == {("Norway", "013", "Chile"), ("Norway", "013", "Peru")}
    ctx = run("Norway condemned an attack by Chile on Peru.", STATES)
    assert ("Norway", "111", "Chile") in triples(ctx.events)
    assert ("Chile", "190", "Peru") in triples(ctx.events)


def test_partitive_object_lets_the_pattern_see_its_noun(run):
    ctx = run("Chile imposed a new round of sanctions on Peru.", STATES)
    assert triples(ctx.events) == {("Chile", "163", "Peru")}


def test_doer_of_an_event_noun_carried_by_a_light_verb(run):
    ctx = run("Chile launched its offensive against Peru.", STATES)
    assert ("Chile", "190", "Peru") in triples(ctx.events)


def test_demonym_modifier_is_the_source_of_an_event_noun(run):
    ctx = run("Chilean sanctions against Peru hurt its economy.",
              {"Chile": ["Chilean"], "Peru": ["Peru"]})
    assert triples(ctx.events) == {("Chile", "163", "Peru")}


def test_agent_of_an_instrument_subject(run):
    ctx = run("Missiles fired by Chile struck Peru.", STATES)
    assert ("Chile", "190", "Peru") in triples(ctx.events)


def test_role_noun_subject_takes_the_actor_named_before(run):
    text = "Chile's president spoke in Lima on Monday. Leaders ruled out talks with Peru."
    ctx = run(text, {"Chile": ["Chile's president"], "Peru": ["Peru"]})
    event = one(ctx, "125")
    assert (event.source.name, event.source.text, event.target.name) == ("Chile", "Leaders", "Peru")
    alone = run("Chile ruled out talks with Peru.", STATES)
    assert event.confidence < one(alone, "125").confidence


def test_first_person_inside_a_quote_is_the_speaker(nlp, coder):
    text = "Chile warned its neighbour. \u201cWe will attack Peru,\u201d the minister said."
    ctx = make_context(nlp, text, {"Chile": ["Chile"], "Peru": ["Peru"]})
    start = text.index("\u201c")
    end = text.index("\u201d") + 1
    ctx.quotes.append(Quote(speaker=ActorRef(actor_id="chile", name="Chile", text="the minister"),
                            text=text[start + 1:end - 1], start=start, end=end, cue="said"))
    coder(ctx)
    event = one(ctx, "190")
    assert (event.source.name, event.source.text, event.target.name) == ("Chile", "We", "Peru")
    assert event.modality == "intent"


def test_before_condition_selects_a_pattern(nlp, tmp_path):
    verbs = tmp_path / "verbs.tsv"
    verbs.write_text("kind\tlemma\tparticle\tobject\tcode\tflags\n"
                     "verb\tattend\t\tsummit\t043\t\n"
                     "verb\tattend\t\tsummit\t125\tbefore=not|never\n", "utf-8")
    coder = components.get("events")(Settings(verbs_file=verbs))
    ctx = make_context(nlp, "Chile did not attend the summit with Peru.", STATES)
    coder(ctx)
    event = one(ctx, "125")
    assert not event.negated and event.rule.startswith("never|not~verb:attend")
    ctx = make_context(nlp, "Chile attended the summit with Peru.", STATES)
    coder(ctx)
    assert triples(ctx.events) == {("Chile", "043", "Peru")}


def test_users_pattern_beats_an_equally_specific_builtin(nlp, tmp_path):
    verbs = tmp_path / "verbs.tsv"
    verbs.write_text("verb\trestore\t\tties\t064\t\n", "utf-8")
    coder = components.get("events")(Settings(verbs_file=verbs))
    ctx = make_context(nlp, "Chile restored ties with Peru.", STATES)
    coder(ctx)
    assert triples(ctx.events) == {("Chile", "064", "Peru")}


def test_a_year_of_another_thing_is_not_the_event_date(run):
    ctx = run("Chile met Peru and recalled the 1879 war.", STATES, published="2021-05-02")
    event = one(ctx, "040")
    assert (event.date.value, event.date.basis) == ("2021-05-02", "publication")
    ctx = run("Chile signed a treaty with Peru in 1904.", STATES, published="2021-05-02")
    assert (one(ctx, "057").date.value, one(ctx, "057").date.basis) == ("1904", "explicit")


def test_attacking_a_plan_is_criticism_and_attacking_a_town_is_force(run):
    assert ("Chile", "111", None) in triples(run("Chile attacked the budget plan of its neighbour.", STATES).events)
    assert ("Chile", "190", "Peru") in triples(run("Chile attacked Peru at dawn.", STATES).events)
