"""Spurious and misdirected frame events (issue #5): the one asked in "demanded that X ..." is X."""

from __future__ import annotations

LANDS = {"Velmora": ["Velmora", "Velmoran"], "Kastrel": ["Kastrel", "Kastrelian"],
         "Ostria": ["Ostria", "Ostrian"]}


def dyads(ctx) -> set[tuple[str | None, str | None]]:
    return {(e.source and e.source.name, e.target and e.target.name) for e in ctx.events}


def test_a_demand_that_someone_acts_is_made_of_them(run):
    ctx = run("Velmora demanded that Kastrel renounce its armed struggle against Ostria.", LANDS)
    assert dyads(ctx) == {("Velmora", "Kastrel")}
    assert ctx.events[0].modality == "demand"


def test_the_clause_subject_comes_before_a_loose_target(run):
    ctx = run("Velmora demanded from Ostria that Kastrel free the prisoners.", LANDS)
    assert dyads(ctx) == {("Velmora", "Kastrel")}


def test_an_addressee_still_comes_first(run):
    ctx = run("Velmora urged Ostria to ensure that Kastrel withdraws its troops.", LANDS)
    assert ("Velmora", "Ostria") in dyads(ctx)


def test_a_demand_without_a_known_act_is_made_of_the_clause_subject(run):
    ctx = run("Velmora insisted to Ostria that Kastrel must answer for its remarks.", LANDS)
    assert dyads(ctx) == {("Velmora", "Kastrel")}


def test_a_demand_noun_with_a_that_clause_names_the_one_asked(run):
    ctx = run("Velmora insisted on its demands that Kastrel grant the minority more rights.", LANDS)
    assert dyads(ctx) == {("Velmora", "Kastrel")}
