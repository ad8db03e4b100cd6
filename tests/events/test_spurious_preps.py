"""Spurious events (issue #5) from prepositions: a date is not a pattern's particle, the object of
a preposition of cause or time is not what was done, and a phrase of manner ("in protest against X")
is neither a second act nor a place."""

from __future__ import annotations

from parley.document import Event

LANDS = {"Velmora": ["Velmora", "Velmoran"], "Kastrel": ["Kastrel", "Kastrelian"],
         "Ostria": ["Ostria", "Ostrian"]}


def rules(events: list[Event]) -> set[str]:
    return {e.rule or "" for e in events}


def test_a_date_after_the_verb_is_not_its_particle(run):
    ctx = run("Velmoran ministers agreed in principle on Saturday to provide a loan to Kastrel.", LANDS)
    assert not any("agree+on" in r for r in rules(ctx.events))
    assert any(e.target and e.target.name == "Kastrel" and e.cameo_root == "03" for e in ctx.events)


def test_a_real_particle_still_counts(run):
    ctx = run("Velmora and Kastrel agreed on a solution to the border question.", LANDS)
    assert any("agree+on" in r for r in rules(ctx.events))


def test_a_cause_is_not_the_object_of_the_act(run):
    ctx = run("Velmora closed its border with Kastrel because of the war.", LANDS)
    assert ctx.events
    assert not any("fighting" in r or "war" in r for r in rules(ctx.events))
    assert all(e.cameo_root != "08" for e in ctx.events)


def test_a_protest_phrase_of_the_same_kind_is_one_act(run):
    ctx = run("Velmoran activists staged a hunger strike in prison on Sunday in protest against the Kastrelian police.",
              LANDS)
    assert [(e.source.name, e.cameo_root, e.target and e.target.name) for e in ctx.events] == \
        [("Velmora", "14", "Kastrel")]


def test_a_protest_phrase_beside_a_march_gives_it_its_target(run):
    ctx = run("Velmoran students marched through the capital in protest over Kastrel's new law.", LANDS)
    assert len(ctx.events) == 1
    assert ctx.events[0].rule.startswith("verb:march") and ctx.events[0].target.name == "Kastrel"


def test_a_phrase_of_manner_is_not_a_place(run):
    ctx = run("Crowds blocked the main road in defiance of Kastrel.", {"Kastrel": ["Kastrel"]})
    assert not any(e.source and e.source.name == "Kastrel" for e in ctx.events)


def test_a_phrase_of_manner_names_whom_a_protest_is_against(run):
    ctx = run("Velmoran farmers blocked the roads in Dunmark in defiance of Kastrel.",
              {**LANDS, "Dunmark": ["Dunmark"]})
    assert {(e.source.name, e.target and e.target.name) for e in ctx.events} == {("Velmora", "Kastrel")}


def test_the_source_of_a_report_is_not_a_loose_target(run):
    ctx = run("Velmoran guards beat prisoners, according to a report by Kastrel.", LANDS)
    assert [(e.source.name, e.target) for e in ctx.events] == [("Velmora", None)]


def test_a_named_target_is_still_found_beside_a_report(run):
    ctx = run("Velmoran guards beat prisoners from Kastrel, according to a report.", LANDS)
    assert {(e.source.name, e.target and e.target.name) for e in ctx.events} == {("Velmora", "Kastrel")}


def test_easing_a_curfew_in_a_state_is_done_to_it(run):
    ctx = run("Velmora lifted the night curfew in Kastrel on Sunday.", LANDS, states=["Kastrel"])
    assert [(e.source.name, e.cameo, e.target and e.target.name) for e in ctx.events] == \
        [("Velmora", "0813", "Kastrel")]
    assert ctx.events[0].rule.endswith("+place")


def test_easing_a_curfew_in_a_town_names_no_target(run):
    ctx = run("Velmora lifted the night curfew in the border town on Sunday.", LANDS)
    assert [(e.source.name, e.target) for e in ctx.events] == [("Velmora", None)]


def test_an_act_that_only_dates_another_is_not_coded(run):
    ctx = run("Kastrel sheltered the officers since last month's Velmoran invasion.", LANDS)
    assert all(e.cameo_root != "19" for e in ctx.events)


def test_a_dating_act_that_names_whom_it_hit_stays(run):
    ctx = run("Kastrel sheltered the officers since the Velmoran invasion of Ostria.", LANDS)
    assert any(e.cameo_root == "19" and e.target and e.target.name == "Ostria" for e in ctx.events)


def test_a_war_between_two_sides_in_a_time_phrase_stays(run):
    ctx = run("Trade fell sharply during the Velmora and Kastrel war in the 1980s.", LANDS)
    assert {(e.source.name, e.target.name) for e in ctx.events if e.cameo_root == "19"} == \
        {("Velmora", "Kastrel"), ("Kastrel", "Velmora")}
