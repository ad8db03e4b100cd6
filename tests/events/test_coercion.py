"""Seizures of premises and hostage taking, passive doers found in the means, self-dyads, rejections
of offers. Invented sentences and actors (Velmora, Kastrel), actors given by hand."""

from __future__ import annotations

from parley.document import Actor, Mention

from .conftest import make_context
from .test_coder import triples

LANDS = {"Velmora": ["Velmora", "Velmoran"], "Kastrel": ["Kastrel"]}


def test_storming_an_embassy_and_taking_hostages(run):
    ctx = run("Radical students from Velmora stormed the Kastrel embassy in 1979 and took forty Kastrel "
              "diplomats hostage.", LANDS)
    found = triples(ctx.events)
    assert {("Velmora", "171", "Kastrel"), ("Velmora", "181", "Kastrel")} <= found
    assert {e.date.value for e in ctx.events if e.cameo in ("171", "181")} == {"1979"}


def test_hostage_noun_carried_by_hold_finds_doer_and_victim(run):
    ctx = run("Velmoran gunmen kept six Kastrel engineers hostage.", LANDS)
    assert ("Velmora", "181", "Kastrel") in triples(ctx.events)


def test_seizure_nouns_keep_their_historical_year(run):
    ctx = run("The seizure of the Kastrel embassy in 1979 soured relations for decades.", LANDS)
    event = next(e for e in ctx.events if e.cameo == "171")
    assert (event.target.name, event.date.value, event.date.basis) == ("Kastrel", "1979", "explicit")
    ctx = run("The 1980 seizures at the Kastrel consulate still shape the debate.", LANDS)
    event = next(e for e in ctx.events if e.cameo == "171")
    assert (event.target.name, event.date.value) == ("Kastrel", "1980")


def test_hostage_crisis_is_an_abduction(run):
    ctx = run("The Velmora hostage crisis of 1981 still haunts Kastrel.", LANDS)
    assert ("Velmora", "181", None) in triples(ctx.events)


def test_passive_without_agent_takes_the_doer_of_its_means(run):
    ctx = run("The prime minister of Velmora was ousted in a coup organized and financed by Kastrel.", LANDS)
    assert triples(ctx.events) == {("Kastrel", "174", "Velmora")}  # the coup is the ousting: one event


def test_state_passive_subject_is_the_doer(run):
    ctx = run("Velmora is engaged in talks with Kastrel.", LANDS)
    assert triples(ctx.events) == {("Velmora", "040", "Kastrel")}


def test_refusing_an_offer_is_rejecting_talks(run):
    ctx = run("Velmora refused the offer from Kastrel.", LANDS)
    event = next(e for e in ctx.events if e.cameo.startswith("12"))
    assert (event.source.name, event.cameo, event.target.name, event.modality) == \
        ("Velmora", "125", "Kastrel", "refused")


def test_no_self_dyad_even_for_two_actors_of_one_name(nlp, coder):
    text = "Velmora condemned Orvan for its raid."
    ctx = make_context(nlp, text, {"Velmora": ["Velmora"]})
    ctx.actors.append(Actor(id="velmora-capital", name="Velmora", code="VEL",
                            mentions=[Mention(text="Orvan", start=text.find("Orvan"), end=text.find("Orvan") + 5)]))
    coder(ctx)
    assert ctx.events
    assert all(not (e.source and e.target and e.source.name == e.target.name) for e in ctx.events)
