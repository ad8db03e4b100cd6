"""One event per real event, and every member of a coordination: coordinated modifiers, light
verbs, nouns a verbal event is about, the means of a passive, comments on a planned act,
denials, and pronouns that stand for the speaker who reports them (issue #5)."""

from __future__ import annotations

from parley.document import Event

LANDS = {"Velmora": ["Velmora", "Velmoran"], "Kastrel": ["Kastrel", "Kastrelian"],
         "Ostria": ["Ostria", "Ostrian"], "Dunmark": ["Dunmark"]}


def triples(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source and e.source.name, e.cameo, e.target and e.target.name) for e in events}


def test_coordinated_modifiers_give_one_event_each(run):
    ctx = run("The Velmoran and Kastrelian governments organised a coup against Dunmark.", LANDS)
    assert triples(ctx.events) == {("Velmora", "170", "Dunmark"), ("Kastrel", "170", "Dunmark")}


def test_coordinated_modifiers_of_a_passive_agent(run):
    ctx = run("Dunmark was invaded by the Velmoran and Ostrian armies.", LANDS)
    found = {(s, t) for s, _, t in triples(ctx.events)}
    assert found == {("Velmora", "Dunmark"), ("Ostria", "Dunmark")}


def test_a_single_modifier_still_names_one_actor(run):
    ctx = run("The Velmoran foreign minister visited Kastrel.", LANDS)
    assert triples(ctx.events) == {("Velmora", "042", "Kastrel")}


def test_light_verb_yields_to_its_event_noun(run):
    ctx = run("Velmora staged an invasion of Kastrel.", LANDS)
    assert {e.rule.split("/")[0] for e in ctx.events} == {"noun:invasion"}
    assert {(s, t) for s, _, t in triples(ctx.events)} == {("Velmora", "Kastrel")}


def test_noun_that_a_verbal_event_is_about_is_not_the_speakers_act(run):
    ctx = run("Ostria condemned the invasion of Kastrel.", LANDS)
    assert all(e.cameo_root == "11" for e in ctx.events), [(e.cameo, e.rule) for e in ctx.events]
    assert all(e.source.name == "Ostria" for e in ctx.events)


def test_blaming_someone_for_an_attack(run):
    ctx = run("Kastrel blamed Velmora for the bombing of the port.", LANDS)
    assert triples(ctx.events) == {("Kastrel", "112", "Velmora")}


def test_the_means_of_a_passive_is_the_same_event(run):
    ctx = run("The president of Dunmark was removed in a coup backed by Velmora.", LANDS)
    assert len(ctx.events) == 1 and ctx.events[0].source.name == "Velmora"


def test_a_noun_with_its_own_doer_stays_an_event(run):
    ctx = run("Ostria condemned Velmora's invasion of Kastrel.", LANDS)
    found = triples(ctx.events)
    assert any(s == "Velmora" and t == "Kastrel" and c.startswith("19") for s, c, t in found), found
    assert any(s == "Ostria" and c.startswith("11") for s, c, _ in found), found


def test_considering_an_act_is_a_comment_on_a_policy_option(run):
    ctx = run("Velmora is considering sending aid to Kastrel.", LANDS)
    assert triples(ctx.events) == {("Velmora", "014", "Kastrel")}


def test_rejecting_an_accusation_is_a_denial(run):
    ctx = run("Velmora rejected accusations that it had shelled Kastrel.", LANDS)
    assert ("Velmora", "016", None) in triples(ctx.events)
    assert not any(e.cameo_root == "12" for e in ctx.events)


def test_pronoun_in_a_reported_clause_is_the_speaker(run):
    ctx = run("Velmora said on Friday it had withdrawn its troops from Kastrel.", LANDS)
    retreat = [e for e in ctx.events if e.plover == "RETREAT"]
    assert len(retreat) == 1 and retreat[0].source.name == "Velmora" and retreat[0].target.name == "Kastrel"
    assert retreat[0].source.text == "Velmora"  # the speaker's own mention, in the same sentence


def test_pronoun_outside_a_reported_clause_is_not_the_speaker(run):
    ctx = run("It attacked Kastrel after Velmora spoke.", LANDS)
    assert not any(e.source and e.source.name == "Velmora" and e.cameo == "190" for e in ctx.events)


def test_place_of_a_coercive_act_is_its_target_when_no_one_else_is_named(run):
    ctx = run("The Velmoran government imposed a curfew in the town of Dorn in southern Kastrel.", LANDS,
              states={"Velmora", "Kastrel"})
    found = [e for e in ctx.events if e.cameo_root == "17"]
    assert [(e.source.name, e.target.name) for e in found] == [("Velmora", "Kastrel")]
    assert found[0].rule.endswith("+place")


def test_place_that_is_not_a_state_is_not_the_target_of_force(run):
    towns = {**LANDS, "Dorn": ["Dorn"]}
    ctx = run("Velmoran soldiers shelled positions in Dorn on Sunday.", towns, states={"Velmora"})
    found = [e for e in ctx.events if e.cameo_root == "19"]
    assert found and all(e.target is None for e in found)


def test_show_of_force_is_made_in_a_place_not_to_it(run):
    ctx = run("Velmora mobilized its reserves in Kastrel.", LANDS, states={"Velmora", "Kastrel"})
    assert all(e.target is None for e in ctx.events if e.cameo_root == "15")


def test_place_of_a_statement_is_never_its_target(run):
    ctx = run("Velmora said in Kastrel that the talks had ended.", LANDS)
    assert all(e.target is None or e.target.name != "Kastrel" for e in ctx.events if e.cameo_root == "01")


def test_purpose_clause_of_the_same_kind_is_one_event(run):
    ctx = run("Hundreds of Velmoran farmers began a hunger strike to protest against Kastrel.", LANDS)
    assert triples(ctx.events) == {("Velmora", "142", "Kastrel")}


def test_unnamed_protesters_are_the_people_of_the_place(run):
    ctx = run("Thousands of people blocked the streets in Kastrel on Monday.", LANDS)
    assert [(e.source.name, e.plover) for e in ctx.events] == [("Kastrel", "PROTEST")]


def test_unnamed_attackers_are_not_the_people_of_the_place(run):
    ctx = run("Gunmen killed three farmers in Kastrel.", LANDS)
    assert all(e.source is None for e in ctx.events)


def test_talks_one_travels_for_stay_an_event(run):
    ctx = run("The Velmoran envoy travelled to Dunmark for talks with Kastrel.", LANDS)
    assert ("Velmora", "040", "Kastrel") in triples(ctx.events)


def test_an_attack_a_verbal_event_is_about_takes_no_place_target(run):
    ctx = run("Ostria condemned an attack by Velmoran soldiers in southern Kastrel.", LANDS)
    assert not any(e.rule.endswith("+place") for e in ctx.events)


def test_a_planned_or_threatened_attack_is_not_an_attack(run):
    ctx = run("Velmora threatened an invasion of Kastrel.", LANDS)
    assert all(e.plover != "ASSAULT" or e.modality != "asserted" for e in ctx.events), \
        [(e.cameo, e.modality, e.rule) for e in ctx.events]
