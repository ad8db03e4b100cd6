"""Spurious events (issue #5): participle clauses that only detail the main act, nouns that are
only what another event is about, requested acts, and one code for one act."""

from __future__ import annotations

from parley.document import Event

LANDS = {"Velmora": ["Velmora", "Velmoran"], "Kastrel": ["Kastrel", "Kastrelian"],
         "Ostria": ["Ostria", "Ostrian"], "Dunmark": ["Dunmark"]}


def triples(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source and e.source.name, e.cameo, e.target and e.target.name) for e in events}


def roots(events: list[Event]) -> list[str]:
    return sorted(e.cameo_root for e in events)


def test_participle_of_the_same_kind_is_the_main_act(run):
    ctx = run("Velmoran artillery shelled Kastrel on Friday, killing nine villagers.", LANDS)
    assert roots(ctx.events) == ["19"]
    assert {e.rule.split("/")[0] for e in ctx.events} == {"verb:shell"}


def test_participle_gives_its_target_to_a_main_act_without_one(run):
    ctx = run("Velmoran troops opened fire on Sunday, wounding three Kastrelian guards.", LANDS)
    assert {(s, t) for s, _, t in triples(ctx.events)} == {("Velmora", "Kastrel")}
    assert roots(ctx.events) == ["19"]


def test_participle_of_another_kind_is_a_second_act(run):
    ctx = run("Velmoran police beat the marchers in the square, arresting twenty Kastrelian students.", LANDS)
    assert "17" in roots(ctx.events)


def test_participle_beside_an_act_of_its_kind_is_that_act(run):
    ctx = run("Velmoran police fired shots to disperse the protesters, killing two and arresting forty.", LANDS)
    assert roots(ctx.events) == ["17", "19"]


def test_verbal_participle_only_says_what_the_act_means(run):
    ctx = run("Velmora rejected the Kastrelian proposal, urging Ostria to mediate instead.", LANDS)
    assert roots(ctx.events) == ["12"]
    assert all(e.target and e.target.name == "Kastrel" for e in ctx.events)


def test_demand_of_a_protest_gives_the_protest_its_target(run):
    ctx = run("Thousands of Velmorans demonstrated in the capital, calling for independence from Kastrel.",
              {"Velmora": ["Velmorans"], "Kastrel": ["Kastrel"]})
    assert triples(ctx.events) == {("Velmora", ctx.events[0].cameo, "Kastrel")}
    assert ctx.events[0].cameo_root == "14"


def test_participle_with_its_own_subject_is_its_own_clause(run):
    ctx = run("Velmora shelled Dunmark, its allies attacking Kastrel.", LANDS)
    assert len(ctx.events) >= 1 and "verb:shell" in {e.rule.split("/")[0] for e in ctx.events}


def test_participle_after_a_statement_is_kept(run):
    ctx = run("Velmora said on Monday, accusing Kastrel of spying.", LANDS)
    assert any(e.cameo_root == "11" and e.target and e.target.name == "Kastrel" for e in ctx.events)


def test_requested_act_is_not_the_callers_act(run):
    ctx = run("Velmora called for sanctions against Kastrel.", LANDS)
    assert roots(ctx.events) == ["02"]


def test_doerless_noun_inside_an_event_is_its_topic_and_gives_the_target(run):
    ctx = run("Velmora promised to continue military aid to Kastrel.", LANDS)
    assert triples(ctx.events) == {("Velmora", ctx.events[0].cameo, "Kastrel")}
    assert ctx.events[0].cameo_root == "03"


def test_noun_under_a_frame_verb_is_not_asserted(run):
    ctx = run("Velmora threatened to stop the negotiations with Kastrel.", LANDS)
    assert roots(ctx.events) == ["13"]


def test_noun_with_its_own_doer_outside_a_frame_stays(run):
    ctx = run("Velmora condemned Ostria's invasion of Kastrel.", LANDS)
    assert ("Ostria", "Kastrel") in {(s, t) for s, code, t in triples(ctx.events) if code.startswith("19")}


def test_doerless_noun_before_the_verb_is_left_alone(run):
    ctx = run("The assassination of the Kastrelian envoy was condemned by Velmora.", LANDS)
    assert any(e.cameo_root == "11" for e in ctx.events)


def test_an_act_deeper_in_a_refusal_is_not_asserted(run):
    ctx = run("Velmora refused to allow Kastrelian planes to land and evacuate the wounded.", LANDS)
    assert roots(ctx.events) == ["12"]


def test_a_finite_act_beside_a_refusal_is_asserted(run):
    ctx = run("Velmora refused to meet Kastrel and attacked Ostria.", LANDS)
    assert ("Velmora", "190", "Ostria") in triples(ctx.events)
    assert "12" in roots(ctx.events)


def test_a_vow_to_fight_is_a_threat(run):
    ctx = run("Velmoran rebels have sworn to fight until they gain control of the Kastrel valley.", LANDS)
    assert [(e.cameo, e.modality) for e in ctx.events if e.cameo_root in ("13", "19")] == [("138", "threat")]


def test_an_act_beside_the_refused_act_is_refused_too(run):
    ctx = run("Velmora refused to meet Kastrel and to negotiate with Ostria.", LANDS)
    assert {(t, e.modality) for e in ctx.events for t in [e.target and e.target.name]} == \
        {("Kastrel", "refused"), ("Ostria", "refused")}
    assert roots(ctx.events) == ["12", "12"]


def test_a_participle_that_names_nobody_only_tells_how(run):
    ctx = run("Velmoran prisoners rioted at the jail, setting fire to mattresses and smashing furniture.", LANDS)
    assert roots(ctx.events) == ["14"]


def test_a_participle_that_names_its_target_stays_an_act(run):
    ctx = run("Velmoran police stormed the camp, detaining forty Kastrelian traders.", LANDS)
    assert any(e.target and e.target.name == "Kastrel" and e.cameo_root == "17" for e in ctx.events)


def test_a_purpose_of_another_kind_is_not_an_act(run):
    ctx = run("Velmora signed a pact with Ostria to increase trade.", LANDS)
    assert triples(ctx.events) == {("Velmora", "057", "Ostria")}


def test_a_purpose_under_a_verb_without_an_event_stays(run):
    ctx = run("Velmora sent its envoy to Kastrel on Monday to negotiate a truce.", LANDS)
    assert any(e.cameo_root == "04" for e in ctx.events)


def test_at_the_hands_of_names_the_doer_of_a_noun_event(run):
    ctx = run("The killing of the Kastrelian envoy at the hands of Velmoran agents shocked Ostria.", LANDS)
    assert any(e.cameo_root in ("18", "19", "20") and e.source and e.source.name == "Velmora"
               and e.target and e.target.name == "Kastrel" for e in ctx.events)


def test_led_names_the_doer_and_the_possessor_is_acted_on(run):
    ctx = run("Kastrel's Velmoran-led invasion in 1999 ended the old regime.", LANDS)
    assert any(e.source and e.source.name == "Velmora" and e.target and e.target.name == "Kastrel"
               for e in ctx.events)


def test_an_event_with_no_date_of_its_own_takes_the_nearest_one(nlp):
    """Outside the event's own phrase the nearest date wins, not the sentence's first."""
    from parley.events.coder import Match, event_date

    from .conftest import make_context

    text = "Talks ran from the hostage crisis in 1979 to the war in Dunmark and the invasion, in 2003."
    ctx = make_context(nlp, text, {"Dunmark": ["Dunmark"]},
                       times=[("1979", "1979", "year"), ("2003", "2003", "year")])
    invasion = next(t for t in ctx.doc if t.text == "invasion")
    match = Match(token=invasion, pattern=None, code="192", rule="test", scope=invasion)
    assert event_date(ctx, match, invasion.sent).value == "2003"


def test_the_two_sides_of_a_mutual_noun_are_each_others_targets(run):
    ctx = run("The Velmora-Kastrel war ruined both economies.", LANDS)
    pairs = {(e.source.name, e.target.name) for e in ctx.events if e.source and e.target}
    assert pairs == {("Velmora", "Kastrel"), ("Kastrel", "Velmora")}
